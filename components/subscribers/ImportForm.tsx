'use client';

import { useActionState } from 'react';
import { useFormStatus } from 'react-dom';
import { FieldError, FormFeedback } from '@/components/forms/FormFeedback';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { TextField } from '@/components/forms/TextField';
import { IDLE, type FormState } from '@/lib/actions/guard-state';
import type { ImportProblem } from '@/lib/subscriptions/import-check';
import type { ImportState } from '@/lib/subscriptions/import-state';

/** While the file is sent and checked: a progress bar (indeterminate: the server reports no steps) and its words. */
function ImportProgress() {
  const { pending } = useFormStatus();
  if (!pending) return null;
  return (
    <p className="import-progress" role="status">
      <progress aria-label="Importing" /> Sending and checking the file…
    </p>
  );
}

function LinesTable({ id, caption, lines }: { id: string; caption: string; lines: ImportProblem[] }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
      <table>
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Address</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={`${line.line}-${line.email}`}>
              <td>{line.line}</td>
              <td>
                <bdi>{line.email || '—'}</bdi>
              </td>
              <td>{line.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Importing a CSV of addresses. Works without JavaScript (the page comes back with the result); with it, the
 * result appears in place and a progress bar shows while the file is sent and checked.
 */
export function ImportForm({
  action,
  sizeLimit,
}: {
  action: (previous: FormState | undefined, formData: FormData) => Promise<FormState>;
  sizeLimit: string;
}) {
  const [state, formAction] = useActionState(action, IDLE);
  const { report } = state as ImportState;
  const mode = state.values?.mode ?? 'confirm';
  return (
    <form action={formAction} className="stacked-form" aria-labelledby="import-heading" noValidate>
      <div className="field">
        <label htmlFor="import-file">CSV file</label>
        <p className="field-help" id="import-file-help">
          One address a line, or a table with a column headed “email”. At most {sizeLimit}. Every line is checked first; if any is wrong,
          nothing is imported.
        </p>
        <input
          id="import-file"
          name="file"
          type="file"
          accept=".csv,text/csv,text/plain"
          required
          aria-describedby={`import-file-help${state.fieldErrors?.file ? ' import-file-error' : ''}`}
          aria-invalid={state.fieldErrors?.file ? true : undefined}
        />
        <FieldError id="import-file-error" message={state.fieldErrors?.file} />
      </div>
      <fieldset className="choices">
        <legend>How did these people agree to receive the briefing?</legend>
        <div className="field--check">
          <input type="radio" id="import-mode-confirm" name="mode" value="confirm" defaultChecked={mode === 'confirm'} />
          <label htmlFor="import-mode-confirm">Not yet: ask each of them to confirm (they get nothing until they do)</label>
        </div>
        <div className="field--check">
          <input type="radio" id="import-mode-consented" name="mode" value="consented" defaultChecked={mode === 'consented'} />
          <label htmlFor="import-mode-consented">They already agreed: subscribe them now (the note below is kept as their consent)</label>
        </div>
        <FieldError id="import-mode-error" message={state.fieldErrors?.mode} />
      </fieldset>
      <TextField
        multiline
        rows={3}
        id="import-note"
        name="note"
        label="Where the addresses came from"
        help="Required when they already agreed: where and how they asked for the briefing (for example “sign-up sheet at the May conference, which said …”)."
        state={state}
        maxLength={1000}
      />
      <SubmitButton label="Import" pendingLabel="Importing…" />
      <ImportProgress />
      <FormFeedback state={state} hideWhenFieldErrors={false} />
      {report && report.problems.length > 0 && (
        <LinesTable
          id="import-problems"
          caption={`Lines with problems (${report.problems.length} of ${report.checked})`}
          lines={report.problems}
        />
      )}
      {report && report.skipped.length > 0 && (
        <details>
          <summary>Skipped: {report.skipped.length} already known</summary>
          <LinesTable id="import-skipped" caption="Skipped lines" lines={report.skipped} />
        </details>
      )}
    </form>
  );
}
