'use client';

import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/guard-state';
import { appealRejection } from '@/lib/moderation/reader-actions';
import { FieldError, FormFeedback } from './FormFeedback';
import { SubmitButton } from './SubmitButton';

/** Asking the moderators to look again at a rejected response: once, with a note. */
export function AppealForm({ responseId }: { responseId: number }) {
  const [state, action] = useActionState(appealRejection, IDLE);
  const error = state.fieldErrors?.note;
  return (
    <form action={action} className="stacked-form" noValidate>
      <FormFeedback state={state} />
      <input type="hidden" name="responseId" value={responseId} />
      <div className="field">
        <label htmlFor="appeal-note">Why should it be published?</label>
        <p className="field-help" id="appeal-note-help">
          Up to 1,000 characters. A moderator will look at your response again; you can appeal once.
        </p>
        <textarea
          id="appeal-note"
          name="note"
          rows={5}
          maxLength={1000}
          defaultValue={state.values?.note}
          key={state.values?.note}
          aria-invalid={error ? true : undefined}
          aria-describedby={`appeal-note-help${error ? ' appeal-note-error' : ''}`}
          required
        />
        <FieldError id="appeal-note-error" message={error} />
      </div>
      <SubmitButton label="Send appeal" pendingLabel="Sending…" />
    </form>
  );
}
