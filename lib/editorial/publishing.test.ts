import { and, eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { articleAddresses, articles, moderationLog, sends } from '@/db/schema';
import { ROLE_PERMISSIONS } from '@/lib/auth/permissions';
import { actorOf, COMMAND_LINE, SYSTEM } from '@/lib/commands/actor';
import { Refusal } from '@/lib/commands/refusal';
import { jobs } from '@/lib/jobs/definitions';
import { run } from '@/test/commands';
import { articleRow, FULL_BODY, insertDraftIssue, insertPublishedIssue, issueRow } from '@/test/publish-fixtures';
import { jobRows, runDueJobs } from '@/test/jobs';
import { insertPerson } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { freshAudience } from '@/test/sending';
import { briefingFor, prepareBriefing } from '@/lib/sending/briefing-email';
import {
  cancelSchedule,
  publishArticle,
  publishIssue,
  publishScheduledIssue,
  republishArticle,
  scheduleIssue,
  unpublishArticle,
} from './publishing';

// Publishing issues and articles: now, at a time (the job), with the issue's send, and taking an article off again.

const { db, connection } = withRealIssue();

async function refusal(attempt: Promise<unknown>) {
  const error = await attempt.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Refusal);
  return { code: (error as Refusal).code, message: (error as Refusal).message, field: (error as Refusal).field };
}

async function logOf(type: 'issue' | 'article', id: number) {
  return db()
    .select({
      action: moderationLog.action,
      actorName: moderationLog.actorName,
      reason: moderationLog.reason,
      before: moderationLog.before,
      after: moderationLog.after,
    })
    .from(moderationLog)
    .where(and(eq(moderationLog.targetType, type), eq(moderationLog.targetId, String(id))))
    .orderBy(moderationLog.id);
}

const statuses = async (issueId: number) =>
  (await db().select({ status: articles.status }).from(articles).where(eq(articles.issueId, issueId)).orderBy(articles.position)).map(
    (row) => row.status,
  );

const inAMinute = () => new Date(Date.now() + 60_000);

describe('publishing an issue now', () => {
  it('publishes it and its drafts at one instant, leaves unpublished articles alone, logs it and expires every page that lists issues', async () => {
    const { issueId, authorId, articleIds } = await insertDraftIssue(db(), [{}, {}, { status: 'unpublished', publishedAt: new Date(0) }]);

    const { output, tags } = await run(publishIssue, COMMAND_LINE, { issueId });

    expect(output).toEqual({ articles: 2, send: null });
    const issue = await issueRow(db(), issueId);
    expect(issue).toMatchObject({ status: 'published', publishedAt: expect.any(Date), scheduledFor: null });
    expect(await statuses(issueId)).toEqual(['published', 'published', 'unpublished']);
    expect((await articleRow(db(), articleIds[0]!)).publishedAt).toEqual(issue.publishedAt);
    expect(await logOf('issue', issueId)).toEqual([
      {
        action: 'issue-publish',
        actorName: 'command line',
        reason: null,
        before: { status: 'draft', scheduledFor: null },
        after: { status: 'published', articlesPublished: 2 },
      },
    ]);
    expect(tags).toEqual([`author:${authorId}`, 'archive', 'feed', `issue:${issueId}`, 'issue-dates', 'sitemap'].sort());
  });

  it('is refused with every blocking finding listed, changing nothing', async () => {
    const { issueId } = await insertDraftIssue(db(), [{ authorId: null }, { title: 'Second', standfirst: 'Figures TK.' }]);

    expect(await refusal(run(publishIssue, COMMAND_LINE, { issueId }))).toEqual({
      code: 'conflict',
      field: undefined,
      message: expect.stringMatching(
        /^It cannot be published yet\. “Article 1 of .*”: It has no author\. “Second”: Its standfirst still has “TK”/,
      ),
    });
    expect(await issueRow(db(), issueId)).toMatchObject({ status: 'draft', publishedAt: null });
    expect(await statuses(issueId)).toEqual(['draft', 'draft']);
    expect(await logOf('issue', issueId)).toEqual([]);
  });

  it('refuses an issue with no articles, and one already published', async () => {
    const empty = await insertDraftIssue(db(), []);
    expect((await refusal(run(publishIssue, COMMAND_LINE, { issueId: empty.issueId }))).message).toMatch(/The issue has no articles/);
    const published = await insertPublishedIssue(db());
    expect(await refusal(run(publishIssue, COMMAND_LINE, { issueId: published.issueId }))).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/already published/),
    });
  });

  it('passes links to pages that exist, to its own articles and to old addresses; blocks links to pages that do not', async () => {
    const sibling = await insertDraftIssue(db(), [{}]);
    const old = await insertPublishedIssue(db());
    await db().insert(articleAddresses).values({ date: old.date, slug: 'its-first-slug', articleId: old.articleIds[0]! });
    await run(publishIssue, COMMAND_LINE, { issueId: sibling.issueId });
    const { issueId, date } = await insertDraftIssue(db(), [
      {
        body: `${FULL_BODY} [ours](/issues/DATE/article-2) [theirs](/issues/${sibling.date}/article-1) [issue](/issues/${old.date}) [real](/issues/2010-09-15) [moved](/issues/${old.date}/its-first-slug)`,
      },
      {},
    ]);
    // Its own date is known once it is made: the link to its second article names it.
    await db()
      .update(articles)
      .set({ body: sql`replace(${articles.body}, 'DATE', ${date})` })
      .where(eq(articles.issueId, issueId));
    expect((await run(publishIssue, COMMAND_LINE, { issueId })).output.articles).toBe(2);

    const broken = await insertDraftIssue(db(), [{ body: `${FULL_BODY} [gone](/issues/${old.date}/no-such-article)` }]);
    expect((await refusal(run(publishIssue, COMMAND_LINE, { issueId: broken.issueId }))).message).toContain(
      `links to /issues/${old.date}/no-such-article, which is not a page on this site`,
    );
  });
});

