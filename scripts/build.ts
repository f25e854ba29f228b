import { parseBuildConfig } from '@/lib/config';
import { build } from './build-if-needed';

/**
 * `npm run build`: always builds, once, for every instance that will serve it (`npm run serve`). The build is
 * stamped (.next/briefings-build.json) with its source hash, a fingerprint of NEXT_SERVER_ACTIONS_ENCRYPTION_KEY
 * and NEXT_DEPLOYMENT_ID, so an instance started with other settings refuses to serve it rather than answering
 * "Failed to find Server Action" to forms another instance rendered.
 */

try {
  parseBuildConfig(process.env);
  const stamp = build();
  console.log(
    `Built: deployment id ${stamp.deploymentId ?? '(none)'}, ${stamp.keyFingerprint ? 'the server actions key from the environment' : 'a server actions key of its own (one machine only)'}.`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
