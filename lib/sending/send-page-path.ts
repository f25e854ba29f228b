/** The addresses of an issue's send page and of what it reads (the progress as JSON, the failures as CSV). */
export function sendPagePath(date: string): string {
  return `/admin/issues/${date}/send`;
}

export const sendPaths = {
  page: sendPagePath,
  progress: (date: string) => `${sendPagePath(date)}/progress`,
  failuresCsv: (date: string) => `${sendPagePath(date)}/failures.csv`,
};
