import { describe, expect, it, vi } from 'vitest';
import { actorOf } from '@/lib/commands/actor';
import { run } from '@/test/commands';
import { insertArticle, insertPerson, insertResponse, lastLogId, logSince, responseRow, userRow } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { refusedUnchanged } from '@/test/refused';
import { changeSanction, type Sanction } from './sanctions';

/** Suspending, banning and lifting as a command, against a real (fresh, migrated) database. */

vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));

const { db, site, moderator } = withRealIssue({ moderator: {} });

const DAY = 86_400_000;

const sanction = (input: Sanction, actor = moderator()) => run(changeSanction, actor, input);

describe('changeSanction', () => {
  it('suspends a reader for the days chosen, with the reason they are told, and logs it; readers’ pages are untouched', async () => {
    const reader = await insertPerson(db());
    await insertResponse(db(), { articleId: await insertArticle(db(), site()), authorId: reader.id });
    const logId = await lastLogId(db());

    const { tags } = await sanction({ userId: reader.id, kind: 'suspend', days: 7, reason: 'Personal attacks.' });

    const row = await userRow(db(), reader.id);
    expect(row).toMatchObject({ banned: false, sanctionReason: 'Personal attacks.' });
    expect(Math.abs(row.suspendedUntil!.getTime() - (Date.now() + 7 * DAY))).toBeLessThan(60_000);
    expect(tags).toEqual([]);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        actorId: moderator().id,
        action: 'suspend',
        targetType: 'user',
        targetId: reader.id,
        subjectId: reader.id,
        reason: 'Personal attacks.',
        before: { banned: false, suspendedUntil: null },
        after: { banned: false, suspendedUntil: row.suspendedUntil!.toISOString() },
      }),
    ]);
  });

  it('bans a reader and removes their published responses (only those) as staff, expiring those articles and the counts', async () => {
    const reader = await insertPerson(db());
    const [one, two] = [await insertArticle(db(), site()), await insertArticle(db(), site())];
    const published = [
      await insertResponse(db(), { articleId: one, authorId: reader.id, featured: true }),
      await insertResponse(db(), { articleId: two, authorId: reader.id }),
    ];
    const pending = await insertResponse(db(), { articleId: one, authorId: reader.id, status: 'pending' });
    const logId = await lastLogId(db());

    const { tags } = await sanction({ userId: reader.id, kind: 'ban', reason: 'Spam', removeResponses: true });

    expect(await userRow(db(), reader.id)).toMatchObject({ banned: true, suspendedUntil: null, sanctionReason: 'Spam' });
    for (const id of published)
      expect(await responseRow(db(), id)).toMatchObject({ status: 'removed', removedBy: 'staff', featured: false });
    expect(await responseRow(db(), pending)).toMatchObject({ status: 'pending' });
    expect(tags).toEqual(['response-counts', `responses:${one}`, `responses:${two}`].sort());
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({ action: 'ban', reason: 'Spam', after: { banned: true, suspendedUntil: null, responsesRemoved: 2 } }),
    ]);
  });

  it('lifts a ban, clearing the reason, and never removes responses when lifting', async () => {
    const reader = await insertPerson(db(), 'reader', { banned: true, sanctionReason: 'Spam' });
    const id = await insertResponse(db(), { articleId: await insertArticle(db(), site()), authorId: reader.id });
    const logId = await lastLogId(db());

    const { tags } = await sanction({ userId: reader.id, kind: 'lift', removeResponses: true });

    expect(await userRow(db(), reader.id)).toMatchObject({ banned: false, suspendedUntil: null, sanctionReason: null });
    expect(await responseRow(db(), id)).toMatchObject({ status: 'published' });
    expect(tags).toEqual([]);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        action: 'lift',
        reason: null,
        before: { banned: true, suspendedUntil: null },
        after: { banned: false, suspendedUntil: null },
      }),
    ]);
  });

  it.each([
    ['a suspension without a period', { kind: 'suspend', reason: 'Rude.' }, 'days', 'Please choose for how long to suspend.'],
    ['a suspension of no days', { kind: 'suspend', days: 0, reason: 'Rude.' }, 'days', 'Please choose for how long to suspend.'],
    ['a suspension of more than a year', { kind: 'suspend', days: 366, reason: 'Rude.' }, 'days', 'Please choose for how long to suspend.'],
    ['a suspension of part of a day', { kind: 'suspend', days: 1.5, reason: 'Rude.' }, 'days', 'Please choose for how long to suspend.'],
    ['a suspension without a reason', { kind: 'suspend', days: 7 }, 'reason', 'Please give a reason: the reader is told it.'],
    ['a ban with a blank reason', { kind: 'ban', reason: '  ' }, 'reason', 'Please give a reason: the reader is told it.'],
  ] as const)('refuses %s, beside the field', async (_what, fields, field, message) => {
    const reader = await insertPerson(db());

    expect(await refusedUnchanged(db(), () => sanction({ userId: reader.id, ...fields }))).toEqual({ code: 'invalid', message, field });
  });

  it.each([
    ['lifting what is not there', {}, { kind: 'lift' }, 'This reader is neither suspended nor banned.'],
    [
      'lifting a suspension that has run out',
      { suspendedUntil: new Date(Date.now() - DAY) },
      { kind: 'lift' },
      'This reader is neither suspended nor banned.',
    ],
    [
      'banning a banned reader',
      { banned: true, sanctionReason: 'Spam' },
      { kind: 'ban', reason: 'Again.' },
      'This reader is already banned.',
    ],
  ] as const)('refuses %s, changing nothing', async (_what, standing, fields, message) => {
    const reader = await insertPerson(db(), 'reader', standing);

    expect(await refusedUnchanged(db(), () => sanction({ userId: reader.id, ...fields }))).toEqual({ code: 'conflict', message });
  });

  it.each(['moderator', 'editor', 'admin'] as const)('refuses to sanction staff (a %s)', async (role) => {
    const staff = await insertPerson(db(), role);

    expect(await refusedUnchanged(db(), () => sanction({ userId: staff.id, kind: 'ban', reason: 'No.' }))).toEqual({
      code: 'conflict',
      message: 'Staff cannot be suspended or banned; an admin can make them a reader first.',
    });
  });

  it('refuses a reader who does not exist', async () => {
    expect(
      await refusedUnchanged(db(), () => sanction({ userId: '00000000-0000-4000-8000-000000000000', kind: 'ban', reason: 'Spam' })),
    ).toEqual({ code: 'not-found', message: 'This reader does not exist.' });
  });

  it.each(['reader', 'editor'] as const)('is refused to a %s, who does not moderate', async (role) => {
    const reader = await insertPerson(db());
    const actor = actorOf(await insertPerson(db(), role));

    expect(await refusedUnchanged(db(), () => sanction({ userId: reader.id, kind: 'ban', reason: 'Spam' }, actor))).toEqual({
      code: 'not-allowed',
      message: 'You are not allowed to do that.',
    });
  });
});
