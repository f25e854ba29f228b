'use client';

import { useActionState } from 'react';
import { FieldError, FormFeedback } from '@/components/forms/FormFeedback';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { TextField } from '@/components/forms/TextField';
import { IDLE, type FormState } from '@/lib/actions/guard-state';

type Action = (previous: FormState | undefined, formData: FormData) => Promise<FormState>;

/**
 * The day and time to publish an issue at, on the site's clocks (the zone named in the legend, with its offset on
 * the day first shown). A time refused as a whole (passed, or skipped by the clocks) is shown under both fields.
 */
export function ScheduleForm({
  action,
  issueId,
  date,
  day,
  time,
  zoneLabel,
  submitLabel,
}: {
  action: Action;
  issueId: number;
  date: string;
  day: string;
  time: string;
  zoneLabel: string;
  submitLabel: string;
}) {
  const [state, formAction] = useActionState(action, IDLE);
  const whole = state.fieldErrors?.at;
  return (
    <form action={formAction} className="stacked-form" aria-label={submitLabel} noValidate>
      <input type="hidden" name="issueId" value={issueId} />
      <input type="hidden" name="date" value={date} />
      <fieldset className="schedule-fields" aria-describedby={whole ? 'schedule-at-error' : undefined}>
        <legend>Publish at, in {zoneLabel}</legend>
        <TextField
          id="schedule-day"
          name="day"
          type="date"
          label="Day"
          state={state}
          defaultValue={day}
          required
          describedBy={whole ? 'schedule-at-error' : undefined}
        />
        <TextField
          id="schedule-time"
          name="time"
          type="time"
          label="Time"
          state={state}
          defaultValue={time}
          required
          describedBy={whole ? 'schedule-at-error' : undefined}
        />
        <FieldError id="schedule-at-error" message={whole} />
      </fieldset>
      <SubmitButton label={submitLabel} pendingLabel="Scheduling…" className="button-secondary" />
      <FormFeedback state={state} />
    </form>
  );
}

/** Unpublishing one article: the note readers see with the 410 is required. */
export function UnpublishForm({
  action,
  articleId,
  date,
  title,
  noteMax,
}: {
  action: Action;
  articleId: number;
  date: string;
  title: string;
  noteMax: number;
}) {
  const [state, formAction] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="stacked-form" aria-label={`Unpublish “${title}”`} noValidate>
      <input type="hidden" name="articleId" value={articleId} />
      <input type="hidden" name="date" value={date} />
      <TextField
        id={`unpublish-note-${articleId}`}
        name="note"
        label="Note for readers"
        help={`Shown at its address instead of the article (at most ${noteMax} characters).`}
        state={state}
        maxLength={noteMax}
        required
      />
      <SubmitButton label="Unpublish" pendingLabel="Unpublishing…" className="button-danger" hiddenSuffix={`“${title}”`} />
      <FormFeedback state={state} />
    </form>
  );
}
