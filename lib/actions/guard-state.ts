/** The state a guarded action returns to its form (shared by server and client code; see guard.ts). */
export type FormState = {
  status: 'idle' | 'error' | 'done';
  message?: string;
  fieldErrors?: Record<string, string>;
  /** What was submitted, to put back in the form. */
  values?: Record<string, string>;
};

export const IDLE: FormState = { status: 'idle' };
