'use client';

import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/guard-state';
import { requestSignIn } from '@/lib/auth/actions';
import { FormFeedback } from './FormFeedback';
import { SubmitButton } from './SubmitButton';
import { TextField } from './TextField';

export function SignInForm({ callbackUrl, email = '' }: { callbackUrl: string; email?: string }) {
  const [state, action] = useActionState(requestSignIn, IDLE);
  return (
    <form action={action} className="stacked-form" noValidate>
      <FormFeedback state={state} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField
        id="signin-email"
        name="email"
        label="Your email address"
        type="email"
        autoComplete="email"
        inputMode="email"
        state={state}
        defaultValue={email}
        required
      />
      <SubmitButton label="Email me a sign-in link" pendingLabel="Sending…" />
    </form>
  );
}
