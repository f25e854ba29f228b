'use client';

import { useActionState } from 'react';
import { FormFeedback } from '@/components/forms/FormFeedback';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { TextField } from '@/components/forms/TextField';
import { IDLE, type FormState } from '@/lib/actions/guard-state';

/**
 * An author's name, bio and — once they exist — address: the authors page's "New author" form and each author's
 * own. Works without JavaScript; a refusal comes back beside its field with what was typed.
 */
export function AuthorForm({
  action,
  hidden = {},
  values = { name: '', bio: '' },
  slug,
  idPrefix,
  label,
  submit,
  pending,
}: {
  action: (previous: FormState | undefined, formData: FormData) => Promise<FormState>;
  hidden?: Record<string, string | number>;
  values?: { name: string; bio: string };
  /** The address field: its value, and why it may or may not change. Absent for a new author (made from the name). */
  slug?: { value: string; help: string };
  idPrefix: string;
  label: string;
  submit: string;
  pending: string;
}) {
  const [state, formAction] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="stacked-form" aria-label={label} noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <TextField id={`${idPrefix}-name`} name="name" label="Name" defaultValue={values.name} state={state} maxLength={120} required />
      {slug && (
        <TextField id={`${idPrefix}-slug`} name="slug" label="Address" help={slug.help} defaultValue={slug.value} state={state} required />
      )}
      <TextField
        id={`${idPrefix}-bio`}
        name="bio"
        multiline
        rows={4}
        label="Bio (optional)"
        help="A few sentences for the author’s page. Plain text, at most 2,000 characters."
        defaultValue={values.bio}
        state={state}
      />
      <SubmitButton label={submit} pendingLabel={pending} />
      <FormFeedback state={state} hideWhenFieldErrors={false} />
    </form>
  );
}
