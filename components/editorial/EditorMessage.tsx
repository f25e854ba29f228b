/** What the article editor's last action did, from the address it redirected to: fixed messages, never the address's text. */
const DONE: Record<string, string> = {
  saved: 'Saved: a new revision is kept.',
  unchanged: 'Nothing had changed, so nothing was saved.',
  discarded: 'Your unsaved changes are discarded: this is the article as saved.',
  restored: 'Restored as a new revision: restoring the one before undoes it.',
};

export function EditorMessage({ done }: { done: string | undefined }) {
  const message = done ? DONE[done] : undefined;
  if (!message) return null;
  return (
    <p className="form-done" role="status">
      {message}
    </p>
  );
}
