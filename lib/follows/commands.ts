import { and, eq } from 'drizzle-orm';
import { follows } from '@/db/schema';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import type { UnsubscribeLink } from '@/lib/mail/unsubscribe';
import { publishedArticle } from '@/lib/responses/answerable';
import { accountOf, emailAuthority } from '@/lib/subscriptions/authority';

/**
 * Following an article: its new published responses come in the follower's digest email (lib/follows/digest.ts).
 * Following is a signed-in reader's own (the button on the article page); unfollowing is also open to the links in
 * the reader's reply and digest emails (the preferences page, and the digest's one-click unsubscribe, which
 * unfollows everything: following nothing is how digests are turned off).
 */

/** Follows from now: responses published before this are not in a digest. Following twice changes nothing. */
export const followArticle = command(null, async ({ tx, actor }, input: { articleId: number }) => {
  if (!actor.id) refuse('not-allowed', 'Sign in to follow an article.');
  const article = await publishedArticle(tx, input.articleId);
  if (!article) refuse('not-found', 'This article is not published.');
  const added = await tx
    .insert(follows)
    .values({ userId: actor.id, articleId: article.id })
    .onConflictDoNothing()
    .returning({ articleId: follows.articleId });
  return { title: article.title, changed: added.length > 0 };
});

export const unfollowArticle = command(null, async ({ tx, actor }, input: { articleId: number; link?: UnsubscribeLink }) => {
  const userId = accountOf(await emailAuthority(tx, actor, input.link));
  const removed = await tx
    .delete(follows)
    .where(and(eq(follows.userId, userId), eq(follows.articleId, input.articleId)))
    .returning({ articleId: follows.articleId });
  return { changed: removed.length > 0 };
});

/** Stops every digest: what the digest's one-click unsubscribe and "unfollow all" do. */
export const unfollowAll = command(null, async ({ tx, actor }, input: { link?: UnsubscribeLink }) => {
  const userId = accountOf(await emailAuthority(tx, actor, input.link));
  const removed = await tx.delete(follows).where(eq(follows.userId, userId)).returning({ articleId: follows.articleId });
  return { removed: removed.length };
});
