import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { articles, issues, users } from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/session';
import { actorOf, COMMAND_LINE, VISITOR, type Actor } from '@/lib/commands/actor';
import { run } from '@/test/commands';
import {
  insertArticle,
  insertPerson,
  insertResponse,
  lastLogId,
  logSince,
  responseRow,
  useSettings,
  type ResponseFixture,
} from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { expectRefusal, type ExpectedRefusal } from '@/test/refused';
import { editOwnResponse, removeOwnResponse } from './own';

/** A reader's edits and removals of their own responses as commands, against a real (fresh, migrated) database. */

// The fixtures read people as the session does, which loads Auth.js; no session is needed here.
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));

const { db, site } = withRealIssue();

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let articleId: number;

beforeEach(async () => {
  await useSettings(db(), { holdFirstResponses: 0 });
  articleId = await insertArticle(db(), site());
});

const reader = (values: Partial<typeof users.$inferInsert> = {}) => insertPerson(db(), 'reader', values);
const responseOf = (author: CurrentUser | null, values: Partial<ResponseFixture> = {}) =>
  insertResponse(db(), { articleId, authorId: author?.id ?? null, ...values });
const as = (who: CurrentUser | Actor) => ('email' in who ? actorOf(who) : who);
const edit = (who: CurrentUser | Actor, responseId: number, body: string) => run(editOwnResponse, as(who), { responseId, body });
const remove = (who: CurrentUser | Actor, responseId: number) => run(removeOwnResponse, as(who), { responseId });

/** Runs `attempt`, which should be refused with `expected`, and checks that the response and the log are as they were. */
const expectRefused = (responseId: number, attempt: () => Promise<unknown>, expected: ExpectedRefusal) =>
  expectRefusal(attempt, expected, { unchanged: () => responseRow(db(), responseId), logOf: db() });

async function pathOf(id: number) {
  const [row] = await db()
    .select({ slug: articles.slug, date: issues.date })
    .from(articles)
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(eq(articles.id, id));
  return `/issues/${row!.date}/${row!.slug}`;
}

