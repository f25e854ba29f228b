import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { articleRevisions, articles, issues } from '@/db/schema';
import { actorOf, COMMAND_LINE } from '@/lib/commands/actor';
import { run } from '@/test/commands';
import { editorialSnapshot } from '@/test/editorial';
import { insertResponse, lastLogId, logSince } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { expectRefusal } from '@/test/refused';
import { insertUser } from '@/test/users';
import { addArticle, moveArticle, NEW_ARTICLE_TITLE, removeArticle } from './issue-articles';

// Arranging an issue's articles: add, remove, move (the issue editor's buttons).

const { db, site } = withRealIssue();

const unchanged = () => editorialSnapshot(db());

let day = 0;
async function draftIssue() {
  const [row] = await db()
    .insert(issues)
    .values({ date: `2041-02-${String(++day).padStart(2, '0')}` })
    .returning({ id: issues.id });
  return row!.id;
}

/** The issue's articles in order: [position, slug]. */
async function orderOf(issueId: number) {
  const rows = await db()
    .select({ position: articles.position, slug: articles.slug, id: articles.id })
    .from(articles)
    .where(eq(articles.issueId, issueId))
    .orderBy(asc(articles.position));
  return rows;
}

async function issueWith(count: number) {
  const issueId = await draftIssue();
  const ids: number[] = [];
  for (let n = 0; n < count; n++) ids.push((await run(addArticle, COMMAND_LINE, { issueId })).output.articleId);
  return { issueId, ids };
}

describe('adding an article', () => {
  it('adds an untitled draft with no author at the end, each with an address of its own, and logs it', async () => {
    const issueId = await draftIssue();
    const logId = await lastLogId(db());

    const first = await run(addArticle, COMMAND_LINE, { issueId });
    const second = await run(addArticle, COMMAND_LINE, { issueId });

    expect([first.output.slug, second.output.slug]).toEqual(['untitled-article', 'untitled-article-2']);
    const [row] = await db().select().from(articles).where(eq(articles.id, second.output.articleId));
    expect(row).toMatchObject({
      title: NEW_ARTICLE_TITLE,
      status: 'draft',
      authorId: null,
      position: 2,
      standfirst: '',
      body: '',
      publishedAt: null,
    });
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({ action: 'article-add', targetType: 'article', targetId: String(first.output.articleId) }),
      expect.objectContaining({
        action: 'article-add',
        targetId: String(second.output.articleId),
        before: null,
        after: { issueId, title: NEW_ARTICLE_TITLE, slug: 'untitled-article-2', position: 2, status: 'draft' },
      }),
    ]);
    expect(second.tags).toEqual(expect.arrayContaining([`issue:${issueId}`, 'archive']));
  });

  it('records the new draft as its first revision, saved by the editor who added it', async () => {
    const editor = await insertUser(db(), { role: 'editor', displayName: 'Edith Editor' });
    const { articleId } = (await run(addArticle, actorOf(editor), { issueId: await draftIssue() })).output;
    const revisions = await db().select().from(articleRevisions).where(eq(articleRevisions.articleId, articleId));
    expect(revisions).toEqual([
      expect.objectContaining({
        version: 1,
        kind: 'save',
        title: NEW_ARTICLE_TITLE,
        body: '',
        savedById: editor.id,
        savedByName: 'Edith Editor',
      }),
    ]);
  });

  it('refuses an issue that is not there', async () => {
    await expectRefusal(
      () => run(addArticle, COMMAND_LINE, { issueId: 999_999 }),
      { code: 'not-found', message: 'There is no such issue (any more).' },
      { unchanged, logOf: db() },
    );
  });
});

