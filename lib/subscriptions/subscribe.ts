import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { moderationSettings, subscribers, users, type Subscriber } from '@/db/schema';
import { normaliseEmail } from '@/lib/accounts/email-address';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import { jobs } from '@/lib/jobs/definitions';
import { enqueue } from '@/lib/jobs/enqueue';
import { SUBSCRIBE_RULES } from '@/lib/ratelimit/rules';
import { hit } from '@/lib/ratelimit/store';
import { blockedDomainOf } from './blocked-domains';
import { CONSENT_WORDING, type ConsentSource, type FormSource } from './consent';
import { confirmationLinkState } from './confirm-token';
import { checkFormStamp } from './form-stamp';

/**
 * Subscribing to the briefing by email, with double opt-in: the commands a visitor's form, a signed-in reader's
 * button and the emailed confirmation link run (lib/subscriptions/actions.ts calls them; so can a script or a test).
 */

/** What every accepted request is told, whatever the address's standing: the answer reveals nothing about it. */
export function checkInboxAnswer(email: string): string {
  return `Check your inbox: if ${email} can receive the briefing, an email is on its way with a link to confirm. Nothing after a few minutes? Look in your spam folder.`;
}

export const LINE_BREAK_ERROR = 'An email address cannot contain line breaks.';

export type SubscribeInput = {
  /** As typed. */
  email: string;
  /** Which form it was typed in: its wording is stored as the consent. */
  source: FormSource;
  /** The form's signed time stamp (lib/subscriptions/form-stamp.ts). */
  stamp: string;
  /** The trap field, which a person leaves empty. */
  trap: string;
  /** The network the request came from, for the limits (lib/http/client.ts clientNetwork). */
  network: string;
};

export type SubscribeOutcome = {
  /** What the visitor is told: the same for every address. */
  answer: string;
  /** For tests and logs only, never for the visitor: what was done. */
  done: 'ignored' | 'confirmation' | 'already-subscribed' | 'nothing';
};

async function blockedDomains(tx: Tx): Promise<string[]> {
  const [row] = await tx
    .select({ blocked: moderationSettings.blockedEmailDomains })
    .from(moderationSettings)
    .where(eq(moderationSettings.id, 1));
  return row?.blocked ?? [];
}

/**
 * A visitor asks for the briefing at an address. Refused, clearly: an address that is not one, with a line break,
 * at a blocked domain, or past a limit (per network, and per address whoever asks). Otherwise — a new, pending,
 * active, unsubscribed, bounced or complained address alike — the same answer, in one transaction of about the same
 * work: a new or unsubscribed address becomes pending with this form's consent and is sent a link; a pending one
 * gets its consent renewed and a new link (older links stop working); an active one is told, at most once a day,
 * that it already is subscribed; a bounced or complained one is sent nothing. The email is a job queued in the same
 * transaction, so no answer waits for a mail server. A post that fills the trap, comes too fast or carries a stamp
 * the site did not sign gets the same answer and nothing is stored or sent.
 */
export const subscribe = command(null, async (write, input: SubscribeInput): Promise<SubscribeOutcome> => {
  const { tx } = write;
  if (/[\r\n]/.test(input.email)) refuse('invalid', LINE_BREAK_ERROR, 'email');
  const check = normaliseEmail(input.email);
  if (!check.ok) refuse('invalid', check.error, 'email');
  const email = check.email;
  const answer = checkInboxAnswer(email);

  const stamp = checkFormStamp(input.stamp);
  if (stamp === 'missing')
    refuse('invalid', 'This form could not be checked. Please reload the page, or use the form at /subscribe, and try again.');
  if (stamp !== 'ok' || input.trap !== '') return { answer, done: 'ignored' };

  const blocked = blockedDomainOf(email, await blockedDomains(tx));
  if (blocked) refuse('invalid', `Addresses at ${blocked} cannot subscribe here. Please use another address.`, 'email');

  const limits = await hit(tx, [SUBSCRIBE_RULES.perNetwork(input.network), SUBSCRIBE_RULES.perAddress(email)]);
  if (!limits.ok) refuse('limited', limits.message);

  const now = new Date();
  const consent = { consentSource: input.source, consentWording: CONSENT_WORDING[input.source], consentAt: now, consentNote: null };
  // One statement for a new address; an existing one is then read under its lock, so two requests at once queue.
  const [created] = await tx
    .insert(subscribers)
    .values({ email, status: 'pending', ...consent, statusChangedAt: now })
    .onConflictDoNothing({ target: subscribers.email })
    .returning({ id: subscribers.id });
  if (created) {
    await enqueue(tx, jobs.subscriptionConfirmation, { subscriberId: created.id, kind: 'confirm' as const });
    return { answer, done: 'confirmation' };
  }
  const [existing] = await tx.select().from(subscribers).where(eq(subscribers.email, email)).for('update');
  const row = existing!;
  switch (row.status) {
    case 'pending':
    case 'unsubscribed':
      await tx
        .update(subscribers)
        .set({
          status: 'pending',
          ...consent,
          confirmedAt: null,
          updatedAt: now,
          ...(row.status === 'pending' ? {} : { statusChangedAt: now }),
        })
        .where(eq(subscribers.id, row.id));
      await enqueue(tx, jobs.subscriptionConfirmation, { subscriberId: row.id, kind: 'confirm' as const });
      return { answer, done: 'confirmation' };
    case 'active': {
      const note = await hit(tx, [SUBSCRIBE_RULES.alreadySubscribedNote(email)]);
      if (!note.ok) return { answer, done: 'nothing' };
      await enqueue(tx, jobs.subscriptionConfirmation, { subscriberId: row.id, kind: 'already-subscribed' as const });
      return { answer, done: 'already-subscribed' };
    }
    case 'bounced':
    case 'complained':
      return { answer, done: 'nothing' };
  }
});

