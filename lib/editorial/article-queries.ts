import 'server-only';
import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { articleAutosaves, articleRevisions, articles, authors, issues, type ArticleStatus, type RevisionKind } from '@/db/schema';
import { staffQuery } from '@/lib/auth/staff-query';
import { briefingFor, prepareBriefing } from '@/lib/sending/briefing-email';
import { fieldsOfAutosave, fieldsOfRow, type ArticleFields } from './article-fields';

/**
 * What the article editor, its revisions page and its preview read: never cached (each is one editor's view of work
 * in progress), each a staff query that checks 'edit-issues' first.
 */

export type EditedArticle = {
  id: number;
  issue: { id: number; date: string; status: string; isDemo: boolean };
  status: ArticleStatus;
  publishedAt: Date | null;
  version: number;
  updatedAt: Date;
  fields: ArticleFields;
};

export type Autosave = { baseVersion: number; fields: ArticleFields; updatedAt: Date };

async function articleById(articleId: number): Promise<EditedArticle | null> {
  if (!Number.isSafeInteger(articleId) || articleId <= 0 || articleId > 2 ** 31 - 1) return null;
  const db = await getDb();
  const [row] = await db
    .select({ article: articles, issue: { id: issues.id, date: issues.date, status: issues.status, isDemo: issues.isDemo } })
    .from(articles)
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(eq(articles.id, articleId));
  if (!row) return null;
  const { article, issue } = row;
  return {
    id: article.id,
    issue,
    status: article.status,
    publishedAt: article.publishedAt,
    version: article.version,
    updatedAt: article.updatedAt,
    fields: fieldsOfRow(article),
  };
}

/**
 * The article as saved, the authors to choose from (by name: a select, which editors type into to jump), and the
 * viewer's own autosave of it, if any. Null when there is no such article.
 */
export const readArticleEditor = staffQuery(
  'edit-issues',
  async (
    articleId: number,
    viewerId: string,
  ): Promise<{ article: EditedArticle; authors: { id: number; name: string }[]; autosave: Autosave | null } | null> => {
    const article = await articleById(articleId);
    if (!article) return null;
    const db = await getDb();
    const [choices, [autosave]] = await Promise.all([
      db.select({ id: authors.id, name: authors.name }).from(authors).orderBy(asc(authors.name), asc(authors.id)),
      db
        .select()
        .from(articleAutosaves)
        .where(and(eq(articleAutosaves.articleId, article.id), eq(articleAutosaves.userId, viewerId))),
    ]);
    return {
      article,
      authors: choices,
      autosave: autosave
        ? { baseVersion: autosave.baseVersion, fields: fieldsOfAutosave(autosave.fields, article.fields), updatedAt: autosave.updatedAt }
        : null,
    };
  },
);

export const REVISIONS_PAGE_SIZE = 20;

export type RevisionSummary = {
  id: number;
  version: number;
  kind: RevisionKind;
  savedByName: string;
  createdAt: Date;
  restoredFromVersion: number | null;
};

/** An article's revisions, newest first, a page at a time by keyset on (article_id, version) (its unique index). */
export const readRevisions = staffQuery(
  'edit-issues',
  async (articleId: number, beforeVersion: number | null): Promise<{ items: RevisionSummary[]; next: number | null }> => {
    const db = await getDb();
    const rows = await db
      .select({
        id: articleRevisions.id,
        version: articleRevisions.version,
        kind: articleRevisions.kind,
        savedByName: articleRevisions.savedByName,
        createdAt: articleRevisions.createdAt,
        restoredFromId: articleRevisions.restoredFromId,
      })
      .from(articleRevisions)
      .where(
        and(eq(articleRevisions.articleId, articleId), beforeVersion === null ? undefined : lt(articleRevisions.version, beforeVersion)),
      )
      .orderBy(desc(articleRevisions.version))
      .limit(REVISIONS_PAGE_SIZE + 1);
    const page = rows.slice(0, REVISIONS_PAGE_SIZE);
    const sources = page.flatMap((row) => (row.restoredFromId === null ? [] : [row.restoredFromId]));
    const versions = sources.length
      ? await db
          .select({ id: articleRevisions.id, version: articleRevisions.version })
          .from(articleRevisions)
          .where(inArray(articleRevisions.id, sources))
      : [];
    const versionOf = new Map(versions.map((row) => [row.id, row.version]));
    return {
      items: page.map(({ restoredFromId, ...row }) => ({
        ...row,
        restoredFromVersion: restoredFromId === null ? null : (versionOf.get(restoredFromId) ?? null),
      })),
      next: rows.length > REVISIONS_PAGE_SIZE ? page.at(-1)!.version : null,
    };
  },
);

export type RevisionDetail = {
  id: number;
  version: number;
  kind: RevisionKind;
  savedByName: string;
  createdAt: Date;
  fields: ArticleFields;
};

/** Two revisions of one article, by version, for a side-by-side diff; null when either is not the article's. */
export const readRevisionPair = staffQuery(
  'edit-issues',
  async (articleId: number, fromVersion: number, toVersion: number): Promise<[RevisionDetail, RevisionDetail] | null> => {
    const db = await getDb();
    const rows = await db
      .select()
      .from(articleRevisions)
      .where(and(eq(articleRevisions.articleId, articleId), inArray(articleRevisions.version, [fromVersion, toVersion])));
    const detail = (version: number): RevisionDetail | undefined => {
      const row = rows.find((candidate) => candidate.version === version);
      return (
        row && {
          id: row.id,
          version: row.version,
          kind: row.kind,
          savedByName: row.savedByName,
          createdAt: row.createdAt,
          fields: fieldsOfRow(row),
        }
      );
    };
    const from = detail(fromVersion);
    const to = detail(toVersion);
    return from && to ? [from, to] : null;
  },
);

/** The names of authors by id: how a diff shows an author change. */
export const readAuthorNames = staffQuery('edit-issues', async (ids: readonly (number | null)[]): Promise<Map<number, string>> => {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const db = await getDb();
  const rows = await db.select({ id: authors.id, name: authors.name }).from(authors).where(inArray(authors.id, wanted));
  return new Map(rows.map((row) => [row.id, row.name]));
});

export type ArticlePreview = {
  article: EditedArticle;
  author: { name: string; slug: string } | null;
  /** The issue's briefing email as a test copy renders it (drafts with an author included). */
  email: { subject: string; html: string };
};

/** The article as saved, with its author, and its issue's briefing email: what the preview page shows. */
export const readArticlePreview = staffQuery('edit-issues', async (articleId: number, email: string): Promise<ArticlePreview | null> => {
  const article = await articleById(articleId);
  if (!article) return null;
  const db = await getDb();
  const [author] =
    article.fields.authorId === null
      ? []
      : await db.select({ name: authors.name, slug: authors.slug }).from(authors).where(eq(authors.id, article.fields.authorId));
  const message = briefingFor(await prepareBriefing(db, article.issue.id, { withDrafts: true }), { subscriberId: null, email });
  return { article, author: author ?? null, email: { subject: message.subject, html: message.html } };
});
