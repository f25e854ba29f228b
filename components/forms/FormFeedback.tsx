import type { FormState } from '@/lib/actions/guard-state';

/** The form-level message of a FormState: an error (announced) or a confirmation. */
export function FormFeedback({ state, hideWhenFieldErrors = true }: { state: FormState; hideWhenFieldErrors?: boolean }) {
  if (!state.message || (hideWhenFieldErrors && state.fieldErrors && Object.keys(state.fieldErrors).length)) return null;
  return (
    <p className={state.status === 'error' ? 'form-error' : 'form-done'} role={state.status === 'error' ? 'alert' : 'status'}>
      {state.message}
    </p>
  );
}

/**
 * A field's error, tied to it by id (the field names it in aria-describedby); `announce` makes it an alert, for a
 * form whose own message does not say it.
 */
export function FieldError({ id, message, announce = false }: { id: string; message?: string; announce?: boolean }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id} role={announce ? 'alert' : undefined}>
      {message}
    </p>
  );
}
