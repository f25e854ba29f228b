/** Times as readers see them, fixed to the site's zone (UK) so that the server and every reader agree. */
const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** "15 September 2010, 14:05 BST" */
export function formatDateTime(date: Date): string {
  return dateTime.format(date).replace(' at ', ', ');
}