/**
 * A signed-in reader subscribes with one button: the address they sign in with has been proved by that, so the
 * subscription is active at once, with the account's wording as its consent. Already active: nothing changes.
 */
export const subscribeSignedIn = command(null, async (write): Promise<{ email: string; already: boolean }> => {
  const { tx, actor } = write;
  if (!actor.id) refuse('not-allowed', 'Please sign in first.');
  const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, actor.id));
  if (!user) refuse('not-found', 'Your account is not there any more.');
  const email = user.email.toLowerCase();
  const now = new Date();
  const source: ConsentSource = 'account';
  const active = {
    status: 'active' as const,
    consentSource: source,
    consentWording: CONSENT_WORDING.account,
    consentAt: now,
    consentNote: null,
    confirmedAt: now,
    statusChangedAt: now,
    updatedAt: now,
  };
  const [existing] = await tx.select().from(subscribers).where(eq(subscribers.email, email)).for('update');
  if (existing?.status === 'active') return { email, already: true };
  if (existing) await tx.update(subscribers).set(active).where(eq(subscribers.id, existing.id));
  else await tx.insert(subscribers).values({ email, ...active });
  return { email, already: false };
});

export const CONFIRM_ERRORS = {
  invalid:
    'This confirmation link is not valid: it may be incomplete, or a newer one has been sent since. Please use the latest email, or subscribe again.',
  expired: 'This confirmation link has expired. Please subscribe again, and we will send you a new one.',
} as const;

/** The subscriber a confirmation link names, if its token is that subscriber's current one (valid or expired). */
export async function subscriberForLink(tx: Pick<Tx, 'select'>, link: { subscriber: string; token: string }) {
  const id = /^\d{1,9}$/.test(link.subscriber) ? Number(link.subscriber) : null;
  if (!id || !/^[\w-]{43}$/.test(link.token)) return { state: 'invalid' as const, row: null };
  const [row] = await tx.select().from(subscribers).where(eq(subscribers.id, id));
  if (!row) return { state: 'invalid' as const, row: null };
  const state = confirmationLinkState(row, link.token);
  return state === 'invalid' ? { state, row: null } : { state, row: row as Subscriber };
}

/**
 * The button on the page the emailed link opens: a pending subscriber becomes active, confirmed now. Pressing it
 * again changes nothing. A link that is not this subscriber's current one, has expired, or belongs to an address
 * that has since unsubscribed, bounced or complained is refused and changes nothing.
 */
export const confirmSubscription = command(null, async (write, link: { subscriber: string; token: string }) => {
  const { tx } = write;
  const { state, row } = await subscriberForLink(tx, link);
  if (state === 'invalid' || !row) refuse('invalid', CONFIRM_ERRORS.invalid);
  const [locked] = await tx.select().from(subscribers).where(eq(subscribers.id, row.id)).for('update');
  if (!locked || locked.consentAt.getTime() !== row.consentAt.getTime()) refuse('invalid', CONFIRM_ERRORS.invalid);
  if (locked.status === 'active') return { email: locked.email, already: true };
  if (state === 'expired') refuse('invalid', CONFIRM_ERRORS.expired);
  if (locked.status !== 'pending') refuse('invalid', CONFIRM_ERRORS.invalid);
  const now = new Date();
  await tx
    .update(subscribers)
    .set({ status: 'active', confirmedAt: now, statusChangedAt: now, updatedAt: now })
    .where(eq(subscribers.id, locked.id));
  return { email: locked.email, already: false };
});
