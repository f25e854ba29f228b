import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { articles } from '@/db/schema';
import { actorOf } from '@/lib/commands/actor';
import { run } from '@/test/commands';
import { insertArticle, insertPerson, lastLogId, logSince } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { refusedUnchanged } from '@/test/refused';
import { changeArticleMode } from './article-mode';

/** Opening, premoderating and closing an article's responses as a command, against a real (fresh) database. */

vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));

const { db, site, moderator } = withRealIssue({ moderator: {} });

const modeOf = async (articleId: number) =>
  (await db().select({ mode: articles.responsesMode }).from(articles).where(eq(articles.id, articleId)))[0]!.mode;

describe('changeArticleMode', () => {
  it('changes how an article takes responses, logs before and after, and expires that article’s pages and the sitemap', async () => {
    const articleId = await insertArticle(db(), site(), 'open');
    const logId = await lastLogId(db());

    const { tags } = await run(changeArticleMode, moderator(), { articleId, mode: 'closed' });

    expect(await modeOf(articleId)).toBe('closed');
    expect(tags).toEqual([`article:${articleId}`, 'sitemap']);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        actorId: moderator().id,
        action: 'article-mode',
        targetType: 'article',
        targetId: String(articleId),
        articleId,
        subjectId: null,
        before: { mode: 'open' },
        after: { mode: 'closed' },
      }),
    ]);
  });

  it('refuses the mode the article already has, changing nothing', async () => {
    const articleId = await insertArticle(db(), site(), 'premoderated');

    expect(await refusedUnchanged(db(), () => run(changeArticleMode, moderator(), { articleId, mode: 'premoderated' }))).toEqual({
      code: 'conflict',
      message: 'Responses to this article are already premoderated.',
    });
  });

  it('refuses an article that does not exist', async () => {
    expect(await refusedUnchanged(db(), () => run(changeArticleMode, moderator(), { articleId: 2_000_000_000, mode: 'closed' }))).toEqual({
      code: 'not-found',
      message: 'This article does not exist.',
    });
  });

  it.each(['reader', 'editor'] as const)('is refused to a %s, who does not moderate', async (role) => {
    const articleId = await insertArticle(db(), site(), 'open');
    const actor = actorOf(await insertPerson(db(), role));

    expect(await refusedUnchanged(db(), () => run(changeArticleMode, actor, { articleId, mode: 'closed' }))).toEqual({
      code: 'not-allowed',
      message: 'You are not allowed to do that.',
    });
    expect(await modeOf(articleId)).toBe('open');
  });
});
