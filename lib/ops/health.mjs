// Whether this process should be sent requests (/readyz), kept on globalThis where server.mjs and the TypeScript
// app both reach it: the app registers its check once started (lib/server/readiness.ts), server.mjs marks the
// process stopping on SIGTERM. /healthz asks nothing of either: it says the process answers at all.
// /readyz is public, so its reasons are short fixed words; the detail of a failure goes to the log only.
import { log } from './log.mjs';

const SHARED = Symbol.for('briefings.health');
/** How long the check may take before the answer is "not ready": a load balancer's probe waits little longer. */
const CHECK_TIMEOUT_MS = 3_000;

/**
 * @typedef {() => Promise<string | null>} ReadinessCheck The reason this process is not ready, or null if it is.
 * @typedef {{ stopping: boolean, check?: ReadinessCheck }} Health
 */

/** @returns {Health} */
function health() {
  const shared = /** @type {{ [key: symbol]: Health | undefined }} */ (globalThis);
  shared[SHARED] ??= { stopping: false };
  return shared[SHARED];
}

/**
 * Called by the app once it has started: how to tell whether it can serve.
 * @param {ReadinessCheck} check
 */
export function setReadinessCheck(check) {
  health().check = check;
}

/** Called by server.mjs on SIGTERM or SIGINT: from now on, /readyz says no, so that a load balancer moves away. */
export function markStopping() {
  health().stopping = true;
}

/**
 * Why this process is not ready to serve, or null when it is.
 * @returns {Promise<string | null>}
 */
export async function notReadyReason() {
  const { stopping, check } = health();
  if (stopping) return 'stopping';
  if (!check) return 'starting';
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(`the checks took longer than ${CHECK_TIMEOUT_MS / 1000} s`), CHECK_TIMEOUT_MS);
  });
  try {
    return /** @type {string | null} */ (
      await Promise.race([
        check().catch((error) => {
          log().warn({ err: error }, 'readiness check failed');
          return 'the checks failed';
        }),
        timeout,
      ])
    );
  } finally {
    clearTimeout(timer);
  }
}
