import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { responses } from '@/db/schema';
import { jobs } from '@/lib/jobs/definitions';
import { postResponse } from '@/lib/responses/actions';
import { jobRows, runDueJobsQuietly } from '@/test/jobs';
import { withMailOutbox } from '@/test/mail-outbox';
import { form, insertAppeal, insertArticle, insertPerson, insertReports, signInAs } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { redirectOf } from '@/test/redirect';
import { approveResponse, decideAppeal, rejectResponse } from './actions';

/**
 * A reply that is published later — a held reply approved, a rejection overturned on appeal — emails the author of
 * the response it answers, once, as one published at once does (lib/responses/actions.test.ts).
 */

vi.mock('next/navigation', () => import('@/test/request').then((mocks) => mocks.navigation()));
vi.mock('next/headers', () => import('@/test/request').then((mocks) => mocks.headers()));
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));
vi.mock('@/lib/auth/session', (importActual) => import('@/test/request').then((mocks) => mocks.session(importActual)));

const mailDir = withMailOutbox('approved-reply-mail');

const { db, site, connection } = withRealIssue();

/** The messages written to the outbox so far, each as its raw text. */
function mails(): string[] {
  return fs.readdirSync(mailDir).map((name) => fs.readFileSync(path.join(mailDir, name), 'utf8'));
}
const mailsTo = (email: string) => mails().filter((mail) => mail.includes(`To: ${email}`));

const runReplyJobs = () => runDueJobsQuietly(connection(), jobs.replyNotification);

beforeEach(async () => {
  await runReplyJobs();
});

/** A premoderated article with a published response by a reader who wants reply emails. */
async function answeredResponse() {
  const articleId = await insertArticle(db(), site(), 'premoderated');
  const answered = await insertPerson(db(), 'reader', { displayName: 'Ada Answered' });
  const [parent] = await db()
    .insert(responses)
    .values({ articleId, authorId: answered.id, body: 'A first thought.' })
    .returning({ id: responses.id });
  return { articleId, answered, parentId: parent!.id };
}

/** A reply posted through the form, held because the article is premoderated. */
async function heldReply(articleId: number, parentId: number) {
  const replier = await insertPerson(db(), 'reader', { displayName: 'Rory Replier' });
  signInAs(db(), replier);
  await redirectOf(postResponse(undefined, form({ articleId, replyToId: parentId, body: 'A held reply.' })));
  const [reply] = await db().select().from(responses).where(eq(responses.authorId, replier.id));
  expect(reply).toMatchObject({ status: 'pending', replyToId: parentId });
  return reply!.id;
}

async function asModerator() {
  signInAs(db(), await insertPerson(db(), 'moderator', { displayName: 'Mo Moderator' }));
}

const queuedFor = async (replyId: number) =>
  (await jobRows(db(), jobs.replyNotification.name)).filter((row) => (row.data as { responseId: number }).responseId === replyId);

describe('a reply published by a moderator', () => {
  it('approved after being held: its answered author is emailed once, and approving it again after reports sends nothing', async () => {
    const { articleId, answered, parentId } = await answeredResponse();
    const replyId = await heldReply(articleId, parentId);
    expect(await queuedFor(replyId)).toEqual([]);
    expect(await runReplyJobs()).toEqual([]);

    await asModerator();
    await redirectOf(approveResponse(undefined, form({ responseId: replyId })));
    expect(await queuedFor(replyId)).toEqual([expect.objectContaining({ state: 'created' })]);
    expect(await runReplyJobs()).toEqual([{ id: expect.any(String) }]);
    expect(mailsTo(answered.email)).toHaveLength(1);
    expect(mailsTo(answered.email)[0]).toContain(`#response-${replyId}`);

    // Reported and hidden, then approved again: already announced.
    await insertReports(db(), replyId, 3);
    await db().update(responses).set({ status: 'pending', heldFor: 'reports' }).where(eq(responses.id, replyId));
    await redirectOf(approveResponse(undefined, form({ responseId: replyId })));
    expect(await runReplyJobs()).toEqual([]);
    expect(mailsTo(answered.email)).toHaveLength(1);
  });

  it('rejected: nobody is emailed; overturned on appeal: the answered author is, once', async () => {
    const { articleId, answered, parentId } = await answeredResponse();
    const replyId = await heldReply(articleId, parentId);
    await asModerator();
    await redirectOf(rejectResponse(undefined, form({ responseId: replyId, reason: 'off-topic', note: '' })));
    expect(await runReplyJobs()).toEqual([]);
    expect(mailsTo(answered.email)).toEqual([]);

    const appealId = await insertAppeal(db(), replyId);
    await redirectOf(decideAppeal(undefined, form({ appealId, outcome: 'overturned', note: '' })));
    expect(await runReplyJobs()).toEqual([{ id: expect.any(String) }]);
    expect(mailsTo(answered.email)).toHaveLength(1);
  });
});
