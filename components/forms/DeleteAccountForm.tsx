'use client';

import { useActionState } from 'react';
import { deleteAccount } from '@/lib/accounts/actions';
import { IDLE } from '@/lib/actions/guard-state';
import { FormFeedback } from './FormFeedback';
import { SubmitButton } from './SubmitButton';
import { TextField } from './TextField';

export function DeleteAccountForm() {
  const [state, action] = useActionState(deleteAccount, IDLE);
  return (
    <form action={action} className="stacked-form" noValidate>
      <FormFeedback state={state} />
      {/* Only the error, not the state: what was typed to confirm is not put back. */}
      <TextField
        id="delete-confirm"
        name="confirm"
        label="Type “delete” to confirm"
        autoComplete="off"
        error={state.fieldErrors?.confirm}
      />
      <SubmitButton label="Delete my account" pendingLabel="Deleting…" className="button-danger" />
    </form>
  );
}
