'use client';

import { useActionState, type ReactNode } from 'react';
import { FormFeedback } from '@/components/forms/FormFeedback';
import { IDLE, type FormState } from '@/lib/actions/guard-state';

/**
 * A form for a staff action, its fields given by the (server-rendered) children. Works without JavaScript; with
 * it, the action's refusal appears beside the form without a page load. On success the action redirects.
 */
export function StaffForm({
  action,
  fields,
  children,
  className = 'inline-form',
  id,
  label,
}: {
  action: (previous: FormState | undefined, formData: FormData) => Promise<FormState>;
  fields: Record<string, string | number | null | undefined>;
  children: ReactNode;
  className?: string;
  id?: string;
  label?: string;
}) {
  const [state, formAction] = useActionState(action, IDLE);
  return (
    <form action={formAction} className={className} id={id} aria-label={label} noValidate>
      {Object.entries(fields).map(([name, value]) =>
        value === null || value === undefined ? null : <input key={name} type="hidden" name={name} value={value} />,
      )}
      {children}
      <FormFeedback state={state} hideWhenFieldErrors={false} />
    </form>
  );
}