describe('publishing and sending in one step', () => {
  it('publishes the issue and starts its send in the same transaction', async () => {
    await freshAudience(db(), 3);
    const { issueId } = await insertDraftIssue(db());

    const { output } = await run(publishIssue, COMMAND_LINE, { issueId, send: { audienceSeen: 3 } });

    expect(output.send).toEqual({ sendId: expect.any(Number), audience: 3 });
    expect(await issueRow(db(), issueId)).toMatchObject({ status: 'published', sentAt: expect.any(Date) });
    const [send] = await db().select().from(sends).where(eq(sends.issueId, issueId));
    expect(send).toMatchObject({ state: 'sending', audience: 3 });
  });

  it('when the send is refused (the audience moved since the page showed it), publishes nothing either', async () => {
    await freshAudience(db(), 3);
    const { issueId } = await insertDraftIssue(db());

    expect(await refusal(run(publishIssue, COMMAND_LINE, { issueId, send: { audienceSeen: 300 } }))).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/Nothing was sent/),
    });

    expect(await issueRow(db(), issueId)).toMatchObject({ status: 'draft', publishedAt: null, sentAt: null });
    expect(await statuses(issueId)).toEqual(['draft']);
    expect(await db().select().from(sends).where(eq(sends.issueId, issueId))).toEqual([]);
    expect(await logOf('issue', issueId)).toEqual([]);
  });

  describe('by someone who may publish but not send', () => {
    const editor = [...ROLE_PERMISSIONS.editor];
    afterEach(() => {
      (ROLE_PERMISSIONS.editor as string[]).splice(0, Infinity, ...editor);
    });

    it('is refused, and nothing is published', async () => {
      const person = actorOf(await insertPerson(db(), 'editor'));
      (ROLE_PERMISSIONS.editor as string[]).splice(0, Infinity, 'edit-issues');
      const { issueId } = await insertDraftIssue(db());

      expect(await refusal(run(publishIssue, person, { issueId, send: { audienceSeen: 0 } }))).toMatchObject({ code: 'not-allowed' });
      expect(await issueRow(db(), issueId)).toMatchObject({ status: 'draft' });
      expect((await run(publishIssue, person, { issueId })).output.send).toBeNull();
    });
  });
});

