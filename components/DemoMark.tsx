/** Marks generated load-test data (npm run db:demo) so nobody mistakes it for a real issue. */
export function DemoMark({ isDemo }: { isDemo: boolean }) {
  return isDemo ? <span className="demo-mark">Demo data</span> : null;
}
