import { eq, inArray, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { describe, expect, it, vi } from 'vitest';
import { articles, follows, responses } from '@/db/schema';
import { jobs } from '@/lib/jobs/definitions';
import { enqueue } from '@/lib/jobs/enqueue';
import { runDueJobs } from '@/test/jobs';
import { insertArticle, insertPerson } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { withSmtpServer } from '@/test/smtp-server';

// The follow digest, as the hourly job and the per-reader jobs it queues run it, against a real SMTP server.
const { received, refuseNext } = withSmtpServer({
  SITE_URL: 'https://briefing.example.org',
  AUTH_SECRET: 'a-test-secret-that-is-long-enough-to-sign-with',
  MAIL_FROM: 'The Briefing <news@briefing.example.org>',
});

const { db, site, connection } = withRealIssue();

const MINUTE = 60_000;
const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE);

let texts = 0;
/** A published response (or pending, with `publishedAt: null`), published `minutes` ago unless told. */
async function respond(
  articleId: number,
  authorId: string,
  options: { minutes?: number; replyTo?: number; status?: 'published' | 'pending' } = {},
): Promise<{ id: number; body: string }> {
  const body = `Distinct response text ${++texts}.`;
  const status = options.status ?? 'published';
  const [row] = await db()
    .insert(responses)
    .values({
      articleId,
      authorId,
      body,
      status,
      parentId: options.replyTo,
      replyToId: options.replyTo,
      publishedAt: status === 'published' ? ago(options.minutes ?? 10) : null,
    })
    .returning({ id: responses.id });
  return { id: row!.id, body };
}

async function follow(userId: string, articleId: number, minutes = 60) {
  await db()
    .insert(follows)
    .values({ userId, articleId, notifiedThrough: ago(minutes) });
}

/** One round: the hourly job, then the per-reader jobs it queued. */
async function digestRound(options: { ignoreStartAfter?: boolean } = {}) {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    // pg-boss's schedule queues this every hour; here, now.
    await db().transaction((tx) => enqueue(tx, jobs.followDigest, {}));
    await runDueJobs(connection(), jobs.followDigest);
    return await runDueJobs(connection(), jobs.followDigestEmail, options);
  } finally {
    error.mockRestore();
  }
}

/** Time passing: every response's publication and every digest mark moved `minutes` into the past. */
async function letTimePass(minutes: number, articleIds: number[]) {
  const shift = sql.raw(`interval '${minutes} minutes'`);
  await db()
    .update(responses)
    .set({ publishedAt: sql`${responses.publishedAt} - ${shift}` })
    .where(inArray(responses.articleId, articleIds));
  await db()
    .update(follows)
    .set({ notifiedThrough: sql`${follows.notifiedThrough} - ${shift}` })
    .where(inArray(follows.articleId, articleIds));
}

const mailTo = async (email: string) => {
  const mails = received.filter((mail) => mail.to.includes(email));
  return Promise.all(mails.map((mail) => simpleParser(mail.data)));
};

