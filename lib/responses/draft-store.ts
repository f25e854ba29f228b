import { asc, eq, inArray, lt } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { responseDrafts } from '@/db/schema';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import { DRAFT_RULES } from '@/lib/ratelimit/rules';
import { hit } from '@/lib/ratelimit/store';
import { answerableResponse, publishedArticle } from './answerable';
import { checkBody } from './rules';

/**
 * A response written by a reader who is not signed in (or has not yet chosen a name) is kept as a draft until they
 * can post it: nothing typed is lost on the way through sign-in. Which draft is whose is a cookie's business
 * (lib/responses/drafts.ts); this is what is stored.
 *
 * Anyone can write one, so what they cost is bounded: one live draft per browser (a new one takes the place of the
 * one its cookie names), a counted number per network an hour, and seven days before a draft is ignored and then
 * removed.
 */

export const DRAFT_DAYS = 7;
/**
 * How many expired drafts one save removes. Each save adds one draft, so removing up to this many keeps pace with
 * any rate of saving, while one request never does unbounded work after a quiet spell.
 */
export const EXPIRED_PER_SAVE = 50;

/** Drafts made before this have expired: never resumed, and removed (a batch per save here, and by the cleanup job). */
export const oldestKept = (now = Date.now()) => new Date(now - DRAFT_DAYS * 86_400_000);

/** Removes the oldest expired drafts, a bounded batch, by the index on created_at; rows another save holds are left. */
async function removeExpired(tx: Tx): Promise<void> {
  const expired = tx
    .select({ id: responseDrafts.id })
    .from(responseDrafts)
    .where(lt(responseDrafts.createdAt, oldestKept()))
    .orderBy(asc(responseDrafts.createdAt))
    .limit(EXPIRED_PER_SAVE)
    .for('update', { skipLocked: true });
  await tx.delete(responseDrafts).where(inArray(responseDrafts.id, expired));
}

export type Draft = {
  articleId: number;
  replyToId?: number | null;
  /** As typed: tidied and checked as a response is (checkBody). */
  body: string;
  /** The network the visitor writes from (lib/http/client.ts), for the limit on drafts. */
  network: string;
  /** The draft this browser held until now, which the new one replaces. */
  replacing: string | null;
};

/**
 * Keeps a draft, for anyone, signed in or not: only one that could be posted (an article that takes responses, a
 * reply to a response that is there), and only while the network has not kept too many this hour. Returns its id,
 * for the browser's cookie.
 */
export const keepDraft = command(null, async ({ tx }, input: Draft) => {
  const body = checkBody(input.body);
  if (!body.ok) refuse('invalid', body.error, 'body');
  const article = await publishedArticle(tx, input.articleId);
  if (!article) refuse('not-found', 'This article is not open for responses.');
  if (article.mode === 'closed') refuse('conflict', 'This article is not open for responses.');
  if (input.replyToId && !(await answerableResponse(tx, input.replyToId, article.id)))
    refuse('not-found', 'The response you are replying to is no longer there.');

  const verdict = await hit(tx, [DRAFT_RULES.perNetwork(input.network)]);
  if (!verdict.ok) refuse('limited', verdict.message);
  if (input.replacing) await tx.delete(responseDrafts).where(eq(responseDrafts.id, input.replacing));
  const [kept] = await tx
    .insert(responseDrafts)
    .values({ articleId: article.id, replyToId: input.replyToId ?? null, body: body.body })
    .returning({ id: responseDrafts.id });
  await removeExpired(tx);
  return { id: kept!.id };
});
