'use client';

import { useActionState } from 'react';
import { IDLE, type FormState } from '@/lib/actions/guard-state';
import { FormFeedback } from './FormFeedback';
import { SubmitButton } from './SubmitButton';

/** A one-button form for a guarded action (sign out, delete…), with the action's message beside it. */
export function ActionButton({
  action,
  label,
  pendingLabel,
  fields = {},
  className,
  hiddenSuffix,
}: {
  action: (previous: FormState | undefined, formData: FormData) => Promise<FormState>;
  label: string;
  pendingLabel: string;
  fields?: Record<string, string | number>;
  className?: string;
  hiddenSuffix?: string;
}) {
  const [state, formAction] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="inline-form">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton label={label} pendingLabel={pendingLabel} className={className} hiddenSuffix={hiddenSuffix} />
      <FormFeedback state={state} hideWhenFieldErrors={false} />
    </form>
  );
}
