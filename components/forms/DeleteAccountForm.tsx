'use client';

import { useActionState } from 'react';
import { deleteAccount } from '@/lib/accounts/actions';
import { IDLE } from '@/lib/actions/guard-state';
import { FieldError, FormFeedback } from './FormFeedback';
import { SubmitButton } from './SubmitButton';

export function DeleteAccountForm() {
  const [state, action] = useActionState(deleteAccount, IDLE);
  const error = state.fieldErrors?.confirm;
  return (
    <form action={action} className="stacked-form" noValidate>
      <FormFeedback state={state} />
      <div className="field">
        <label htmlFor="delete-confirm">Type “delete” to confirm</label>
        <input
          id="delete-confirm"
          name="confirm"
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'delete-confirm-error' : undefined}
        />
        <FieldError id="delete-confirm-error" message={error} />
      </div>
      <SubmitButton label="Delete my account" pendingLabel="Deleting…" className="button-danger" />
    </form>
  );
}