describe('the follow digest', () => {
  it('emails each follower what is new on their articles, without their own responses or replies to them, once', async () => {
    const follower = await insertPerson(db(), 'reader', { displayName: 'Fay Follower' });
    const other = await insertPerson(db(), 'reader', { displayName: 'Otto Other' });
    const replier = await insertPerson(db(), 'reader', { displayName: 'Rae Replier' });
    const [first, second, unfollowed] = [
      await insertArticle(db(), site()),
      await insertArticle(db(), site()),
      await insertArticle(db(), site()),
    ];
    await follow(follower.id, first);
    await follow(follower.id, second);

    const before = await respond(first, other.id, { minutes: 90 }); // before the last digest
    const others = await respond(first, other.id);
    const own = await respond(first, follower.id);
    const replyToOwn = await respond(first, replier.id, { replyTo: own.id });
    const replyToOther = await respond(first, replier.id, { replyTo: others.id });
    const onSecond = await respond(second, other.id, { minutes: 20 });
    const elsewhere = await respond(unfollowed, other.id);
    const justNow = await respond(first, other.id, { minutes: 0 }); // its transaction may still be open
    const held = await respond(first, other.id, { status: 'pending' });

    await digestRound();

    const [mail, ...more] = await mailTo(follower.email);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe('New responses on 2 articles you follow');
    const text = mail!.text!;
    for (const included of [others, replyToOther, onSecond]) expect(text).toContain(included.body);
    for (const left of [before, own, replyToOwn, elsewhere, justNow, held]) expect(text).not.toContain(left.body);
    expect(text).toContain('Otto Other');
    expect(text).toContain(`#response-${others.id}`);
    expect(text).toMatch(/https:\/\/briefing\.example\.org\/email\?purpose=follows&id=[\w-]+&token=[\w-]+/);
    const header = (key: string) => mail!.headerLines.find((line) => line.key === key)?.line.replace(/\r\n/g, '');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header('list-unsubscribe')).toMatch(
      new RegExp(
        `<https://briefing\\.example\\.org/api/notifications/unsubscribe\\?purpose=follows&id=${follower.id}&token=[\\w-]+>, <mailto:unsubscribe@briefing\\.example\\.org\\?subject=`,
      ),
    );

    // Nothing new: no second email for the same responses.
    await digestRound();
    expect(await mailTo(follower.email)).toHaveLength(1);

    // The held response is approved later; the one just published has settled. Both come, once.
    await db().update(responses).set({ status: 'published' }).where(eq(responses.id, held.id));
    await letTimePass(5, [first, second]);
    await digestRound();
    const mails = await mailTo(follower.email);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toMatch(/^New responses on “Fixture article \d+”$/);
    expect(mails[1]!.text).toContain(held.body);
    expect(mails[1]!.text).toContain(justNow.body);
    expect(mails[1]!.text).not.toContain(others.body);
    await letTimePass(5, [first, second]);
    await digestRound();
    expect(await mailTo(follower.email)).toHaveLength(2);
  });

  it('leaves out the responses on an article unpublished since it was followed', async () => {
    const follower = await insertPerson(db());
    const other = await insertPerson(db());
    const [kept, withdrawn] = [await insertArticle(db(), site()), await insertArticle(db(), site())];
    await follow(follower.id, kept);
    await follow(follower.id, withdrawn);
    const onKept = await respond(kept, other.id);
    const onWithdrawn = await respond(withdrawn, other.id);
    await db().update(articles).set({ status: 'unpublished' }).where(eq(articles.id, withdrawn));

    await digestRound();

    const [mail, ...more] = await mailTo(follower.email);
    expect(more).toEqual([]);
    expect(mail!.text).toContain(onKept.body);
    expect(mail!.text).not.toContain(onWithdrawn.body);
  });

  it('sends nothing to a banned follower, moving their marks on all the same', async () => {
    const banned = await insertPerson(db(), 'reader', { banned: true, sanctionReason: 'Spam.' });
    const other = await insertPerson(db());
    const article = await insertArticle(db(), site());
    await follow(banned.id, article);
    await respond(article, other.id);

    await digestRound();

    expect(await mailTo(banned.email)).toEqual([]);
    const [mark] = await db().select().from(follows).where(eq(follows.userId, banned.id));
    expect(mark!.notifiedThrough.getTime()).toBeGreaterThan(ago(5).getTime());
  });

  it('keeps the marks where they were while the mail server refuses, and sends when it takes the message', async () => {
    const follower = await insertPerson(db());
    const other = await insertPerson(db());
    const article = await insertArticle(db(), site());
    await follow(follower.id, article);
    const response = await respond(article, other.id);
    const before = (await db().select().from(follows).where(eq(follows.userId, follower.id)))[0]!.notifiedThrough;

    refuseNext(1);
    const [outcome] = await digestRound();
    expect(outcome!.error?.message).toMatch(/451/);
    const [mark] = await db().select().from(follows).where(eq(follows.userId, follower.id));
    expect(mark!.notifiedThrough).toEqual(before);

    await digestRound({ ignoreStartAfter: true });
    const mails = await mailTo(follower.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(response.body);
  });

  it('is scheduled hourly', async () => {
    const { rows } = await connection().executeSql("select cron from pgboss.schedule where name = 'follow-digest'");
    expect(rows).toEqual([{ cron: '41 * * * *' }]);
  });
});
