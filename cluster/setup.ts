import fs from 'node:fs';
import { startCluster } from './start';

/**
 * Playwright's global setup for `npm run test:cluster`: starts the cluster (cluster/start.ts) and writes its
 * description where CLUSTER_STATE (set by playwright.cluster.config.ts) says, for the tests. Returns the teardown.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const { cluster, stop } = await startCluster('Cluster test');
  fs.writeFileSync(process.env.CLUSTER_STATE!, JSON.stringify(cluster, null, 2));
  return async () => {
    await stop();
    fs.rmSync(process.env.CLUSTER_STATE!, { force: true });
  };
}
