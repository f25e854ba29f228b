import { and, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { articleAutosaves, articleRevisions, articles, authors, issues, type RevisionKind } from '@/db/schema';
import { tagsForArticleChange } from '@/lib/cache/tags';
import { command, type Write } from '@/lib/commands/execute';
import { refuse, Refusal } from '@/lib/commands/refusal';
import { SLUG_PATTERN, slugify } from '@/lib/issues/slug';
import { articleFieldColumns } from './article-columns';
import { changedFields, fieldsOfRow, type ArticleFields, type ComparedField } from './article-fields';
import { releaseArticleAddress, rememberArticleAddress } from './addresses';
import { createAuthor } from './authors';

/**
 * The article editor's writes. A save names the version the editor opened: if anyone saved since, it is refused
 * (the action keeps the editor's text in their autosave and shows both versions), so no save ever overwrites
 * another unseen. Each save raises the version by one and keeps the whole article as a revision; restoring a
 * revision is a save of its fields (a new revision that says where it came from), so a restore can be undone the
 * same way. An autosave is the editor's own scratch copy: it changes nothing anyone else sees.
 */

export type SaveOutcome = { version: number; slug: string; changed: ComparedField[] };

type Locked = Awaited<ReturnType<typeof lockArticle>>;

async function lockArticle(tx: Tx, articleId: number) {
  const [row] = await tx
    .select({
      id: articles.id,
      issueId: articles.issueId,
      date: issues.date,
      issueStatus: issues.status,
      status: articles.status,
      publishedAt: articles.publishedAt,
      version: articles.version,
      ...articleFieldColumns,
    })
    .from(articles)
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(eq(articles.id, articleId))
    .for('update', { of: articles });
  if (!row) refuse('not-found', 'This article does not exist (any more).');
  return row;
}

function checkVersion(article: Locked, version: number) {
  if (article.version !== version)
    refuse(
      'conflict',
      `Someone else saved this article since you opened it (it is at version ${article.version}, you opened version ${version}). Your text is kept: compare it with theirs below.`,
    );
}

/** The author the save names: an existing one, a new one made now, or none (a draft may have none yet). */
async function authorOf(write: Write, article: Locked, fields: ArticleFields): Promise<number | null> {
  const { tx } = write;
  if (fields.newAuthorName) {
    // The same command the authors page runs, inside this save's transaction: both happen, or neither.
    const created = await createAuthor.run(write, { name: fields.newAuthorName }).catch((error: unknown) => {
      if (error instanceof Refusal && error.field === 'name') refuse(error.code, error.message, 'newAuthorName');
      throw error;
    });
    return created.id;
  }
  if (fields.authorId !== null) {
    const [found] = await tx.select({ id: authors.id }).from(authors).where(eq(authors.id, fields.authorId));
    if (!found) refuse('invalid', 'That author is no longer on the list: please choose another.', 'author');
    return found.id;
  }
  if (article.status !== 'draft') refuse('invalid', 'A published article needs an author: please choose one.', 'author');
  return null;
}

/** The address the save gives the article: as typed, or made from the title; well formed and free in its issue. */
async function slugOf(tx: Tx, article: Locked, fields: ArticleFields): Promise<string> {
  const slug = fields.slug || slugify(fields.title) || `article-${article.id}`;
  if (!SLUG_PATTERN.test(slug))
    refuse(
      'invalid',
      'An address may have only lower-case letters a–z, digits and single hyphens between them (like “local-diversity”).',
      'slug',
    );
  const [taken] = await tx
    .select({ title: articles.title })
    .from(articles)
    .where(and(eq(articles.issueId, article.issueId), eq(articles.slug, slug), ne(articles.id, article.id)));
  if (taken)
    refuse('conflict', `Another article of this issue (“${taken.title}”) has the address “${slug}”: please choose another.`, 'slug');
  return slug;
}

/** Imported articles have no revision yet: the first save keeps what they were, so it can be restored. */
async function keepBaseRevision(tx: Tx, article: Locked) {
  await tx
    .insert(articleRevisions)
    .values({
      ...fieldsForRow(fieldsOfRow(article)),
      articleId: article.id,
      version: article.version,
      kind: 'import',
      savedByName: 'the import',
    })
    .onConflictDoNothing();
}

function fieldsForRow(fields: ArticleFields) {
  return {
    title: fields.title,
    slug: fields.slug,
    standfirst: fields.standfirst,
    body: fields.body,
    invitation: fields.invitation,
    authorId: fields.authorId,
    responsesMode: fields.responsesMode,
    responsesNote: fields.responsesNote || null,
  };
}

/** What the log keeps of each changed field: the value, but only the length of a body (the revision has it whole). */
function logged(fields: ArticleFields, changed: ComparedField[]): Record<string, unknown> {
  return Object.fromEntries(changed.map((field) => [field, field === 'body' ? `${[...fields.body].length} characters` : fields[field]]));
}

type Change = { articleId: number; version: number; fields: ArticleFields; kind: Exclude<RevisionKind, 'import'>; restoredFromId?: number };

/** Saves `fields` over the article at `version`: the one path of a save and a restore. */
async function applyChange(write: Write, change: Change): Promise<SaveOutcome> {
  const { tx, actor } = write;
  const article = await lockArticle(tx, change.articleId);
  checkVersion(article, change.version);
  const next: ArticleFields = {
    ...change.fields,
    authorId: await authorOf(write, article, change.fields),
    newAuthorName: '',
    slug: await slugOf(tx, article, change.fields),
  };
  const before = fieldsOfRow(article);
  const changed = changedFields(before, next);
  // Whatever else happens, the editor's scratch copy is done with: they saved, or there was nothing to save.
  if (actor.id)
    await tx.delete(articleAutosaves).where(and(eq(articleAutosaves.articleId, article.id), eq(articleAutosaves.userId, actor.id)));
  if (changed.length === 0) return { version: article.version, slug: article.slug, changed };

  await keepBaseRevision(tx, article);
  const version = article.version + 1;
  await tx
    .update(articles)
    .set({ ...fieldsForRow(next), version, updatedAt: sql`now()` })
    .where(eq(articles.id, article.id));
  const [revision] = await tx
    .insert(articleRevisions)
    .values({
      ...fieldsForRow(next),
      articleId: article.id,
      version,
      kind: change.kind,
      restoredFromId: change.restoredFromId ?? null,
      savedById: actor.id,
      savedByName: actor.name,
    })
    .returning({ id: articleRevisions.id });
  // Links to a published article are out in the world (emails, other sites): its old address keeps leading here.
  if (next.slug !== article.slug && article.publishedAt) {
    await rememberArticleAddress(tx, { date: article.date, slug: article.slug, articleId: article.id });
    await releaseArticleAddress(tx, { date: article.date, slug: next.slug });
  }
  await write.log({
    action: change.kind === 'restore' ? 'article-restore' : 'article-save',
    target: { type: 'article', id: article.id },
    articleId: article.id,
    before: { version: article.version, ...logged(before, changed) },
    after: { version, revision: revision!.id, ...logged(next, changed) },
  });
  if (article.status === 'published' && article.issueStatus === 'published')
    write.expire(tagsForArticleChange({ articleId: article.id, issueId: article.issueId, authorIds: [article.authorId, next.authorId] }));
  return { version, slug: next.slug, changed };
}

/** Saves the editor's fields over the version they opened; refused if another save came in between. */
export const saveArticle = command('edit-issues', (write, input: { articleId: number; version: number; fields: ArticleFields }) =>
  applyChange(write, { ...input, kind: 'save' }),
);

/** Brings an earlier revision back as a new one (over the version the editor was looking at). */
export const restoreRevision = command('edit-issues', async (write, input: { articleId: number; revisionId: number; version: number }) => {
  const [revision] = await write.tx
    .select()
    .from(articleRevisions)
    .where(and(eq(articleRevisions.id, input.revisionId), eq(articleRevisions.articleId, input.articleId)));
  if (!revision) refuse('not-found', 'This revision does not exist (any more).');
  return applyChange(write, {
    articleId: input.articleId,
    version: input.version,
    fields: fieldsOfRow(revision),
    kind: 'restore',
    restoredFromId: revision.id,
  });
});

/**
 * Keeps what the editor has typed and not saved (every few seconds while they type, and the text of a refused save):
 * one copy per article and editor, with the version they started from. Nobody else sees it, so nothing is logged
 * and no page changes.
 */
export const autosaveArticle = command(
  'edit-issues',
  async ({ tx, actor }, input: { articleId: number; baseVersion: number; fields: ArticleFields }) => {
    if (!actor.id) refuse('not-allowed', 'Only a signed-in editor has drafts.');
    const [article] = await tx.select({ id: articles.id }).from(articles).where(eq(articles.id, input.articleId));
    if (!article) refuse('not-found', 'This article does not exist (any more).');
    const row = { articleId: article.id, userId: actor.id, baseVersion: input.baseVersion, fields: input.fields, updatedAt: new Date() };
    const [saved] = await tx
      .insert(articleAutosaves)
      .values(row)
      .onConflictDoUpdate({ target: [articleAutosaves.articleId, articleAutosaves.userId], set: row })
      .returning({ updatedAt: articleAutosaves.updatedAt });
    return { at: saved!.updatedAt };
  },
);

/** Throws away the editor's own unsaved copy (they chose the article as saved: "Discard them", "Take theirs"). */
export const discardAutosave = command('edit-issues', async ({ tx, actor }, input: { articleId: number }) => {
  if (!actor.id) refuse('not-allowed', 'Only a signed-in editor has drafts.');
  await tx.delete(articleAutosaves).where(and(eq(articleAutosaves.articleId, input.articleId), eq(articleAutosaves.userId, actor.id)));
});
