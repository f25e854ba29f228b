import { asc, count, eq, lt } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { articles, issues, rateLimits, responseDrafts, responses, users } from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/session';
import { actorOf, COMMAND_LINE, VISITOR, type Actor } from '@/lib/commands/actor';
import { Refusal } from '@/lib/commands/refusal';
import { DRAFT_RULES, windowStart } from '@/lib/ratelimit/rules';
import { run } from '@/test/commands';
import { insertArticle, insertPerson, insertResponse, lastLogId, logSince, responseRow, useSettings } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { expectRefusal, type ExpectedRefusal } from '@/test/refused';
import { EXPIRED_PER_SAVE, keepDraft, type Draft } from './draft-store';
import { addResponse, type NewResponse } from './post';

/**
 * Posting and keeping drafts as commands, with no form and no request, against a real (fresh, migrated) database:
 * every rule a post meets — the article, the answered response, the name, the limits, the moderation rules — and
 * what a refusal leaves (nothing).
 */

// The fixtures read people as the session does, which loads Auth.js; no session is needed here.
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));

const { db, site } = withRealIssue();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let draftIssueId: number;
let open: number;
let openPath: string;

beforeAll(async () => {
  const [draftIssue] = await db().insert(issues).values({ date: '2010-09-29', status: 'draft' }).returning({ id: issues.id });
  draftIssueId = draftIssue!.id;
});

beforeEach(async () => {
  // Most tests publish: a reader's first response is not held unless a test says so.
  await useSettings(db(), { holdFirstResponses: 0 });
  open = await insertArticle(db(), site());
  openPath = await pathOf(open);
});

async function pathOf(articleId: number) {
  const [row] = await db()
    .select({ slug: articles.slug, date: issues.date })
    .from(articles)
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(eq(articles.id, articleId));
  return `/issues/${row!.date}/${row!.slug}`;
}

/** An article of an issue not yet published. */
const unpublishedArticle = () => insertArticle(db(), { ...site(), issueId: draftIssueId });

/** An article of the published issue that is a draft still, or was unpublished. */
async function articleWithStatus(status: 'draft' | 'unpublished'): Promise<number> {
  const articleId = await insertArticle(db(), site());
  await db()
    .update(articles)
    .set({ status, publishedAt: status === 'draft' ? null : new Date() })
    .where(eq(articles.id, articleId));
  return articleId;
}

/** A reader (10 days old and named, unless told otherwise) as the session gives them. */
const reader = (values: Partial<typeof users.$inferInsert> = {}) => insertPerson(db(), 'reader', values);

const post = (who: CurrentUser | Actor, input: Partial<NewResponse> & { body: string }) =>
  run(addResponse, 'email' in who ? actorOf(who) : who, { articleId: open, ...input });

const responsesBy = (authorId: string) => db().select().from(responses).where(eq(responses.authorId, authorId)).orderBy(responses.id);

/**
 * Runs `attempt`, which should be refused with `expected` (its code, message and field: none unless given), and
 * checks that it changed no response, name or draft, and logged nothing.
 */
const expectRefused = (attempt: () => Promise<unknown>, expected: ExpectedRefusal) =>
  expectRefusal(attempt, expected, {
    unchanged: async () => ({
      responses: await db().select().from(responses).orderBy(asc(responses.id)),
      users: await db().select().from(users).orderBy(asc(users.id)),
      drafts: await db().select().from(responseDrafts).orderBy(asc(responseDrafts.id)),
    }),
    logOf: db(),
  });

