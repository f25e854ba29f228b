'use client';

import { useFormStatus } from 'react-dom';

/** A submit button that says what it is doing while the form is being sent. */
export function SubmitButton({
  id,
  label,
  pendingLabel,
  className,
  describedBy,
  hiddenSuffix,
}: {
  /** For a button that focus returns to after its form's page comes back (the issue editor's move buttons). */
  id?: string;
  label: string;
  pendingLabel: string;
  className?: string;
  /** The id of text that says what pressing it means (the words a subscriber agrees to). */
  describedBy?: string;
  /** Read out after the label, not shown: which of several alike buttons this is ("Unfollow" … "the article's title"). */
  hiddenSuffix?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button id={id} type="submit" className={className} disabled={pending} aria-disabled={pending} aria-describedby={describedBy}>
      {pending ? pendingLabel : label}
      {hiddenSuffix && <span className="visually-hidden"> {hiddenSuffix}</span>}
    </button>
  );
}
