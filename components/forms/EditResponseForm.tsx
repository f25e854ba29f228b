'use client';

import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/guard-state';
import { editResponse } from '@/lib/responses/actions';
import { BODY_MAX } from '@/lib/responses/rules';
import { FormFeedback } from './FormFeedback';
import { SubmitButton } from './SubmitButton';
import { TextField } from './TextField';
import { useLengthCheck } from './useLengthCheck';

export function EditResponseForm({ responseId, body }: { responseId: number; body: string }) {
  const [state, action] = useActionState(editResponse, IDLE);
  const { tooLong, onSubmit } = useLengthCheck();
  return (
    <form action={action} onSubmit={onSubmit} className="stacked-form" noValidate>
      <FormFeedback state={state} />
      <input type="hidden" name="responseId" value={responseId} />
      <TextField
        multiline
        rows={8}
        id="edit-body"
        name="body"
        label="Your response"
        help={`Up to ${BODY_MAX.toLocaleString('en-GB')} characters. It will be marked “edited”.`}
        state={state}
        error={tooLong}
        defaultValue={body}
        required
      />
      <SubmitButton label="Save changes" pendingLabel="Saving…" />
    </form>
  );
}
