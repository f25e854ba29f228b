'use client';

import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/guard-state';
import { requestSignIn } from '@/lib/auth/actions';
import { FieldError, FormFeedback } from './FormFeedback';
import { SubmitButton } from './SubmitButton';

export function SignInForm({ callbackUrl, email = '' }: { callbackUrl: string; email?: string }) {
  const [state, action] = useActionState(requestSignIn, IDLE);
  const error = state.fieldErrors?.email;
  return (
    <form action={action} className="stacked-form" noValidate>
      <FormFeedback state={state} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div className="field">
        <label htmlFor="signin-email">Your email address</label>
        <input
          id="signin-email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          defaultValue={state.values?.email ?? email}
          key={state.values?.email ?? email}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'signin-email-error' : undefined}
          required
        />
        <FieldError id="signin-email-error" message={error} />
      </div>
      <SubmitButton label="Email me a sign-in link" pendingLabel="Sending…" />
    </form>
  );
}
