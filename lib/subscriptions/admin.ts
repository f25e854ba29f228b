import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { moderationSettings, subscribers, type SubscriberStatus } from '@/db/schema';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import { normaliseEmail } from '@/lib/accounts/email-address';
import { checkImport, normaliseDomain, readImportRows, type ImportProblem } from './import-check';

/**
 * The subscribers page's writes, each a command logged against the subscriber or the settings: an import (checked
 * whole, then written in one transaction), a staff member unsubscribing someone, the blocked email domains, and
 * the record that the list was exported.
 */

/** The blocked email domains, read fresh. */
export async function blockedEmailDomains(executor: Executor): Promise<string[]> {
  const [row] = await executor
    .select({ domains: moderationSettings.blockedEmailDomains })
    .from(moderationSettings)
    .where(eq(moderationSettings.id, 1));
  return row?.domains ?? [];
}

/** How the imported addresses consented: they will confirm by email, or staff vouch that they already did. */
export type ImportMode = 'confirm' | 'consented';

export type ImportInput = { csv: string; mode: ImportMode; note: string };

export type ImportResult =
  | { outcome: 'refused'; problems: ImportProblem[]; skipped: ImportProblem[]; checked: number }
  | { outcome: 'imported'; added: number; skipped: ImportProblem[]; checked: number };

const NOTE_MAX = 1000;
// Statements stay well under PostgreSQL's 65 535 parameters.
const CHUNK = 1000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) out.push(items.slice(start, start + CHUNK));
  return out;
}

/**
 * Imports a CSV of addresses: every line is checked first (lib/subscriptions/import-check.ts) and, if any is wrong,
 * nothing is stored and the problems come back; otherwise the new addresses are written in this one transaction.
 * "consented" stores them active, their consent the staff member's note (source 'import'); "confirm" stores them
 * pending, to confirm by email like anyone who subscribes on the site.
 */
export const importSubscriberList = command('manage-subscribers', async (write, input: ImportInput): Promise<ImportResult> => {
  const note = input.note.trim();
  if (input.mode === 'consented' && !note)
    refuse('invalid', 'Say where these addresses came from and how they agreed to receive the briefing.', 'note');
  if (note.length > NOTE_MAX) refuse('invalid', `The note can be at most ${NOTE_MAX} characters.`, 'note');

  const { rows, problems: unreadable } = readImportRows(input.csv);
  if (unreadable.length) return { outcome: 'refused', problems: unreadable, skipped: [], checked: 0 };
  if (rows.length === 0) refuse('invalid', 'The file holds no addresses.', 'file');

  const candidates = [...new Set(rows.map((row) => normaliseEmail(row.email)).flatMap((check) => (check.ok ? [check.email] : [])))];
  const existing = new Map<string, SubscriberStatus>();
  for (const part of chunks(candidates)) {
    const found = await write.tx
      .select({ email: subscribers.email, status: subscribers.status })
      .from(subscribers)
      .where(inArray(subscribers.email, part));
    for (const row of found) existing.set(row.email, row.status);
  }
  const check = checkImport(rows, { blockedDomains: await blockedEmailDomains(write.tx), existing });
  if (check.problems.length) return { outcome: 'refused', problems: check.problems, skipped: check.skipped, checked: rows.length };

  const now = new Date();
  const consented = input.mode === 'consented';
  const wording = consented ? note : note || 'Imported by staff: asked to confirm by email.';
  let added = 0;
  for (const part of chunks(check.add)) {
    const inserted = await write.tx
      .insert(subscribers)
      .values(
        part.map(({ email }) => ({
          email,
          status: consented ? ('active' as const) : ('pending' as const),
          consentSource: 'import',
          consentWording: wording,
          consentNote: note || null,
          consentAt: now,
          confirmedAt: consented ? now : null,
          statusChangedAt: now,
        })),
      )
      .onConflictDoNothing({ target: subscribers.email })
      .returning({ id: subscribers.id });
    added += inserted.length;
  }
  await write.log({
    action: 'subscribers-import',
    target: { type: 'subscriber', id: 'import' },
    reason: note || null,
    after: { added, skipped: check.skipped.length, consent: consented ? 'given before (staff note)' : 'to confirm by email' },
  });
  return { outcome: 'imported', added, skipped: check.skipped, checked: rows.length };
});

/** A staff member stops the briefing to one address (at its owner's request by other means, say). */
export const unsubscribeSubscriber = command('manage-subscribers', async (write, input: { subscriberId: number; reason?: string }) => {
  const [row] = await write.tx
    .select({ id: subscribers.id, email: subscribers.email, status: subscribers.status })
    .from(subscribers)
    .where(eq(subscribers.id, input.subscriberId))
    .for('update');
  if (!row) refuse('not-found', 'That subscriber is not on the list any more.');
  if (row.status !== 'active' && row.status !== 'pending') refuse('conflict', `${row.email} already receives nothing (${row.status}).`);
  await write.tx
    .update(subscribers)
    .set({ status: 'unsubscribed', statusChangedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(subscribers.id, row.id));
  await write.log({
    action: 'subscriber-unsubscribe',
    target: { type: 'subscriber', id: row.id },
    reason: input.reason?.trim() || null,
    before: { subscription: row.status },
    after: { subscription: 'unsubscribed' },
  });
  return { email: row.email };
});

/** Replaces the blocked email domains: each entry a domain name, stored in one form, the change logged before → after. */
export const changeBlockedDomains = command('manage-subscribers', async (write, input: { domains: readonly string[] }) => {
  const domains = new Set<string>();
  for (const raw of input.domains) {
    if (!raw.trim()) continue;
    const domain = normaliseDomain(raw);
    if (!domain.ok) refuse('invalid', domain.error, 'domains');
    domains.add(domain.domain);
  }
  if (domains.size > 1000) refuse('invalid', 'At most 1,000 blocked domains.', 'domains');
  const after = [...domains].sort();
  const before = await blockedEmailDomains(write.tx);
  if (JSON.stringify(before) === JSON.stringify(after))
    refuse('conflict', 'Nothing to save: the blocked domains are as they were.', 'domains');
  await write.tx
    .insert(moderationSettings)
    .values({ id: 1, blockedEmailDomains: after, updatedAt: new Date() })
    .onConflictDoUpdate({ target: moderationSettings.id, set: { blockedEmailDomains: after, updatedAt: new Date() } });
  await write.log({
    action: 'blocked-domains',
    target: { type: 'settings', id: 'blocked-email-domains' },
    before: { blockedEmailDomains: before },
    after: { blockedEmailDomains: after },
  });
  return { domains: after };
});

/** Logs that a staff member downloaded the list (addresses are personal data: who took a copy, and when). */
export const recordSubscriberExport = command(
  'manage-subscribers',
  async (write, input: { status: SubscriberStatus | null; count: number }) => {
    await write.log({
      action: 'subscribers-export',
      target: { type: 'subscriber', id: 'export' },
      after: { exported: input.count, subscription: input.status ?? 'all' },
    });
  },
);
