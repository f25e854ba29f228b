import type { ChangeEventHandler, InputHTMLAttributes, ReactNode } from 'react';
import type { FormState } from '@/lib/actions/guard-state';
import { FieldError } from './FormFeedback';

/**
 * A labelled text field, the one way the forms write one: the label tied to the control, the help and the error
 * named by its aria-describedby (help first), aria-invalid only while there is an error, and, after a refused
 * post, what was typed put back. No hooks, so it serves the client forms and the server-rendered staff forms alike.
 */

type Common = {
  /** The control's id; its help and error are `${id}-help` and `${id}-error`. */
  id: string;
  name: string;
  label: ReactNode;
  help?: ReactNode;
  /** The action's last answer: this field's error and its echo of what was typed, which win over the props below. */
  state?: FormState;
  /** An error found before posting (the response length check); wins over the state's. */
  error?: string;
  /** The value before anything was typed. */
  defaultValue?: string | number;
  required?: boolean;
  maxLength?: number;
  /** Announce the error when it appears, for a form that says nothing else about it. */
  announceError?: boolean;
  /** More of the field (a character count), after the control and before the error; name its id in `describedBy`. */
  children?: ReactNode;
  describedBy?: string;
};

type InputField = Common & { multiline?: false } & Pick<
    InputHTMLAttributes<HTMLInputElement>,
    'type' | 'autoComplete' | 'inputMode' | 'min' | 'max'
  >;

type TextareaField = Common & { multiline: true; rows: number; onChange?: ChangeEventHandler<HTMLTextAreaElement> };

export type TextFieldProps = InputField | TextareaField;

export function TextField(props: TextFieldProps) {
  const { id, name, label, help, state, required, maxLength, announceError, children, describedBy } = props;
  const error = props.error ?? state?.fieldErrors?.[name];
  const value = state?.values?.[name] ?? props.defaultValue;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const control = {
    id,
    name,
    required,
    maxLength,
    defaultValue: value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': [help ? helpId : null, error ? errorId : null, describedBy].filter(Boolean).join(' ') || undefined,
  };
  // Keyed by its value: an uncontrolled control shows a new default only when made again.
  const key = String(value ?? '');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {help && (
        <p className="field-help" id={helpId}>
          {help}
        </p>
      )}
      {props.multiline ? (
        <textarea key={key} {...control} rows={props.rows} onChange={props.onChange} />
      ) : (
        <input
          key={key}
          {...control}
          type={props.type}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          min={props.min}
          max={props.max}
        />
      )}
      {children}
      <FieldError id={errorId} message={error} announce={announceError} />
    </div>
  );
}
