/** "No responses yet", "1 response", "12 responses". */
export function ResponseCount({ count }: { count: number }) {
  return <>{count === 0 ? 'No responses yet' : `${count} response${count === 1 ? '' : 's'}`}</>;
}
