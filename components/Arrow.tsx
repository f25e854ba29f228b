/** The arrow beside "previous" and "next" links: a visual cue only, so screen readers skip it. */
export function Arrow({ to }: { to: 'back' | 'on' }) {
  return <span aria-hidden="true">{to === 'back' ? '← ' : ' →'}</span>;
}