async function jobsFor(issueId: number) {
  return (await jobRows(db(), jobs.scheduledPublish.name)).filter((job) => (job.data as { issueId: number }).issueId === issueId);
}

describe('scheduling an issue', () => {
  it('sets the time and queues its job in the same transaction; cancelling takes it back to draft', async () => {
    const { issueId } = await insertDraftIssue(db());
    const at = new Date(Date.now() + 3_600_000);

    const { tags } = await run(scheduleIssue, COMMAND_LINE, { issueId, at });

    expect(tags).toEqual([]); // nothing readers see changes until it is published
    expect(await issueRow(db(), issueId)).toMatchObject({ status: 'scheduled', scheduledFor: at, publishedAt: null });
    expect(await jobsFor(issueId)).toEqual([
      expect.objectContaining({ state: 'created', startAfter: at, data: { issueId, at: at.toISOString() } }),
    ]);

    await run(cancelSchedule, COMMAND_LINE, { issueId });
    expect(await issueRow(db(), issueId)).toMatchObject({ status: 'draft', scheduledFor: null });
    expect((await logOf('issue', issueId)).map((entry) => [entry.action, entry.before, entry.after])).toEqual([
      ['issue-schedule', { status: 'draft', scheduledFor: null }, { status: 'scheduled', scheduledFor: at.toISOString() }],
      ['issue-unschedule', { status: 'scheduled', scheduledFor: at.toISOString() }, { status: 'draft' }],
    ]);
    // The job of the cancelled schedule, when it comes, does nothing.
    expect((await run(publishScheduledIssue, SYSTEM, { issueId, at: at.toISOString() })).output).toEqual({ outcome: 'stale' });
    expect(await issueRow(db(), issueId)).toMatchObject({ status: 'draft' });
  });

  it('refuses a time that has passed (beside the field), a blocked issue, a published one; cancelling needs a schedule', async () => {
    const { issueId } = await insertDraftIssue(db());
    expect(await refusal(run(scheduleIssue, COMMAND_LINE, { issueId, at: new Date(Date.now() - 1000) }))).toMatchObject({
      code: 'invalid',
      field: 'at',
    });
    const blocked = await insertDraftIssue(db(), [{ title: 'TK' }]);
    expect((await refusal(run(scheduleIssue, COMMAND_LINE, { issueId: blocked.issueId, at: inAMinute() }))).message).toMatch(
      /^It cannot be scheduled yet\./,
    );
    const published = await insertPublishedIssue(db());
    expect(await refusal(run(scheduleIssue, COMMAND_LINE, { issueId: published.issueId, at: inAMinute() }))).toMatchObject({
      code: 'conflict',
    });
    expect(await refusal(run(cancelSchedule, COMMAND_LINE, { issueId }))).toMatchObject({ code: 'conflict' });
    expect(await jobsFor(issueId)).toEqual([]);
    expect(await jobsFor(blocked.issueId)).toEqual([]);
  });
});

