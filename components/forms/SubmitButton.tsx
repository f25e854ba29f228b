'use client';

import { useFormStatus } from 'react-dom';

/** A submit button that says what it is doing while the form is being sent. */
export function SubmitButton({
  label,
  pendingLabel,
  className,
  describedBy,
}: {
  label: string;
  pendingLabel: string;
  className?: string;
  /** The id of text that says what pressing it means (the words a subscriber agrees to). */
  describedBy?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending} aria-disabled={pending} aria-describedby={describedBy}>
      {pending ? pendingLabel : label}
    </button>
  );
}
