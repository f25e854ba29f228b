import { and, count, desc, eq, gt, sql } from 'drizzle-orm';
import { responseDrafts, responses, users } from '@/db/schema';
import { signedInReader } from '@/lib/accounts/reader';
import { checkDisplayName } from '@/lib/accounts/rules';
import { command } from '@/lib/commands/execute';
import { refuse as refuseCommand, type RefusalCode } from '@/lib/commands/refusal';
import { isStaffRole } from '@/lib/moderation/access';
import { metrics } from '@/lib/ops/metrics.mjs';
import { decide } from '@/lib/moderation/rules';
import { readModerationSettings } from '@/lib/moderation/settings';
import { responseVerdict } from '@/lib/ratelimit/rules';
import { paths } from '@/lib/site';
import { answerableResponse, publishedArticle } from './answerable';
import { queueReplyNotification } from './reply-notification';
import { decisionColumns, logRulesRejection, responsesChanged, statusAfter } from './moderated';
import { checkBody } from './rules';

export type NewResponse = {
  articleId: number;
  /** The response this one answers, for a reply. */
  replyToId?: number | null;
  /** As typed: it is tidied and checked here (checkBody). */
  body: string;
  /** The name to post under, for a reader who has none yet; a reader who has one keeps it. */
  displayName?: string;
  /** The draft this response was kept in until its reader could post (the id its browser's cookie names): it goes. */
  draftId?: string | null;
};

/** Says no as every command does, and counts it for /metrics (briefings_posting_refusals_total, by code). */
function refuse(code: RefusalCode, message: string, field?: string): never {
  metrics().postingRefusals.inc({ reason: code });
  return refuseCommand(code, message, field);
}

/**
 * Posts a response, or a reply, as the signed-in reader: checks what only the database can tell (the article takes
 * responses, the answered response is there, the reader is within the rate limits), names them if they had no name,
 * and stores the response where the moderation rules put it — published, held, or rejected (logged as the rules').
 */
export const addResponse = command(null, async (write, input: NewResponse) => {
  const reader = await signedInReader(write);
  const { tx } = write;
  const body = checkBody(input.body);
  if (!body.ok) refuse('invalid', body.error, 'body');
  const settings = await readModerationSettings(tx);
  let displayName: string | null = null;
  if (!reader.displayName) {
    const name = checkDisplayName(input.displayName, { role: reader.role, bannedWords: settings.bannedWords });
    if (!name.ok) refuse('invalid', name.error, 'displayName');
    displayName = name.value;
  }

  const article = await publishedArticle(tx, input.articleId);
  if (!article) refuse('not-found', 'This article is not open for responses.');
  if (article.mode === 'closed') refuse('conflict', 'Responses to this article are closed.');
  let parentId: number | null = null;
  if (input.replyToId) {
    const answered = await answerableResponse(tx, input.replyToId, article.id);
    if (!answered) refuse('not-found', 'The response you are replying to is no longer there.');
    // One level of threading: a reply to a reply joins the thread of the first response.
    parentId = answered.parentId ?? answered.id;
  }

  // One post at a time per reader, so that two quick submissions cannot both pass the limits.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`responses:${reader.id}`}))`);
  const [last] = await tx
    .select({ createdAt: responses.createdAt })
    .from(responses)
    .where(eq(responses.authorId, reader.id))
    .orderBy(desc(responses.id))
    .limit(1);
  const [{ value: postsLastDay } = { value: 0 }] = await tx
    .select({ value: count() })
    .from(responses)
    .where(and(eq(responses.authorId, reader.id), gt(responses.createdAt, new Date(Date.now() - 86_400_000))));
  const verdict = responseVerdict(
    { accountCreatedAt: reader.createdAt.getTime(), lastPostAt: last?.createdAt.getTime() ?? null, postsLastDay },
    Date.now(),
  );
  if (!verdict.ok) refuse('limited', verdict.message);

  if (displayName) await tx.update(users).set({ displayName, updatedAt: new Date() }).where(eq(users.id, reader.id));
  const [{ value: publishedCount } = { value: 0 }] = await tx
    .select({ value: count() })
    .from(responses)
    .where(and(eq(responses.authorId, reader.id), eq(responses.status, 'published')));
  // signedInReader refused a suspended or banned reader.
  const decision = decide(
    { body: body.body, mode: article.mode, kind: 'new', author: { isStaff: isStaffRole(reader.role), publishedCount, sanctioned: false } },
    settings,
  );
  const status = statusAfter(decision, 'published');
  const [created] = await tx
    .insert(responses)
    .values({
      articleId: article.id,
      authorId: reader.id,
      parentId,
      replyToId: input.replyToId ?? null,
      body: body.body,
      ...decisionColumns(decision, status),
    })
    .returning({ id: responses.id });
  const id = created!.id;
  if (decision.outcome === 'reject') await logRulesRejection(write, { id, authorId: reader.id, articleId: article.id }, decision.detail);
  if (input.draftId) await tx.delete(responseDrafts).where(eq(responseDrafts.id, input.draftId));
  await queueReplyNotification(write.tx, id);
  write.expire(responsesChanged(article.id, status === 'published'));
  return { id, status, article: { title: article.title, path: paths.article(article.date, article.slug) } };
});
