import 'server-only';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import { can, type Permission } from '@/lib/auth/permissions';
import { currentUser, isSanctioned, sanctionMessage, type CurrentUser } from '@/lib/auth/session';
import { Refusal } from '@/lib/commands/refusal';
import { safeReturnPath } from '@/lib/routing/return-path';
import { signInPath } from '@/lib/routing/sign-in-path';
import { firstUnreadableField, unreadableMessage } from '@/lib/text/unreadable';
import type { FormState } from './guard-state';

/**
 * The one guarded path for writes. Every server action is built with `guarded`, which, in this order: finds who
 * is signed in (from the database session), checks they may do this at all (signed in, role, not suspended or banned),
 * refuses text that cannot be stored or read (NUL, invalid UTF-8) in any field,
 * validates the form with a zod schema, and only then runs the action — which hands the work to a command
 * (lib/commands) and says where to go next. Failures, the schema's and a command's Refusal alike, come back as a
 * FormState that the form shows beside its fields — with what was typed, so that nothing is lost — or, for a
 * signed-out reader, as a redirect to sign in that returns here.
 */

export { IDLE, type FormState } from './guard-state';

/** Who may call an action: anyone (it decides itself), any signed-in reader, or those with a permission. */
export type Access = 'anyone' | 'signed-in' | Permission;

export type ActionContext<User> = { user: User; formData: FormData };

type Spec<Schema extends z.ZodType, A extends Access> = {
  access: A;
  schema: Schema;
  /** A suspended or banned reader may still do this (sign out, change settings, delete the account, appeal). */
  allowSuspended?: boolean;
  /** Where to come back after signing in (from the form's `returnTo` field otherwise). */
  returnTo?: string;
};

/** What an action asks of its caller, as `guarded` was told: who may call it, and whether a sanctioned reader may. */
export type ActionAccess = { access: Access; allowSuspended: boolean };

// Kept beside the actions rather than on them: a server action is a bare function that Next hands to the client.
const accessByAction = new WeakMap<object, ActionAccess>();

/** What `action` asks of its caller, if `guarded` built it: read by the authorisation matrix test without calling it. */
export function accessOf(action: unknown): ActionAccess | undefined {
  return typeof action === 'function' ? accessByAction.get(action) : undefined;
}

type UserFor<A extends Access> = A extends 'anyone' ? CurrentUser | null : CurrentUser;

function valuesOf(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === 'string' && !key.startsWith('$')) values[key] = value;
  return values;
}

export function refused(message: string, formData?: FormData, fieldErrors?: Record<string, string>): FormState {
  return { status: 'error', message, fieldErrors, values: formData ? valuesOf(formData) : undefined };
}

/**
 * The most of one field a refused form gets back: more than any field takes (a response is at most 5 000), so
 * that a reader can trim what they wrote, but never a pasted megabyte sent straight back into the page.
 */
export const ECHO_LIMIT = 10_000;

/** Of what a refused form is given back, only the fields its schema names, each cut to ECHO_LIMIT characters. */
function echoed(state: FormState, fields: ReadonlySet<string>): FormState {
  if (!state.values) return state;
  const values = Object.entries(state.values)
    .filter(([key]) => fields.has(key))
    .map(([key, value]) => [key, value.slice(0, ECHO_LIMIT)]);
  return { ...state, values: Object.fromEntries(values) };
}

export function guarded<Schema extends z.ZodType, A extends Access>(
  spec: Spec<Schema, A>,
  run: (input: z.infer<Schema>, context: ActionContext<UserFor<A>>) => Promise<FormState>,
) {
  const fields = new Set(Object.keys((spec.schema as { shape?: object }).shape ?? {}));
  async function action(_previous: FormState | undefined, formData: FormData): Promise<FormState> {
    return echoed(await decide(formData), fields);
  }
  accessByAction.set(action, { access: spec.access, allowSuspended: spec.allowSuspended ?? false });
  return action;

  async function decide(formData: FormData): Promise<FormState> {
    const user = await currentUser();
    if (spec.access !== 'anyone') {
      if (!user) {
        const back = safeReturnPath(spec.returnTo ?? formData.get('returnTo'));
        redirect(signInPath({ returnTo: back }));
      }
      if (spec.access !== 'signed-in' && !can(user, spec.access)) return refused('You are not allowed to do that.');
    }
    if (user && !spec.allowSuspended && isSanctioned(user)) return refused(sanctionMessage(user), formData);

    // Before any schema, so that no action can forget: text the database cannot store, or that arrived garbled.
    const unreadable = firstUnreadableField(formData);
    if (unreadable) {
      const message = unreadableMessage(unreadable.problem);
      return refused(unreadableMessage(unreadable.problem, 'what you sent'), formData, { [unreadable.field]: message });
    }
    const parsed = spec.schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
      return refused('Please correct the form.', formData, fieldErrors);
    }
    try {
      return await run(parsed.data, { user: user as UserFor<A>, formData });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error; // a redirect, or a bug
      return refused(error.message, formData, error.field ? { [error.field]: error.message } : undefined);
    }
  }
}
