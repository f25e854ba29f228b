import { and, desc, eq, lt } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { articles, follows, issues, users } from '@/db/schema';
import type { Actor } from '@/lib/commands/actor';
import { command } from '@/lib/commands/execute';
import type { UnsubscribeLink } from '@/lib/mail/unsubscribe';
import { accountOf, emailAuthority, type EmailAuthority } from './authority';

/** Reply emails on or off, for the account the link or the session names (a briefing link cannot: authority.ts). */
export const setReplyEmails = command(null, async ({ tx, actor }, input: { link?: UnsubscribeLink; on: boolean }) => {
  const userId = accountOf(await emailAuthority(tx, actor, input.link));
  await tx.update(users).set({ notifyReplies: input.on, updatedAt: new Date() }).where(eq(users.id, userId));
  return { on: input.on };
});

/** How many followed articles the preferences page lists at a time (then "more", by keyset on the primary key). */
export const FOLLOWS_PAGE = 50;

export type FollowedArticle = { articleId: number; title: string; date: string; slug: string };

export type EmailPreferences = {
  authority: EmailAuthority;
  notifyReplies: boolean | null;
  follows: FollowedArticle[];
  /** The article id to list on from, when there are more. */
  moreFollows: number | null;
};

/**
 * What the preferences page shows for whoever the link or session names — the same authority the writes check, so
 * the page never shows what its buttons would refuse to change. Refuses (a Refusal) like them, too.
 */
export async function emailPreferences(
  executor: Executor,
  actor: Actor,
  link?: UnsubscribeLink,
  before?: number | null,
): Promise<EmailPreferences> {
  const authority = await emailAuthority(executor, actor, link);
  if (!authority.userId) return { authority, notifyReplies: null, follows: [], moreFollows: null };
  const [user] = await executor.select({ notifyReplies: users.notifyReplies }).from(users).where(eq(users.id, authority.userId));
  const rows = await executor
    .select({ articleId: follows.articleId, title: articles.title, date: issues.date, slug: articles.slug })
    .from(follows)
    .innerJoin(articles, eq(articles.id, follows.articleId))
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(and(eq(follows.userId, authority.userId), before ? lt(follows.articleId, before) : undefined))
    .orderBy(desc(follows.articleId))
    .limit(FOLLOWS_PAGE + 1);
  const more = rows.length > FOLLOWS_PAGE;
  const shown = rows.slice(0, FOLLOWS_PAGE);
  return { authority, notifyReplies: user?.notifyReplies ?? null, follows: shown, moreFollows: more ? shown.at(-1)!.articleId : null };
}