describe('addResponse', () => {
  it('publishes a named reader’s response, tidied, and names the article’s lists and the counts as changed', async () => {
    const author = await reader();

    const { output, tags } = await post(author, { body: '  A considered response.\r\n\r\nSecond paragraph.  \n' });

    const rows = await responsesBy(author.id);
    expect(rows).toEqual([
      expect.objectContaining({
        id: output.id,
        articleId: open,
        body: 'A considered response.\n\nSecond paragraph.',
        status: 'published',
        parentId: null,
        replyToId: null,
        editedAt: null,
        removedBy: null,
      }),
    ]);
    expect(output).toEqual({ id: rows[0]!.id, status: 'published', article: { title: expect.any(String), path: openPath } });
    expect(tags).toEqual(['response-counts', `responses:${open}`]);
  });

  it.each([
    ['a visitor', VISITOR],
    ['the command line', COMMAND_LINE],
  ])('refuses %s: a response needs a signed-in author', async (_who, actor) => {
    await expectRefused(() => post(actor, { body: 'Anyone?' }), { code: 'not-allowed', message: 'Only a signed-in reader can do that.' });
  });

  it.each([
    [
      'suspended',
      { suspendedUntil: new Date(Date.now() + 3 * DAY), sanctionReason: 'Rude.' },
      /^Your account is suspended until .*Rude\.$/,
    ],
    ['banned', { banned: true, sanctionReason: 'Spam.' }, /^Your account is banned from taking part: .*Spam\.$/],
  ])('refuses a %s reader, saying why, whoever runs it', async (_what, sanction, message) => {
    const author = await reader(sanction);

    await expect(post(author, { body: 'Let me speak.' })).rejects.toThrow(message);
    expect(await responsesBy(author.id)).toEqual([]);
  });

  it('lets a reader whose suspension has ended post again', async () => {
    const author = await reader({ suspendedUntil: new Date(Date.now() - MINUTE) });

    expect((await post(author, { body: 'Back again.' })).output.status).toBe('published');
  });

  describe('the text', () => {
    it.each([
      ['empty', '', 'Please write your response.'],
      ['only whitespace', '  \r\n\t  \n ', 'Please write your response.'],
      ['5001 characters', 'x'.repeat(5001), 'Your response is 5,001 characters long; the limit is 5,000.'],
      ['a right-to-left override (U+202E)', 'Totally \u202Eharmless', expect.stringContaining('direction control character')],
      ['a left-to-right isolate (U+2066)', 'A \u2066quoted\u2069 word', expect.stringContaining('direction control character')],
    ])('refuses a body that is %s, beside the body', async (_what, body, message) => {
      const author = await reader();

      const refusal = await post(author, { body }).catch((error: unknown) => error);

      expect(refusal).toBeInstanceOf(Refusal);
      expect(refusal).toMatchObject({ code: 'invalid', field: 'body', message });
      expect(await responsesBy(author.id)).toEqual([]);
    });

    it.each([
      ['emoji', 'Agreed 👍🏽 — and 👨‍👩‍👧 families too 🎉'],
      ['right-to-left text', 'مرحبا بالعالم — שלום עולם'],
      ['5000 characters outside the BMP', '😀'.repeat(5000)],
    ])('accepts %s as written', async (_what, body) => {
      const author = await reader();

      await post(author, { body });

      expect(await responsesBy(author.id)).toEqual([expect.objectContaining({ body, status: 'published' })]);
    });
  });

  describe('the name', () => {
    it('names a reader who had no name with the one given, tidied, and posts', async () => {
      const author = await reader({ displayName: null });

      await post(author, { body: 'Named at last.', displayName: '  Ada   Reader ' });

      expect((await db().select({ displayName: users.displayName }).from(users).where(eq(users.id, author.id)))[0]).toEqual({
        displayName: 'Ada Reader',
      });
      expect(await responsesBy(author.id)).toEqual([expect.objectContaining({ body: 'Named at last.', status: 'published' })]);
    });

    it('keeps the name of a reader who has one, whatever name comes with the response', async () => {
      const author = await reader({ displayName: 'Grace' });

      await post(author, { body: 'Still Grace.', displayName: 'Someone Else' });

      expect(await db().select({ displayName: users.displayName }).from(users).where(eq(users.id, author.id))).toEqual([
        { displayName: 'Grace' },
      ]);
    });

    it.each([
      ['no name at all', undefined, 'Please enter your name.'],
      ['control characters', 'Eve\u202Eevil', expect.stringContaining('control characters')],
      [
        'a staff title',
        'The Moderator',
        'Your name may not present you as the site’s staff (it reads as “moderator”). Please choose another.',
      ],
      ['a banned word', 'Ada the Idiot', 'Your name uses words that are not allowed here: idiot.'],
      ['a zero-width joiner', 'Ad\u200Dmin', 'Your name may not contain invisible characters such as zero-width spaces.'],
    ])('refuses a nameless reader’s response with %s for a name, beside the name', async (_what, displayName, message) => {
      await useSettings(db(), { holdFirstResponses: 0, bannedWords: ['idiot'] });
      const author = await reader({ displayName: null });

      const refusal = await post(author, { body: 'Hello.', displayName }).catch((error: unknown) => error);

      expect(refusal).toMatchObject({ code: 'invalid', field: 'displayName', message });
      expect(await responsesBy(author.id)).toEqual([]);
      expect(await db().select({ displayName: users.displayName }).from(users).where(eq(users.id, author.id))).toEqual([
        { displayName: null },
      ]);
    });

    it('lets staff, unlike readers, give a staff title as their name', async () => {
      const moderator = await insertPerson(db(), 'moderator', { displayName: null });

      await post(moderator, { body: 'From the desk.', displayName: 'The Moderator' });

      expect(await db().select({ displayName: users.displayName }).from(users).where(eq(users.id, moderator.id))).toEqual([
        { displayName: 'The Moderator' },
      ]);
    });
  });

  describe('the article', () => {
    it('refuses a response to an article whose responses are closed', async () => {
      const closed = await insertArticle(db(), site(), 'closed');
      const author = await reader();
      await expectRefused(() => post(author, { articleId: closed, body: 'Let me in.' }), {
        code: 'conflict',
        message: 'Responses to this article are closed.',
      });
    });

    it('refuses a response to an article of an unpublished issue, or none', async () => {
      const author = await reader();
      for (const articleId of [await unpublishedArticle(), 2147483647]) {
        await expectRefused(() => post(author, { articleId, body: 'Early.' }), {
          code: 'not-found',
          message: 'This article is not open for responses.',
        });
      }
    });

    it.each(['draft', 'unpublished'] as const)('refuses a response to a %s article of the published issue', async (status) => {
      const articleId = await articleWithStatus(status);
      const author = await reader();
      await expectRefused(() => post(author, { articleId, body: 'Hello?' }), {
        code: 'not-found',
        message: 'This article is not open for responses.',
      });
    });

    it('holds a response to a premoderated article for review, naming only the article’s lists as changed', async () => {
      const premoderated = await insertArticle(db(), site(), 'premoderated');
      const author = await reader();

      const { output, tags } = await post(author, { articleId: premoderated, body: 'For the moderators.' });

      expect(await responseRow(db(), output.id)).toMatchObject({ status: 'pending', heldFor: 'premoderated', articleId: premoderated });
      expect(output).toMatchObject({ status: 'pending', article: { path: await pathOf(premoderated) } });
      expect(tags).toEqual([`responses:${premoderated}`]);
    });
  });

  describe('replies', () => {
    it('threads a reply to a first response under it', async () => {
      const first = await insertResponse(db(), { articleId: open, authorId: (await reader()).id });
      const replier = await reader();

      await post(replier, { replyToId: first, body: 'A reply.' });

      expect(await responsesBy(replier.id)).toEqual([expect.objectContaining({ parentId: first, replyToId: first, status: 'published' })]);
    });

    it('threads a reply to a reply under the thread’s first response, answering the reply', async () => {
      const first = await insertResponse(db(), { articleId: open, authorId: (await reader()).id, ago: 10 * MINUTE });
      const [reply] = await db()
        .insert(responses)
        .values({ articleId: open, authorId: (await reader()).id, parentId: first, replyToId: first, body: 'A reply.' })
        .returning({ id: responses.id });
      const replier = await reader();

      await post(replier, { replyToId: reply!.id, body: 'A reply to the reply.' });

      expect(await responsesBy(replier.id)).toEqual([expect.objectContaining({ parentId: first, replyToId: reply!.id })]);
    });

    it('refuses a reply on an article unpublished since the response it answers', async () => {
      const articleId = await insertArticle(db(), site());
      const first = await insertResponse(db(), { articleId, authorId: (await reader()).id });
      await db().update(articles).set({ status: 'unpublished' }).where(eq(articles.id, articleId));
      const replier = await reader();
      await expectRefused(() => post(replier, { articleId, replyToId: first, body: 'Still there?' }), {
        code: 'not-found',
        message: 'This article is not open for responses.',
      });
    });

    it.each([
      ['a response to another article', async () => insertResponse(db(), { articleId: await insertArticle(db(), site()), authorId: null })],
      ['a removed response', () => insertResponse(db(), { articleId: open, authorId: null, status: 'removed' })],
      ['a response awaiting review', () => insertResponse(db(), { articleId: open, authorId: null, status: 'pending' })],
      ['a response that is not there', async () => 2147483647],
    ])('refuses a reply to %s', async (_what, answered) => {
      const replyToId = await answered();
      const replier = await reader();
      await expectRefused(() => post(replier, { replyToId, body: 'Hello?' }), {
        code: 'not-found',
        message: 'The response you are replying to is no longer there.',
      });
    });
  });

  describe('rate limits', () => {
    it('makes an established reader wait 10 seconds between responses, and lets them post after 20', async () => {
      const author = await reader();
      await post(author, { body: 'First.' });

      const refusal = await post(author, { body: 'Second, too soon.' }).catch((error: unknown) => error);

      expect(refusal).toMatchObject({ code: 'limited' });
      expect((refusal as Error).message).toMatch(/^Please wait (\d|10) seconds? before posting again \(10 seconds between responses\)\.$/);
      expect((await responsesBy(author.id)).map((row) => row.body)).toEqual(['First.']);

      await db()
        .update(responses)
        .set({ createdAt: new Date(Date.now() - 20_000) })
        .where(eq(responses.authorId, author.id));
      await post(author, { body: 'After a pause.' });
      expect(await responsesBy(author.id)).toHaveLength(2);
    });

    it('makes a reader under a day old wait 30 seconds', async () => {
      const author = await reader({ createdAt: new Date(Date.now() - HOUR) });
      await insertResponse(db(), { articleId: open, authorId: author.id, ago: 20_000 });

      const refusal = await post(author, { body: 'Too soon for a new account.' }).catch((error: unknown) => error);

      expect(refusal).toMatchObject({ code: 'limited' });
      expect((refusal as Error).message).toMatch(
        /^Please wait 1\d seconds before posting again \(30 seconds between responses for new accounts\)\.$/,
      );
      expect(await responsesBy(author.id)).toHaveLength(1);
    });

    it('caps a reader under a day old at 10 responses in the day', async () => {
      const author = await reader({ createdAt: new Date(Date.now() - HOUR) });
      for (let i = 9; i >= 1; i -= 1) await insertResponse(db(), { articleId: open, authorId: author.id, ago: i * 5 * MINUTE });

      await post(author, { body: 'The tenth.' });
      expect(await responsesBy(author.id)).toHaveLength(10);

      await expectRefused(() => post(author, { body: 'The eleventh.' }), {
        code: 'limited',
        message: 'New accounts may post 10 responses in their first day. You can post again in 23 hours.',
      });
    });
  });

  describe('the moderation rules', () => {
    it('holds a new reader’s first response, and publishes the next once one is published', async () => {
      await useSettings(db(), { holdFirstResponses: 1 });
      const author = await reader();
      const logId = await lastLogId(db());

      const first = await post(author, { body: 'My first response.' });

      expect(await responseRow(db(), first.output.id)).toMatchObject({
        status: 'pending',
        heldFor: 'first-responses',
        rejectionReason: null,
      });
      expect(first.output.status).toBe('pending');
      expect(first.tags).toEqual([`responses:${open}`]); // nothing new to count yet
      expect(await logSince(db(), logId)).toEqual([]); // a hold is the queue's business, not the log's

      // A moderator approves it (and some time passes, so that the rate limit is not what is tested).
      await db()
        .update(responses)
        .set({ status: 'published', heldFor: null, createdAt: new Date(Date.now() - 20_000) })
        .where(eq(responses.id, first.output.id));

      const second = await post(author, { body: 'My second response.' });

      expect(await responseRow(db(), second.output.id)).toMatchObject({ status: 'published', heldFor: null, body: 'My second response.' });
      expect(second.tags).toEqual(['response-counts', `responses:${open}`]);
    });

    it('holds each of the first N responses while fewer than N are published', async () => {
      await useSettings(db(), { holdFirstResponses: 2 });
      const author = await reader();
      await insertResponse(db(), { articleId: open, authorId: author.id, ago: HOUR });

      const { output } = await post(author, { body: 'Still new here.' });

      expect(await responseRow(db(), output.id)).toMatchObject({ status: 'pending', heldFor: 'first-responses' });
    });

    it('rejects a response using a banned word, whatever its case and accents, and logs it as the rules', async () => {
      await useSettings(db(), { holdFirstResponses: 0, bannedWords: ['crétin'] });
      const author = await reader();
      const logId = await lastLogId(db());

      const { output, tags } = await post(author, { body: 'What a CRETIN' });

      const row = await responseRow(db(), output.id);
      expect(row).toMatchObject({ status: 'rejected', heldFor: null, rejectionReason: 'banned-words', body: 'What a CRETIN' });
      expect(row.rejectionNote).toContain('crétin');
      expect(output.status).toBe('rejected');
      expect(tags).toEqual([`responses:${open}`]);
      expect(await logSince(db(), logId)).toEqual([
        expect.objectContaining({
          action: 'rules-reject',
          actorId: null,
          actorName: 'the rules',
          targetType: 'response',
          targetId: String(output.id),
          subjectId: author.id,
          articleId: open,
          after: { status: 'rejected' },
        }),
      ]);
    });

    it('does not reject a word that merely contains a banned one', async () => {
      await useSettings(db(), { holdFirstResponses: 0, bannedWords: ['class'] });

      const { output } = await post(await reader(), { body: 'A classic argument.' });

      expect(output.status).toBe('published');
    });

    it('holds a response using a suspect word for review, logging nothing', async () => {
      await useSettings(db(), { holdFirstResponses: 0, suspectWords: ['idiot'] });
      const logId = await lastLogId(db());

      const { output } = await post(await reader(), { body: 'Only an Idiot would say so.' });

      expect(await responseRow(db(), output.id)).toMatchObject({ status: 'pending', heldFor: 'suspect-words', rejectionReason: null });
      expect(await logSince(db(), logId)).toEqual([]);
    });

    it('holds a response with more links than allowed, and publishes one with as many as allowed', async () => {
      await useSettings(db(), { holdFirstResponses: 0, maxLinks: 2 });
      const links = (n: number) => Array.from({ length: n }, (_, i) => `[source ${i}](https://example.org/${i})`).join(' and ');

      const allowed = await post(await reader(), { body: `See ${links(2)}.` });
      const held = await post(await reader(), { body: `See ${links(3)}.` });

      expect(await responseRow(db(), allowed.output.id)).toMatchObject({ status: 'published', heldFor: null });
      expect(await responseRow(db(), held.output.id)).toMatchObject({ status: 'pending', heldFor: 'links' });
    });

    it('publishes staff at once, even their first response in a premoderated article or with a suspect word', async () => {
      await useSettings(db(), { holdFirstResponses: 5, suspectWords: ['idiot'] });
      const premoderated = await insertArticle(db(), site(), 'premoderated');
      const moderator = await insertPerson(db(), 'moderator');

      const first = await post(moderator, { articleId: premoderated, body: 'A note from the editors.' });
      await db()
        .update(responses)
        .set({ createdAt: new Date(Date.now() - 20_000) })
        .where(eq(responses.id, first.output.id));
      const suspect = await post(moderator, { body: 'Please do not call anyone an idiot.' });

      expect(await responseRow(db(), first.output.id)).toMatchObject({ status: 'published', heldFor: null, articleId: premoderated });
      expect(first.output.article.path).toBe(await pathOf(premoderated));
      expect(await responseRow(db(), suspect.output.id)).toMatchObject({ status: 'published', heldFor: null });
    });

    it('still rejects a banned word from staff', async () => {
      await useSettings(db(), { holdFirstResponses: 0, bannedWords: ['crétin'] });

      const { output } = await post(await insertPerson(db(), 'moderator'), { body: 'Crétin.' });

      expect(await responseRow(db(), output.id)).toMatchObject({ status: 'rejected', rejectionReason: 'banned-words' });
    });
  });

  it('removes the draft the response was kept in, and no other', async () => {
    const [kept, other] = await db()
      .insert(responseDrafts)
      .values([
        { articleId: open, body: 'From a draft.' },
        { articleId: open, body: 'Someone else’s draft.' },
      ])
      .returning({ id: responseDrafts.id });

    await post(await reader(), { body: 'From a draft.', draftId: kept!.id });

    expect(await db().select({ id: responseDrafts.id }).from(responseDrafts).where(eq(responseDrafts.id, kept!.id))).toEqual([]);
    expect(await db().select({ id: responseDrafts.id }).from(responseDrafts).where(eq(responseDrafts.id, other!.id))).toHaveLength(1);
  });

  it('keeps the draft when the response is refused', async () => {
    const [kept] = await db().insert(responseDrafts).values({ articleId: open, body: 'Kept.' }).returning({ id: responseDrafts.id });
    const author = await reader();

    await expectRefused(() => post(author, { body: '', draftId: kept!.id }), {
      code: 'invalid',
      message: 'Please write your response.',
      field: 'body',
    });
  });
});

