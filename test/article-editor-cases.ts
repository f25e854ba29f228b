import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { getDb, type Db } from '@/db/client';
import { articleAutosaves, articleRevisions, articles } from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/session';
import { fieldsOfRow } from '@/lib/editorial/article-fields';
import { readArticleEditor, readArticlePreview, readAuthorNames, readRevisionPair, readRevisions } from '@/lib/editorial/article-queries';
import type { ActionCase, QueryCase } from './authorisation-cases';
import { form, insertArticle, insertPerson, lastLogId, logSince } from './moderation';

/**
 * The article editor's part of the authorisation matrix (test/authorisation-cases.ts spreads these into its own):
 * for each action and staff query, a use an allowed caller can make and what it must have done or read.
 */

async function articleRow(db: Db, id: number) {
  const [row] = await db.select().from(articles).where(eq(articles.id, id));
  return row!;
}

/** The editor's form for an article as it is stored, with `changes`. */
async function editorForm(db: Db, id: number, changes: Record<string, string> = {}) {
  const row = await articleRow(db, id);
  return form({
    articleId: id,
    version: row.version,
    title: row.title,
    slug: row.slug,
    standfirst: row.standfirst,
    body: row.body,
    invitation: row.invitation,
    author: row.authorId ?? '',
    responsesMode: row.responsesMode,
    responsesNote: row.responsesNote ?? '',
    ...changes,
  });
}

/** Two revisions of an article (versions 1 and 2, the article at 2): what the revisions page lists and restores. */
export async function insertRevisions(db: Db, articleId: number) {
  const row = await articleRow(db, articleId);
  const stored = {
    title: row.title,
    slug: row.slug,
    standfirst: row.standfirst,
    body: row.body,
    invitation: row.invitation,
    authorId: row.authorId,
    responsesMode: row.responsesMode,
    responsesNote: row.responsesNote,
  };
  const revisions = await db
    .insert(articleRevisions)
    .values([
      { ...stored, articleId, version: 1, kind: 'import' as const, savedByName: 'the import', body: 'The first words.' },
      { ...stored, articleId, version: 2, kind: 'save' as const, savedByName: 'Eddie Editor' },
    ])
    .returning({ id: articleRevisions.id });
  await db.update(articles).set({ version: 2 }).where(eq(articles.id, articleId));
  return revisions.map((revision) => revision.id);
}

/** Someone's autosave of an article: the caller's when signed in, another editor's otherwise. */
async function autosaveOf(db: Db, articleId: number, caller: CurrentUser | null) {
  const userId = caller?.id ?? (await insertPerson(db, 'editor')).id;
  const fields = { ...fieldsOfRow(await articleRow(db, articleId)), body: 'Typed, not saved.' };
  await db.insert(articleAutosaves).values({ articleId, userId, baseVersion: 1, fields });
  return userId;
}

const autosavesOf = (db: Db, articleId: number, userId: string) =>
  db
    .select()
    .from(articleAutosaves)
    .where(and(eq(articleAutosaves.articleId, articleId), eq(articleAutosaves.userId, userId)));

export const ARTICLE_EDITOR_ACTION_CASES: Record<string, ActionCase> = {
  saveArticleForm: async ({ db, site }, caller) => {
    const id = await insertArticle(db, site);
    const logId = await lastLogId(db);
    return {
      form: await editorForm(db, id, { title: 'Retitled by the matrix' }),
      done: async (outcome) => {
        expect(outcome).toEqual({ redirect: `/admin/articles/${id}?done=saved#results` });
        expect(await articleRow(db, id)).toMatchObject({ title: 'Retitled by the matrix', version: 2 });
        expect(await logSince(db, logId)).toEqual([expect.objectContaining({ action: 'article-save', actorId: caller!.id })]);
      },
    };
  },
  autosaveArticleDraft: async ({ db, site }, caller) => {
    const id = await insertArticle(db, site);
    return {
      form: await editorForm(db, id, { body: 'Autosaved by the matrix.' }),
      done: async (outcome) => {
        expect(outcome).toEqual({ state: { status: 'done' } });
        expect(await autosavesOf(db, id, caller!.id)).toEqual([
          expect.objectContaining({ baseVersion: 1, fields: expect.objectContaining({ body: 'Autosaved by the matrix.' }) }),
        ]);
        expect(await articleRow(db, id)).toMatchObject({ version: 1, body: 'Body.' });
      },
    };
  },
  discardArticleDraft: async ({ db, site }, caller) => {
    const id = await insertArticle(db, site);
    const userId = await autosaveOf(db, id, caller);
    return {
      form: form({ articleId: id }),
      done: async (outcome) => {
        expect(outcome).toEqual({ redirect: `/admin/articles/${id}?done=discarded#results` });
        expect(await autosavesOf(db, id, userId)).toEqual([]);
      },
    };
  },
  restoreArticleRevision: async ({ db, site }, caller) => {
    const id = await insertArticle(db, site);
    const [first] = await insertRevisions(db, id);
    const logId = await lastLogId(db);
    return {
      form: form({ articleId: id, revisionId: first!, version: 2 }),
      done: async (outcome) => {
        expect(outcome).toEqual({ redirect: `/admin/articles/${id}/revisions?done=restored#results` });
        expect(await articleRow(db, id)).toMatchObject({ body: 'The first words.', version: 3 });
        expect(await logSince(db, logId)).toEqual([expect.objectContaining({ action: 'article-restore', actorId: caller!.id })]);
      },
    };
  },
};

/** The queries read the query fixture's article, which prepareQueryFixture gives two revisions (insertRevisions). */
export const ARTICLE_EDITOR_QUERY_CASES: Record<string, QueryCase> = {
  readArticleEditor: {
    run: (viewer, { articleId }) => readArticleEditor(viewer, articleId, viewer?.id ?? ''),
    check: (result, { articleId }) =>
      expect(result).toMatchObject({ article: { id: articleId, version: 2 }, authors: expect.any(Array), autosave: null }),
  },
  readRevisions: {
    run: (viewer, { articleId }) => readRevisions(viewer, articleId, null),
    check: (result) =>
      expect(result).toEqual({
        items: [expect.objectContaining({ version: 2, kind: 'save' }), expect.objectContaining({ version: 1, kind: 'import' })],
        next: null,
      }),
  },
  readRevisionPair: {
    run: (viewer, { articleId }) => readRevisionPair(viewer, articleId, 1, 2),
    check: (result) =>
      expect(result).toEqual([
        expect.objectContaining({ version: 1, fields: expect.objectContaining({ body: 'The first words.' }) }),
        expect.objectContaining({ version: 2 }),
      ]),
  },
  readAuthorNames: {
    run: async (viewer, { articleId }) => readAuthorNames(viewer, [(await articleRow(await getDb(), articleId)).authorId, null]),
    check: (result) => expect([...(result as Map<number, string>).values()]).toEqual([expect.any(String)]),
  },
  readArticlePreview: {
    run: (viewer, { articleId }) => readArticlePreview(viewer, articleId, 'preview@example.org'),
    check: (result, { articleId }) =>
      expect(result).toMatchObject({
        article: { id: articleId },
        author: { name: expect.any(String) },
        email: { subject: expect.stringMatching(/^\[Test\] /), html: expect.stringContaining('<') },
      }),
  },
};
