'use client';

import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/guard-state';
import { REPORT_REASONS } from '@/lib/moderation/reasons';
import { reportResponse } from '@/lib/moderation/reader-actions';
import { FieldError, FormFeedback } from './FormFeedback';
import { SubmitButton } from './SubmitButton';
import { TextField } from './TextField';

/** Telling the moderators what is wrong with a response. */
export function ReportForm({ responseId }: { responseId: number }) {
  const [state, action] = useActionState(reportResponse, IDLE);
  const reasonError = state.fieldErrors?.reason;
  return (
    <form action={action} className="stacked-form" noValidate>
      <FormFeedback state={state} />
      <input type="hidden" name="responseId" value={responseId} />
      <fieldset className="choices" aria-describedby={reasonError ? 'report-reason-error' : undefined}>
        <legend>What is wrong with it?</legend>
        {Object.entries(REPORT_REASONS).map(([value, label]) => (
          <div className="field--check" key={value}>
            <input
              type="radio"
              id={`report-${value}`}
              name="reason"
              value={value}
              defaultChecked={state.values?.reason === value}
              required
            />
            <label htmlFor={`report-${value}`}>{label}</label>
          </div>
        ))}
        <FieldError id="report-reason-error" message={reasonError} />
      </fieldset>
      <TextField
        multiline
        rows={4}
        id="report-note"
        name="note"
        label="Anything the moderators should know (needed for “something else”)"
        state={state}
        maxLength={500}
      />
      <SubmitButton label="Send report" pendingLabel="Sending…" />
    </form>
  );
}