describe('editOwnResponse', () => {
  it('changes one’s own response within 15 minutes, tidied, and marks it edited', async () => {
    const author = await reader();
    const id = await responseOf(author, { body: 'Frist thoughts.' });

    const { output, tags } = await edit(author, id, '  First thoughts.  ');

    const row = await responseRow(db(), id);
    expect(row).toMatchObject({ body: 'First thoughts.', status: 'published' });
    expect(Math.abs(row.editedAt!.getTime() - Date.now())).toBeLessThan(MINUTE);
    expect(output).toEqual({ id, status: 'published', articlePath: await pathOf(articleId) });
    expect(tags).toEqual([`responses:${articleId}`]);
  });

  it('refuses to change another reader’s response, or one that is not there', async () => {
    const id = await responseOf(await reader(), { body: 'Mine.' });
    const stranger = await reader();

    await expectRefused(id, () => edit(stranger, id, 'Now mine.'), {
      code: 'not-allowed',
      message: 'You can only edit your own responses.',
    });
    await expect(edit(stranger, 2147483647, 'Anyone’s.')).rejects.toThrow('You can only edit your own responses.');
  });

  it.each([
    ['after 15 minutes', { ago: 16 * MINUTE }],
    ['once rejected', { status: 'rejected' as const }],
    ['once removed', { status: 'removed' as const }],
  ])('refuses to change one’s own response %s', async (_when, values) => {
    const author = await reader();
    const id = await responseOf(author, { body: 'Old words.', ...values });

    await expectRefused(id, () => edit(author, id, 'New words.'), {
      code: 'conflict',
      message: 'Responses can be edited for 15 minutes after posting; this one can no longer be changed.',
    });
  });

  it('refuses an empty text beside the body, leaving the response as it was', async () => {
    const author = await reader();
    const id = await responseOf(author, { body: 'Fine as it is.' });

    await expectRefused(id, () => edit(author, id, '   '), { code: 'invalid', message: 'Please write your response.', field: 'body' });
  });

  it.each([
    ['a visitor', VISITOR],
    ['the command line', COMMAND_LINE],
  ])('refuses %s', async (_who, actor) => {
    const id = await responseOf(await reader());

    await expectRefused(id, () => edit(actor, id, 'Changed?'), { code: 'not-allowed', message: 'Only a signed-in reader can do that.' });
  });

  it('refuses a suspended reader, naming the date the suspension ends', async () => {
    const author = await reader({ suspendedUntil: new Date(Date.now() + 2 * DAY) });
    const id = await responseOf(author, { body: 'Before the suspension.' });

    await expectRefused(id, () => edit(author, id, 'During it.'), {
      code: 'not-allowed',
      message: expect.stringContaining('suspended until'),
    });
  });

  describe('the moderation rules', () => {
    it('rejects an edit of a published response that adds a banned word, logged as the rules', async () => {
      await useSettings(db(), { bannedWords: ['crétin'] });
      const author = await reader();
      const id = await responseOf(author, { body: 'A fair point.', featured: true });
      const logId = await lastLogId(db());

      const { output, tags } = await edit(author, id, 'A fair point, crétin.');

      expect(output.status).toBe('rejected');
      expect(await responseRow(db(), id)).toMatchObject({
        status: 'rejected',
        rejectionReason: 'banned-words',
        body: 'A fair point, crétin.',
        featured: false,
      });
      expect(tags).toEqual(['response-counts', `responses:${articleId}`]);
      expect(await logSince(db(), logId)).toEqual([
        expect.objectContaining({ action: 'rules-reject', actorName: 'the rules', targetId: String(id), subjectId: author.id, articleId }),
      ]);
    });

    it('holds an edit of a published response that adds a suspect word, and stops featuring it', async () => {
      await useSettings(db(), { suspectWords: ['idiot'] });
      const author = await reader();
      const id = await responseOf(author, { body: 'A fair point.', featured: true });

      const { output } = await edit(author, id, 'A fair point, idiot.');

      expect(output.status).toBe('pending');
      expect(await responseRow(db(), id)).toMatchObject({ status: 'pending', heldFor: 'suspect-words', featured: false });
    });

    it('never publishes a held response by an edit, keeping why it was held', async () => {
      const author = await reader();
      const id = await responseOf(author, { status: 'pending', heldFor: 'first-responses', body: 'Held.' });

      const { output, tags } = await edit(author, id, 'Held, and now edited.');

      expect(output.status).toBe('pending');
      expect(await responseRow(db(), id)).toMatchObject({ status: 'pending', heldFor: 'first-responses', body: 'Held, and now edited.' });
      expect(tags).toEqual([`responses:${articleId}`]);
    });

    it('rejects an edit of a held response that adds a banned word', async () => {
      await useSettings(db(), { bannedWords: ['crétin'] });
      const author = await reader();
      const id = await responseOf(author, { status: 'pending', body: 'Waiting.' });

      await edit(author, id, 'Waiting, crétin.');

      expect(await responseRow(db(), id)).toMatchObject({ status: 'rejected', rejectionReason: 'banned-words' });
    });

    it('holds a reader’s edit in a premoderated article, but not staff’s', async () => {
      articleId = await insertArticle(db(), site(), 'premoderated');
      const author = await reader();
      const moderator = await insertPerson(db(), 'moderator');
      const readers = await responseOf(author, { body: 'Approved earlier.' });
      const staffs = await responseOf(moderator, { body: 'From the desk.' });

      expect((await edit(author, readers, 'Approved earlier, then changed.')).output.status).toBe('pending');
      expect((await edit(moderator, staffs, 'From the desk, corrected.')).output.status).toBe('published');
    });
  });
});

describe('removeOwnResponse', () => {
  it('removes one’s own response, marked as removed by its author and no longer featured', async () => {
    const author = await reader();
    const id = await responseOf(author, { ago: 2 * DAY, featured: true });

    const { output, tags } = await remove(author, id);

    expect(await responseRow(db(), id)).toMatchObject({ status: 'removed', removedBy: 'author', authorId: author.id, featured: false });
    expect(output).toEqual({ articlePath: await pathOf(articleId) });
    expect(tags).toEqual(['response-counts', `responses:${articleId}`]);
  });

  it('removes one awaiting review without changing the counts', async () => {
    const author = await reader();
    const id = await responseOf(author, { status: 'pending' });

    const { tags } = await remove(author, id);

    expect(await responseRow(db(), id)).toMatchObject({ status: 'removed' });
    expect(tags).toEqual([`responses:${articleId}`]);
  });

  it('refuses to remove another reader’s response', async () => {
    const id = await responseOf(await reader());
    const stranger = await reader();

    await expectRefused(id, () => remove(stranger, id), { code: 'not-allowed', message: 'You can only delete your own responses.' });
  });

  it('refuses to remove a response twice', async () => {
    const author = await reader();
    const id = await responseOf(author);
    await remove(author, id);

    await expectRefused(id, () => remove(author, id), { code: 'conflict', message: 'This response was already removed.' });
  });

  it.each([
    ['a visitor', VISITOR],
    ['the command line', COMMAND_LINE],
  ])('refuses %s', async (_who, actor) => {
    const id = await responseOf(await reader());

    await expectRefused(id, () => remove(actor, id), { code: 'not-allowed', message: 'Only a signed-in reader can do that.' });
  });
});
