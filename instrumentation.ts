/**
 * Runs once when a server process starts (never during `next build`): open the database, migrate, seed an empty
 * one from content/, and listen for other processes' changes. A failure here stops the server with the reason.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startServer } = await import('./lib/server/start');
  await startServer();
}
