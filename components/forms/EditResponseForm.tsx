'use client';

import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/guard-state';
import { editResponse } from '@/lib/responses/actions';
import { BODY_MAX } from '@/lib/responses/rules';
import { FieldError, FormFeedback } from './FormFeedback';
import { SubmitButton } from './SubmitButton';
import { useLengthCheck } from './useLengthCheck';

export function EditResponseForm({ responseId, body }: { responseId: number; body: string }) {
  const [state, action] = useActionState(editResponse, IDLE);
  const { tooLong, onSubmit } = useLengthCheck();
  const error = tooLong ?? state.fieldErrors?.body;
  const value = state.values?.body ?? body;
  return (
    <form action={action} onSubmit={onSubmit} className="stacked-form" noValidate>
      <FormFeedback state={state} />
      <input type="hidden" name="responseId" value={responseId} />
      <div className="field">
        <label htmlFor="edit-body">Your response</label>
        <p className="field-help" id="edit-body-help">
          Up to {BODY_MAX.toLocaleString('en-GB')} characters. It will be marked “edited”.
        </p>
        <textarea
          id="edit-body"
          name="body"
          rows={8}
          defaultValue={value}
          key={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={`edit-body-help${error ? ' edit-body-error' : ''}`}
          required
        />
        <FieldError id="edit-body-error" message={error} />
      </div>
      <SubmitButton label="Save changes" pendingLabel="Saving…" />
    </form>
  );
}
