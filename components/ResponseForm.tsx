'use client';

import { useActionState, useId, useState } from 'react';
import { useFormStatus } from 'react-dom';
import { IDLE } from '@/lib/actions/guard-state';
import { postResponse } from '@/lib/responses/actions';
import { BODY_MAX } from '@/lib/responses/rules';
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
        <div className="field">
          <label htmlFor={`${id}-name`}>Your name, as it will appear beside your responses</label>
          <input
            id={`${id}-name`}
            name="displayName"
            autoComplete="name"
            maxLength={120}
            defaultValue={state.values?.displayName ?? ''}
            key={`name-${state.values?.displayName ?? ''}`}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? `${id}-name-error` : undefined}
            required
          />
          {nameError && (
            <p className="field-error" id={`${id}-name-error`} role="alert">
              {nameError}
            </p>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-body`}>{replyTo ? `Your reply to ${replyTo.name}` : 'Your response'}</label>
        <p className="field-help" id={`${id}-help`}>
          Up to {BODY_MAX.toLocaleString('en-GB')} characters. You can use *emphasis*, **strong**, [a link](https://…), &gt; quotes and -
          lists.{premoderated && ' Responses to this article are read by a moderator before they appear.'}
        </p>
        <textarea
          id={`${id}-body`}
          name="body"
          rows={8}
          defaultValue={body}
          key={`body-${state.values?.body ?? initialBody}`}
          onChange={(event) => setLength([...event.target.value].length)}
          aria-invalid={bodyError ? true : undefined}
          aria-describedby={`${id}-help${bodyError ? ` ${id}-body-error` : ''} ${id}-count`}
          required
        />
        <p className="field-count" id={`${id}-count`}>
          <span className={length > BODY_MAX ? 'field-count--over' : undefined}>
            {length.toLocaleString('en-GB')} / {BODY_MAX.toLocaleString('en-GB')}
          </span>
        </p>
        {bodyError && (
          <p className="field-error" id={`${id}-body-error`} role="alert">
            {bodyError}
          </p>
        )}
      </div>
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