describe('the scheduled publish', () => {
  it('fires once at its time: the job publishes the issue, and running it again does nothing', async () => {
    const { issueId } = await insertDraftIssue(db());
    const at = new Date(Date.now() + 1200);
    await run(scheduleIssue, COMMAND_LINE, { issueId, at });

    // Not yet due: the worker finds nothing of it.
    expect((await runDueJobs(connection(), jobs.scheduledPublish)).length).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, at.getTime() - Date.now() + 50)));
    expect((await runDueJobs(connection(), jobs.scheduledPublish)).filter((outcome) => outcome.error)).toEqual([]);

    expect(await issueRow(db(), issueId)).toMatchObject({ status: 'published', scheduledFor: null });
    expect(await statuses(issueId)).toEqual(['published']);
    // The same job again (a retry after a lost acknowledgement): nothing more happens.
    expect((await run(publishScheduledIssue, SYSTEM, { issueId, at: at.toISOString() })).output).toEqual({ outcome: 'stale' });
    expect((await logOf('issue', issueId)).map((entry) => [entry.action, entry.actorName, entry.after])).toEqual([
      ['issue-schedule', 'command line', { status: 'scheduled', scheduledFor: at.toISOString() }],
      ['issue-publish', 'the system', { status: 'published', articlesPublished: 1, by: 'schedule' }],
    ]);
    expect(await jobsFor(issueId)).toEqual([expect.objectContaining({ state: 'completed' })]);
  });

  it('run by two workers at once publishes once', async () => {
    const { issueId } = await insertDraftIssue(db());
    const at = inAMinute();
    await run(scheduleIssue, COMMAND_LINE, { issueId, at });

    const outcomes = await Promise.all([
      run(publishScheduledIssue, SYSTEM, { issueId, at: at.toISOString() }),
      run(publishScheduledIssue, SYSTEM, { issueId, at: at.toISOString() }),
    ]);

    expect(outcomes.map(({ output }) => output.outcome).sort()).toEqual(['published', 'stale']);
    expect((await logOf('issue', issueId)).filter((entry) => entry.action === 'issue-publish')).toHaveLength(1);
  });

  it('of a schedule since moved does nothing; the job of the new time publishes', async () => {
    const { issueId } = await insertDraftIssue(db());
    const first = new Date(Date.now() + 3_600_000);
    const second = new Date(Date.now() + 7_200_000);
    await run(scheduleIssue, COMMAND_LINE, { issueId, at: first });
    await run(scheduleIssue, COMMAND_LINE, { issueId, at: second });
    expect((await jobsFor(issueId)).map((job) => job.startAfter)).toEqual([first, second]);

    expect((await run(publishScheduledIssue, SYSTEM, { issueId, at: first.toISOString() })).output).toEqual({ outcome: 'stale' });
    expect(await issueRow(db(), issueId)).toMatchObject({ status: 'scheduled', scheduledFor: second });
    expect((await run(publishScheduledIssue, SYSTEM, { issueId, at: second.toISOString() })).output).toEqual({ outcome: 'published' });
  });

  it('that an issue published by hand since finds nothing to do', async () => {
    const { issueId } = await insertDraftIssue(db());
    const at = inAMinute();
    await run(scheduleIssue, COMMAND_LINE, { issueId, at });
    await run(publishIssue, COMMAND_LINE, { issueId });
    expect((await run(publishScheduledIssue, SYSTEM, { issueId, at: at.toISOString() })).output).toEqual({ outcome: 'stale' });
  });

  it('blocked by the checklist at its time (an edit since) does not publish: back to draft, the reason on the log', async () => {
    const { issueId, articleIds } = await insertDraftIssue(db());
    const at = inAMinute();
    await run(scheduleIssue, COMMAND_LINE, { issueId, at });
    await db()
      .update(articles)
      .set({ body: `${FULL_BODY} TK` })
      .where(eq(articles.id, articleIds[0]!));

    const { output, tags } = await run(publishScheduledIssue, SYSTEM, { issueId, at: at.toISOString() });

    expect(output).toEqual({ outcome: 'blocked', reason: expect.stringContaining('Its body still has “TK”') });
    expect(tags).toEqual([]);
    expect(await issueRow(db(), issueId)).toMatchObject({ status: 'draft', scheduledFor: null, publishedAt: null });
    expect(await statuses(issueId)).toEqual(['draft']);
    expect((await logOf('issue', issueId)).at(-1)).toEqual({
      action: 'issue-publish-blocked',
      actorName: 'the system',
      reason: expect.stringContaining('Its body still has “TK”'),
      before: { status: 'scheduled', scheduledFor: at.toISOString() },
      after: { status: 'draft' },
    });
  });
});