describe('keepDraft', () => {
  let network = 0;
  /** A draft from a network of its own (so that the hourly limit of one test does not reach another). */
  const draft = (input: Partial<Draft> & { body: string }, actor: Actor = VISITOR) =>
    run(keepDraft, actor, { articleId: open, network: `192.0.2.${++network}`, replacing: null, ...input });
  const draftRow = async (id: string) => (await db().select().from(responseDrafts).where(eq(responseDrafts.id, id)))[0];
  const draftCount = async () => (await db().select({ value: count() }).from(responseDrafts))[0]!.value;

  it('keeps a visitor’s text, tidied, for the article it was written to, changing no page', async () => {
    const { output, tags } = await draft({ body: '  Written while signed out.  ' });

    expect(output.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await draftRow(output.id)).toMatchObject({ articleId: open, replyToId: null, body: 'Written while signed out.' });
    expect(tags).toEqual([]);
  });

  it('keeps a signed-in reader’s too (one without a name yet), and a reply to a response that is there', async () => {
    const first = await insertResponse(db(), { articleId: open, authorId: (await reader()).id });

    const { output } = await draft({ body: 'Nameless so far.', replyToId: first }, actorOf(await reader({ displayName: null })));

    expect(await draftRow(output.id)).toMatchObject({ replyToId: first, body: 'Nameless so far.' });
  });

  it('replaces the draft the browser held', async () => {
    const before = await draftCount();
    const first = await draft({ body: 'My first thought.' });

    const second = await draft({ body: 'My better thought.', replacing: first.output.id });

    expect(await draftRow(first.output.id)).toBeUndefined();
    expect(await draftRow(second.output.id)).toMatchObject({ body: 'My better thought.' });
    expect(await draftCount()).toBe(before + 1);
  });

  it.each([
    ['an article whose responses are closed', 'conflict', () => insertArticle(db(), site(), 'closed')],
    ['an article of an unpublished issue', 'not-found', unpublishedArticle],
    ['an unpublished article', 'not-found', () => articleWithStatus('unpublished')],
  ] as const)('keeps nothing for %s, counting nothing', async (_what, code, article) => {
    const articleId = await article();
    await expectRefused(() => draft({ body: 'Early.', articleId, network: '192.0.2.250' }), {
      code,
      message: 'This article is not open for responses.',
    });
    expect(await db().select().from(rateLimits).where(eq(rateLimits.key, 'draft:network:192.0.2.250'))).toEqual([]);
  });

  it('keeps nothing for a reply to a response that is not there', async () => {
    await expectRefused(() => draft({ body: 'Hi', replyToId: 2147483647 }), {
      code: 'not-found',
      message: 'The response you are replying to is no longer there.',
    });
  });

  it('keeps nothing that could not be posted: an empty text, beside the body', async () => {
    await expectRefused(() => draft({ body: '   ' }), { code: 'invalid', message: 'Please write your response.', field: 'body' });
  });

  it('refuses a draft beyond the hour’s limit for a network, saying so, and stores nothing', async () => {
    // Halfway through an hour's window, so that the hour cannot turn in the middle of the test.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(windowStart(Date.now(), 3600) + 30 * MINUTE);
    try {
      const { limit } = DRAFT_RULES.perNetwork('198.51.100.0');
      for (let browser = 1; browser <= limit; browser++) await draft({ body: `Draft ${browser}.`, network: '198.51.100.0' });

      await expectRefused(() => draft({ body: 'One too many.', network: '198.51.100.0' }), {
        code: 'limited',
        message:
          'Too many responses have been kept for after sign-in from your network. Please try again in 30 minutes, or sign in (and choose your name) first and post it directly.',
      });

      // Another network is not held back by this one.
      expect(await draftRow((await draft({ body: 'From elsewhere.', network: '2001:db8:1:2::' })).output.id)).toBeDefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('removes a bounded batch of expired drafts per save, oldest first, and none that is still live', async () => {
    await db()
      .delete(responseDrafts)
      .where(lt(responseDrafts.createdAt, new Date(Date.now() - 7 * DAY)));
    const expiredAt = (index: number) => new Date(Date.now() - 30 * DAY + index * MINUTE);
    await db()
      .insert(responseDrafts)
      .values(
        Array.from({ length: EXPIRED_PER_SAVE + 3 }, (_, index) => ({
          articleId: open,
          body: `Old ${index}.`,
          createdAt: expiredAt(index),
        })),
      );
    const [live] = await db()
      .insert(responseDrafts)
      .values({ articleId: open, body: 'Still waiting.', createdAt: new Date(Date.now() - 7 * DAY + HOUR) })
      .returning({ id: responseDrafts.id });

    await draft({ body: 'A new draft.' });

    const left = await db()
      .select({ body: responseDrafts.body })
      .from(responseDrafts)
      .where(lt(responseDrafts.createdAt, new Date(Date.now() - 7 * DAY)))
      .orderBy(responseDrafts.createdAt);
    expect(left).toEqual([0, 1, 2].map((index) => ({ body: `Old ${EXPIRED_PER_SAVE + index}.` })));
    expect(await draftRow(live!.id)).toBeDefined();
  });
});
