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

/** A field's error, tied to it by id (the field names it in aria-describedby). */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id}>
      {message}
    </p>
  );
}