describe('one article of a published issue', () => {
  it('a draft added later is published on its own, after its own checklist', async () => {
    const { issueId, articleIds } = await insertPublishedIssue(db(), ['published', 'draft']);
    const draft = articleIds[1]!;
    await db().update(articles).set({ standfirst: 'TK' }).where(eq(articles.id, draft));
    expect((await refusal(run(publishArticle, COMMAND_LINE, { articleId: draft }))).message).toMatch(/standfirst still has “TK”/);
    await db().update(articles).set({ standfirst: 'Now written.' }).where(eq(articles.id, draft));

    const { output, tags } = await run(publishArticle, COMMAND_LINE, { articleId: draft });

    expect(output).toEqual({ articleId: draft, status: 'published' });
    expect(await articleRow(db(), draft)).toMatchObject({ status: 'published', publishedAt: expect.any(Date) });
    expect(tags).toEqual(expect.arrayContaining([`article:${draft}`, `issue:${issueId}`, 'feed', 'sitemap', 'archive']));
    expect(await refusal(run(publishArticle, COMMAND_LINE, { articleId: draft }))).toMatchObject({ code: 'conflict' });
  });

  it('a draft of an issue not yet published waits for its issue', async () => {
    const { articleIds } = await insertDraftIssue(db());
    expect((await refusal(run(publishArticle, COMMAND_LINE, { articleId: articleIds[0]! }))).message).toMatch(/publish the issue/);
  });

  it('is unpublished with a note (required, short), and republished under its first date; each logged before → after', async () => {
    const { articleIds } = await insertPublishedIssue(db());
    const articleId = articleIds[0]!;
    const firstPublished = (await articleRow(db(), articleId)).publishedAt;
    expect(await refusal(run(unpublishArticle, COMMAND_LINE, { articleId, note: '  ' }))).toMatchObject({ code: 'invalid', field: 'note' });
    expect(await refusal(run(unpublishArticle, COMMAND_LINE, { articleId, note: 'x'.repeat(301) }))).toMatchObject({ field: 'note' });

    const { tags } = await run(unpublishArticle, COMMAND_LINE, { articleId, note: ' Withdrawn at the author’s request. ' });
    expect(tags).toEqual(expect.arrayContaining([`article:${articleId}`, 'feed', 'sitemap']));
    expect(await articleRow(db(), articleId)).toMatchObject({
      status: 'unpublished',
      unpublishedNote: 'Withdrawn at the author’s request.',
    });
    expect(await refusal(run(unpublishArticle, COMMAND_LINE, { articleId, note: 'Again.' }))).toMatchObject({ code: 'conflict' });

    await run(republishArticle, COMMAND_LINE, { articleId });
    expect(await articleRow(db(), articleId)).toMatchObject({ status: 'published', unpublishedNote: null, publishedAt: firstPublished });
    expect(await refusal(run(republishArticle, COMMAND_LINE, { articleId }))).toMatchObject({ code: 'conflict' });
    expect((await logOf('article', articleId)).map((entry) => [entry.action, entry.before, entry.after])).toEqual([
      [
        'article-unpublish',
        { status: 'published', unpublishedNote: null },
        { status: 'unpublished', unpublishedNote: 'Withdrawn at the author’s request.' },
      ],
      [
        'article-republish',
        { status: 'unpublished', unpublishedNote: 'Withdrawn at the author’s request.' },
        { status: 'published', unpublishedNote: null },
      ],
    ]);
  });

  it('once unpublished, is left out of the briefing email too', async () => {
    const { issueId, articleIds } = await insertPublishedIssue(db(), ['published', 'published']);
    await run(unpublishArticle, COMMAND_LINE, { articleId: articleIds[0]!, note: 'Withdrawn.' });
    const email = briefingFor(await prepareBriefing(db(), issueId), { subscriberId: null, email: 'editor@example.org' });
    const [first, second] = await Promise.all(articleIds.map((id) => articleRow(db(), id)));
    expect(email.text).not.toContain(first!.title);
    expect(email.text).toContain(second!.title);
  });

  it('refuses what does not exist', async () => {
    expect(await refusal(run(unpublishArticle, COMMAND_LINE, { articleId: 999_999, note: 'Gone.' }))).toMatchObject({ code: 'not-found' });
    expect(await refusal(run(publishIssue, COMMAND_LINE, { issueId: 999_999 }))).toMatchObject({ code: 'not-found' });
  });
});
