/**
 * The servers the browser tests run against: the production build (`next start`) on a fresh, empty data store
 * each run, so the first start's migrate-and-seed path is what is tested. One on PGlite always; one on
 * PostgreSQL too when TEST_DATABASE_URL names a server (as in CI).
 */
// E2E_PORT_BASE moves both ports (and the PostgreSQL database's name), so that two checkouts can run their browser
// tests at once on one machine.
const portBase = Number(process.env.E2E_PORT_BASE ?? 3100);

export const servers = {
  pglite: { port: portBase },
  postgres: { port: portBase + 1 },
} as const;

export type ServerName = keyof typeof servers;

/** The Bearer token the test servers ask for on /metrics (e2e/operations.spec.ts). */
export const E2E_METRICS_TOKEN = 'e2e-metrics-token-0123456789abcdef';

export const E2E_DATABASE = `briefings_test_e2e${portBase === 3100 ? '' : `_${portBase}`}`;

/** The database the PostgreSQL server uses: recreated on the TEST_DATABASE_URL server at each run. */
export function e2eDatabaseUrl(): string | undefined {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) return undefined;
  const url = new URL(server);
  url.pathname = `/${E2E_DATABASE}`;
  return url.toString();
}

/**
 * Each server's data folder (the PGlite database, the auth secret, and the mail it "sends" as .eml files), inside
 * the run's folder that playwright.config.ts chooses.
 */
export function dataDirOf(name: ServerName): string {
  const root = process.env.E2E_DATA_DIR;
  if (!root) throw new Error('E2E_DATA_DIR is set by playwright.config.ts.');
  return `${root}/${name}`;
}

export function baseUrl(name: ServerName): string {
  return `http://localhost:${servers[name].port}`;
}