describe('moving an article', () => {
  it('swaps it with its neighbour, keeping positions 1..n, and logs the move', async () => {
    const { issueId, ids } = await issueWith(3);
    const logId = await lastLogId(db());

    const { output, tags } = await run(moveArticle, COMMAND_LINE, { articleId: ids[2]!, direction: 'up', from: 3 });

    expect(output).toEqual({ issueId, position: 2, count: 3 });
    expect((await orderOf(issueId)).map((row) => [row.position, row.id])).toEqual([
      [1, ids[0]],
      [2, ids[2]],
      [3, ids[1]],
    ]);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({ action: 'article-move', targetId: String(ids[2]), before: { position: 3 }, after: { position: 2 } }),
    ]);
    expect(tags).toContain(`issue:${issueId}`);

    await run(moveArticle, COMMAND_LINE, { articleId: ids[0]!, direction: 'down' });
    expect((await orderOf(issueId)).map((row) => row.id)).toEqual([ids[2], ids[0], ids[1]]);
  });

  it('closes gaps in an issue whose positions had them', async () => {
    const { issueId, ids } = await issueWith(3);
    await db().update(articles).set({ position: 10 }).where(eq(articles.id, ids[1]!));
    await db().update(articles).set({ position: 20 }).where(eq(articles.id, ids[2]!));

    await run(moveArticle, COMMAND_LINE, { articleId: ids[2]!, direction: 'up' });

    expect((await orderOf(issueId)).map((row) => [row.position, row.id])).toEqual([
      [1, ids[0]],
      [2, ids[2]],
      [3, ids[1]],
    ]);
  });

  it.each([
    ['the first up', 0, 'up', 'is first already.'],
    ['the last down', 1, 'down', 'is last already.'],
  ] as const)('refuses to move %s', async (_what, which, direction, ending) => {
    const { ids } = await issueWith(2);
    await expectRefusal(
      () => run(moveArticle, COMMAND_LINE, { articleId: ids[which]!, direction }),
      { code: 'conflict', message: `“${NEW_ARTICLE_TITLE}” ${ending}` },
      { unchanged, logOf: db() },
    );
  });

  it('refuses a move made from an order that has changed since', async () => {
    const { ids } = await issueWith(3);
    await expectRefusal(
      () => run(moveArticle, COMMAND_LINE, { articleId: ids[2]!, direction: 'up', from: 2 }),
      {
        code: 'conflict',
        message: `Someone changed the order of this issue since you loaded it: “${NEW_ARTICLE_TITLE}” is now number 3. Please look again.`,
      },
      { unchanged, logOf: db() },
    );
  });
});

describe('removing an article', () => {
  it('deletes a draft nobody answered, closes the gap, and logs what it was', async () => {
    const { issueId, ids } = await issueWith(3);
    const logId = await lastLogId(db());

    const { tags } = await run(removeArticle, COMMAND_LINE, { articleId: ids[0]! });

    expect((await orderOf(issueId)).map((row) => [row.position, row.id])).toEqual([
      [1, ids[1]],
      [2, ids[2]],
    ]);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        action: 'article-remove',
        targetId: String(ids[0]),
        before: { issueId, title: NEW_ARTICLE_TITLE, slug: 'untitled-article', position: 1 },
        after: null,
      }),
    ]);
    expect(tags).toContain(`issue:${issueId}`);
  });

  it('refuses an article that has been published, telling them to unpublish it', async () => {
    const [article] = await db().select({ title: articles.title }).from(articles).where(eq(articles.id, site().articleId));
    await db().update(articles).set({ status: 'published', publishedAt: new Date() }).where(eq(articles.id, site().articleId));
    await expectRefusal(
      () => run(removeArticle, COMMAND_LINE, { articleId: site().articleId }),
      {
        code: 'conflict',
        message: `“${article!.title}” has been published, so it cannot be removed: unpublish it instead, from its editor.`,
      },
      { unchanged, logOf: db() },
    );
  });

  it('refuses a draft that was published once and taken back', async () => {
    const { ids } = await issueWith(1);
    await db().update(articles).set({ publishedAt: new Date() }).where(eq(articles.id, ids[0]!));
    await expectRefusal(
      () => run(removeArticle, COMMAND_LINE, { articleId: ids[0]! }),
      { code: 'conflict', message: expect.stringMatching(/has been published, so it cannot be removed: unpublish it instead/) },
      { unchanged, logOf: db() },
    );
  });

  it('refuses a draft with responses', async () => {
    const { ids } = await issueWith(1);
    const reader = await insertUser(db(), { role: 'reader' });
    await insertResponse(db(), { articleId: ids[0]!, authorId: reader.id, status: 'pending' });
    await expectRefusal(
      () => run(removeArticle, COMMAND_LINE, { articleId: ids[0]! }),
      {
        code: 'conflict',
        message: `“${NEW_ARTICLE_TITLE}” has responses, so it cannot be removed: unpublish it instead, from its editor.`,
      },
      { unchanged, logOf: db() },
    );
  });

  it('refuses an article that is not there', async () => {
    await expectRefusal(
      () => run(removeArticle, COMMAND_LINE, { articleId: 999_999 }),
      { code: 'not-found', message: 'There is no such article (any more).' },
      { unchanged, logOf: db() },
    );
  });
});
