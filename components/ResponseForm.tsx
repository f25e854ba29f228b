'use client';

import { useActionState, useId, useState } from 'react';
import { useFormStatus } from 'react-dom';
import { IDLE } from '@/lib/actions/guard-state';
import { postResponse } from '@/lib/responses/actions';
import { BODY_MAX } from '@/lib/responses/rules';
import { TextField } from './forms/TextField';
import { useLengthCheck } from './forms/useLengthCheck';

/**
 * The response form. A plain form posting to a server action, so it works without JavaScript; with it, the form
 * shows that it is posting and puts errors beside the field without reloading. After an error, what was typed is
 * put back.
 */
export function ResponseForm({
  articleId,
  replyTo,
  premoderated,
  initialBody = '',
  askName = false,
  draft = false,
}: {
  articleId: number;
  replyTo?: { id: number; name: string };
  premoderated: boolean;
  initialBody?: string;
  askName?: boolean;
  draft?: boolean;
}) {
  const [state, action] = useActionState(postResponse, IDLE);
  const { tooLong, onSubmit } = useLengthCheck();
  const id = useId();
  const body = state.values?.body ?? initialBody;
  const [length, setLength] = useState([...body].length);
  const bodyError = tooLong ?? state.fieldErrors?.body;
  const nameError = state.fieldErrors?.displayName;
  return (
    <form action={action} onSubmit={onSubmit} className="response-form" noValidate>
      <input type="hidden" name="articleId" value={articleId} />
      {replyTo && <input type="hidden" name="replyToId" value={replyTo.id} />}
      {draft && <input type="hidden" name="draftId" value="current" />}
      {state.status === 'error' && state.message && !bodyError && !nameError && (
        <p className="form-error" role="alert">
          {state.message}
        </p>
      )}
      {askName && (
        <TextField
          id={`${id}-name`}
          name="displayName"
          label="Your name, as it will appear beside your responses"
          autoComplete="name"
          maxLength={120}
          state={state}
          defaultValue=""
          announceError
          required
        />
      )}
      <TextField
        multiline
        rows={8}
        id={`${id}-body`}
        name="body"
        label={replyTo ? `Your reply to ${replyTo.name}` : 'Your response'}
        help={
          <>
            Up to {BODY_MAX.toLocaleString('en-GB')} characters. You can use *emphasis*, **strong**, [a link](https://…), &gt; quotes and -
            lists.{premoderated && ' Responses to this article are read by a moderator before they appear.'}
          </>
        }
        state={state}
        error={tooLong}
        defaultValue={initialBody}
        onChange={(event) => setLength([...event.target.value].length)}
        describedBy={`${id}-count`}
        announceError
        required
      >
        <p className="field-count" id={`${id}-count`}>
          <span className={length > BODY_MAX ? 'field-count--over' : undefined}>
            {length.toLocaleString('en-GB')} / {BODY_MAX.toLocaleString('en-GB')}
          </span>
        </p>
      </TextField>
      <SubmitButton label={replyTo ? 'Post reply' : 'Post response'} />
    </form>
  );
}

function SubmitButton({ label }: { label: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" aria-disabled={pending} disabled={pending}>
      {pending ? 'Posting…' : label}
    </button>
  );
}
