import { config } from '@/lib/config';
import { buildSettings, readStamp } from './build-if-needed';
import { runServer } from './run-server';

/**
 * `npm run serve`: one instance of a build made by `npm run build`. It never builds (N instances building at once
 * would overwrite each other's .next), and refuses a build made with another server actions key or deployment id
 * than its own environment's: forms rendered by one instance must work when posted to another.
 */

/** Why this process must not serve the build in .next, or null if it may. */
function refusalToServe(): string | null {
  const stamp = readStamp();
  if (!stamp) return 'There is no build to serve: run `npm run build` first (with the same environment as the instances).';
  const here = buildSettings();
  if (stamp.keyFingerprint !== here.keyFingerprint) {
    const which = !stamp.keyFingerprint
      ? 'without NEXT_SERVER_ACTIONS_ENCRYPTION_KEY, but one is set here'
      : !here.keyFingerprint
        ? 'with a NEXT_SERVER_ACTIONS_ENCRYPTION_KEY, but none is set here'
        : 'with another NEXT_SERVER_ACTIONS_ENCRYPTION_KEY than the one set here';
    return `The build was made ${which}: build again with the environment every instance uses.`;
  }
  if (stamp.deploymentId !== here.deploymentId)
    return `The build has deployment id ${stamp.deploymentId ?? '(none)'}, but NEXT_DEPLOYMENT_ID here is ${here.deploymentId ?? '(unset)'}: build again, or start with the build's.`;
  return null;
}

try {
  const { PORT } = config();
  const refusal = refusalToServe();
  if (refusal) {
    console.error(`Briefings could not start.\n${refusal}`);
    process.exit(1);
  }
  runServer(PORT);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
