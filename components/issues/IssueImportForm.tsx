'use client';

import Link from '@/components/Link';
import { useActionState, useState, type FormEvent } from 'react';
import { useFormStatus } from 'react-dom';
import { FieldError, FormFeedback } from '@/components/forms/FormFeedback';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { IDLE, type FormState } from '@/lib/actions/guard-state';
import type { ImportOutcome, ImportProblem } from '@/lib/issues/import';
import type { IssueImportState } from '@/lib/issues/import-state';
import { uploadProblem } from '@/lib/issues/upload-limits';

const RESULT_WORDS: Record<ImportOutcome['result'], string> = {
  created: 'Created',
  updated: 'Updated',
  unchanged: 'Unchanged (the same as stored)',
};

function Sending() {
  const { pending } = useFormStatus();
  if (!pending) return null;
  return (
    <p className="import-progress" role="status">
      <progress aria-label="Importing" /> Sending and checking the files…
    </p>
  );
}

function ProblemsTable({ problems }: { problems: ImportProblem[] }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="issue-import-problems-caption">
      <table>
        <caption id="issue-import-problems-caption">Problems, by file and line</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Line</th>
            <th scope="col">What is wrong</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((problem, index) => (
            <tr key={index}>
              <td>
                <bdi>{problem.file}</bdi>
              </td>
              <td>{problem.line ?? '—'}</td>
              <td>{problem.problem}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OutcomesTable({ outcomes }: { outcomes: ImportOutcome[] }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="issue-import-outcomes-caption">
      <table>
        <caption id="issue-import-outcomes-caption">What each file did</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Issue</th>
            <th scope="col">Result</th>
            <th scope="col">Articles</th>
          </tr>
        </thead>
        <tbody>
          {outcomes.map((outcome) => (
            <tr key={outcome.date}>
              <td>
                <bdi>{outcome.file}</bdi>
              </td>
              <td>
                <Link href={`/admin/issues/${outcome.date}`}>Edit the issue of {outcome.date}</Link>
              </td>
              <td>{RESULT_WORDS[outcome.result]}</td>
              <td>{outcome.articles}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Uploading issue files. Works without JavaScript (the page comes back with the result); with it, the files'
 * number and sizes are checked before they are sent, and the result appears in place.
 */
export function IssueImportForm({ action }: { action: (previous: FormState | undefined, formData: FormData) => Promise<FormState> }) {
  const [state, formAction] = useActionState(action, IDLE);
  const [tooMuch, setTooMuch] = useState<string | null>(null);
  const { report } = state as IssueImportState;
  const fileError = tooMuch ?? state.fieldErrors?.files;

  function checkBeforeSending(event: FormEvent<HTMLFormElement>) {
    const chosen = (event.currentTarget.elements.namedItem('files') as HTMLInputElement).files;
    const problem = uploadProblem([...(chosen ?? [])]);
    setTooMuch(problem);
    if (problem) event.preventDefault();
  }

  return (
    <form action={formAction} onSubmit={checkBeforeSending} className="stacked-form" aria-labelledby="issue-import-heading" noValidate>
      <div className="field">
        <label htmlFor="issue-import-files">Issue files</label>
        <p className="field-help" id="issue-import-files-help">
          Plain-text files (.txt, UTF-8) in the briefing’s format, one issue each; choose several at once if you like. Every file is checked
          first: if any is wrong, nothing is imported.
        </p>
        <input
          id="issue-import-files"
          name="files"
          type="file"
          multiple
          accept=".txt,text/plain"
          aria-describedby={`issue-import-files-help${fileError ? ' issue-import-files-error' : ''}`}
          aria-invalid={fileError ? true : undefined}
        />
        <FieldError id="issue-import-files-error" message={fileError} announce={Boolean(tooMuch)} />
      </div>
      <SubmitButton label="Import" pendingLabel="Importing…" />
      <Sending />
      {!tooMuch && <FormFeedback state={state} hideWhenFieldErrors={false} />}
      {!tooMuch && report && report.problems.length > 0 && <ProblemsTable problems={report.problems} />}
      {!tooMuch && report && report.outcomes.length > 0 && <OutcomesTable outcomes={report.outcomes} />}
    </form>
  );
}
