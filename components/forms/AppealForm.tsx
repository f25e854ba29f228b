'use client';

import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/guard-state';
import { appealRejection } from '@/lib/moderation/reader-actions';
import { FormFeedback } from './FormFeedback';
import { SubmitButton } from './SubmitButton';
import { TextField } from './TextField';

/** Asking the moderators to look again at a rejected response: once, with a note. */
export function AppealForm({ responseId }: { responseId: number }) {
  const [state, action] = useActionState(appealRejection, IDLE);
  return (
    <form action={action} className="stacked-form" noValidate>
      <FormFeedback state={state} />
      <input type="hidden" name="responseId" value={responseId} />
      <TextField
        multiline
        rows={5}
        id="appeal-note"
        name="note"
        label="Why should it be published?"
        help="Up to 1,000 characters. A moderator will look at your response again; you can appeal once."
        state={state}
        maxLength={1000}
        required
      />
      <SubmitButton label="Send appeal" pendingLabel="Sending…" />
    </form>
  );
}
