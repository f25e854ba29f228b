'use client';

import { useActionState } from 'react';
import { FormFeedback } from '@/components/forms/FormFeedback';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { TextField } from '@/components/forms/TextField';
import { IDLE, type FormState } from '@/lib/actions/guard-state';

type Values = { date: string; number: number | null; summary: string };

/**
 * An issue's date, number and summary: the issues list's "New issue" form and the issue editor's details. Works
 * without JavaScript; a refusal comes back beside its field with what was typed.
 */
export function IssueForm({
  action,
  hidden = {},
  values = { date: '', number: null, summary: '' },
  idPrefix,
  label,
  submit,
  pending,
  dateHelp,
}: {
  action: (previous: FormState | undefined, formData: FormData) => Promise<FormState>;
  hidden?: Record<string, string | number>;
  values?: Values;
  idPrefix: string;
  label: string;
  submit: string;
  pending: string;
  dateHelp: string;
}) {
  const [state, formAction] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="stacked-form" aria-label={label} noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <TextField
        id={`${idPrefix}-date`}
        name="date"
        type="date"
        label="Date"
        help={dateHelp}
        defaultValue={values.date}
        state={state}
        required
      />
      <TextField
        id={`${idPrefix}-number`}
        name="number"
        inputMode="numeric"
        label="Number (optional)"
        help="As printed on the issue; each issue has its own."
        defaultValue={values.number ?? ''}
        state={state}
      />
      <TextField
        id={`${idPrefix}-summary`}
        name="summary"
        multiline
        rows={3}
        label="Summary (optional)"
        help="A sentence or two shown above the articles. Plain text, at most 2,000 characters."
        defaultValue={values.summary}
        state={state}
      />
      <SubmitButton label={submit} pendingLabel={pending} />
      <FormFeedback state={state} hideWhenFieldErrors={false} />
    </form>
  );
}
