import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { articleAutosaves, articleRevisions, articles, authors, issues } from '@/db/schema';
import { actorOf, type Actor } from '@/lib/commands/actor';
import { tagsForArticleChange } from '@/lib/cache/tags';
import { run } from '@/test/commands';
import { editorialSnapshot } from '@/test/editorial';
import { insertArticle, insertPerson, lastLogId, logSince } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { expectRefusal } from '@/test/refused';
import { currentArticleAddress } from './addresses';
import { autosaveArticle, discardAutosave, restoreRevision, saveArticle } from './article-commands';
import { fieldsOfRow, type ArticleFields } from './article-fields';

// The article editor's writes: saves on a version, revisions, restores, old addresses and each editor's autosave.

const { db, site } = withRealIssue();

const editor = async (name = 'Eddie Editor'): Promise<Actor> => actorOf(await insertPerson(db(), 'editor', { displayName: name }));

async function articleRow(id: number) {
  const [row] = await db().select().from(articles).where(eq(articles.id, id));
  return row!;
}

const fieldsOf = async (id: number): Promise<ArticleFields> => fieldsOfRow(await articleRow(id));

const revisionsOf = (id: number) =>
  db().select().from(articleRevisions).where(eq(articleRevisions.articleId, id)).orderBy(asc(articleRevisions.version));

const autosavesOf = (id: number) => db().select().from(articleAutosaves).where(eq(articleAutosaves.articleId, id));

/** Everything a refused save might have touched. */
const unchanged = async () => ({
  ...(await editorialSnapshot(db())),
  revisions: await db().select().from(articleRevisions).orderBy(asc(articleRevisions.id)),
  autosaves: await db().select().from(articleAutosaves),
});

/** A fresh article of the site's (published) issue: a draft, or published (and so once read on the site). */
async function freshArticle(status: 'draft' | 'published' = 'draft') {
  // insertArticle makes a published article (what the moderation tests need); a draft has never been published.
  const id = await insertArticle(db(), site());
  if (status === 'draft') await db().update(articles).set({ status, publishedAt: null }).where(eq(articles.id, id));
  return id;
}

async function issueDate(): Promise<string> {
  const [issue] = await db().select({ date: issues.date }).from(issues).where(eq(issues.id, site().issueId));
  return issue!.date;
}

describe('saving an article', () => {
  it('raises the version, keeps a revision (and the imported text before it), logs before → after, and expires its pages when readers see it', async () => {
    const id = await freshArticle('published');
    const actor = await editor('Sam Saver');
    const before = await fieldsOf(id);
    const logId = await lastLogId(db());

    const { output, tags } = await run(saveArticle, actor, { articleId: id, version: 1, fields: { ...before, title: 'A better title' } });

    expect(output).toEqual({ version: 2, slug: before.slug, changed: ['title'] });
    expect(await articleRow(id)).toMatchObject({ title: 'A better title', version: 2 });
    expect(await revisionsOf(id)).toEqual([
      expect.objectContaining({ version: 1, kind: 'import', title: before.title, savedById: null }),
      expect.objectContaining({ version: 2, kind: 'save', title: 'A better title', savedById: actor.id, savedByName: 'Sam Saver' }),
    ]);
    const [revision] = (await revisionsOf(id)).slice(-1);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        action: 'article-save',
        targetType: 'article',
        targetId: String(id),
        actorId: actor.id,
        before: { version: 1, title: before.title },
        after: { version: 2, revision: revision!.id, title: 'A better title' },
      }),
    ]);
    expect(tags).toEqual(tagsForArticleChange({ articleId: id, issueId: site().issueId, authorIds: [site().authorId] }).sort());
  });

  it('changes no reader’s page while the article is a draft', async () => {
    const id = await freshArticle();
    const { tags } = await run(saveArticle, await editor(), {
      articleId: id,
      version: 1,
      fields: { ...(await fieldsOf(id)), body: 'New words.' },
    });
    expect(tags).toEqual([]);
  });

  it('is refused when someone saved since the editor opened it, changing nothing', async () => {
    const id = await freshArticle();
    const fields = await fieldsOf(id);
    await run(saveArticle, await editor('First'), { articleId: id, version: 1, fields: { ...fields, body: 'Theirs.' } });
    const second = await editor('Second');

    await expectRefusal(
      () => run(saveArticle, second, { articleId: id, version: 1, fields: { ...fields, body: 'Mine.' } }),
      {
        code: 'conflict',
        message:
          'Someone else saved this article since you opened it (it is at version 2, you opened version 1). Your text is kept: compare it with theirs below.',
      },
      { unchanged, logOf: db() },
    );
    // Saved over the version they have now seen, theirs is replaced: "keep mine".
    await run(saveArticle, second, { articleId: id, version: 2, fields: { ...fields, body: 'Mine.' } });
    expect(await articleRow(id)).toMatchObject({ body: 'Mine.', version: 3 });
  });

  it('saves nothing when nothing changed, but clears the editor’s autosave', async () => {
    const id = await freshArticle();
    const actor = await editor();
    const fields = await fieldsOf(id);
    await run(autosaveArticle, actor, { articleId: id, baseVersion: 1, fields: { ...fields, body: 'Typed, then undone.' } });

    const { output } = await run(saveArticle, actor, { articleId: id, version: 1, fields });

    expect(output.changed).toEqual([]);
    expect(await articleRow(id)).toMatchObject({ version: 1 });
    expect(await revisionsOf(id)).toEqual([]);
    expect(await autosavesOf(id)).toEqual([]);
  });

  it('creates a new author in the same save, and not at all when the save is refused', async () => {
    const id = await freshArticle();
    const actor = await editor();
    const fields = { ...(await fieldsOf(id)), authorId: null, newAuthorName: 'Nadia Newcomer' };

    await expectRefusal(
      () => run(saveArticle, actor, { articleId: id, version: 9, fields }),
      { code: 'conflict', message: expect.any(String) },
      {
        unchanged,
      },
    );
    await run(saveArticle, actor, { articleId: id, version: 1, fields });

    const [created] = await db().select().from(authors).where(eq(authors.name, 'Nadia Newcomer'));
    expect(await articleRow(id)).toMatchObject({ authorId: created!.id });
  });

  it('refuses to leave a published article without an author', async () => {
    const id = await freshArticle('published');
    await expectRefusal(
      async () => run(saveArticle, await editor(), { articleId: id, version: 1, fields: { ...(await fieldsOf(id)), authorId: null } }),
      { code: 'invalid', message: 'A published article needs an author: please choose one.', field: 'author' },
      { unchanged },
    );
  });
});

describe('an article’s address', () => {
  it('is made from the title when left empty', async () => {
    const id = await freshArticle();
    const fields = { ...(await fieldsOf(id)), title: 'Rivers: who owns them?', slug: '' };
    const { output } = await run(saveArticle, await editor(), { articleId: id, version: 1, fields });
    expect(output.slug).toBe('rivers-who-owns-them');
  });

  it('must be well formed and free within its issue', async () => {
    const id = await freshArticle();
    const other = await articleRow(await freshArticle());
    const actor = await editor();
    const fields = await fieldsOf(id);

    await expectRefusal(
      () => run(saveArticle, actor, { articleId: id, version: 1, fields: { ...fields, slug: 'Not A Slug' } }),
      { code: 'invalid', message: expect.stringContaining('lower-case letters'), field: 'slug' },
      { unchanged },
    );
    await expectRefusal(
      () => run(saveArticle, actor, { articleId: id, version: 1, fields: { ...fields, slug: other.slug } }),
      {
        code: 'conflict',
        message: `Another article of this issue (“${other.title}”) has the address “${other.slug}”: please choose another.`,
        field: 'slug',
      },
      { unchanged },
    );
  });

  it('of a published article keeps leading to it after a rename (308), and is freed when taken back', async () => {
    const id = await freshArticle('published');
    const actor = await editor();
    const fields = await fieldsOf(id);
    const date = await issueDate();

    await run(saveArticle, actor, { articleId: id, version: 1, fields: { ...fields, slug: 'renamed-once' } });
    await run(saveArticle, actor, { articleId: id, version: 2, fields: { ...fields, slug: 'renamed-twice' } });

    expect(await currentArticleAddress(db(), date, fields.slug)).toEqual({ date, slug: 'renamed-twice' });
    expect(await currentArticleAddress(db(), date, 'renamed-once')).toEqual({ date, slug: 'renamed-twice' });

    await run(saveArticle, actor, { articleId: id, version: 3, fields });
    expect(await currentArticleAddress(db(), date, fields.slug)).toBeNull();
    expect(await currentArticleAddress(db(), date, 'renamed-twice')).toEqual({ date, slug: fields.slug });
  });

  it('of a draft is not remembered: nobody can have linked to it', async () => {
    const id = await freshArticle();
    const fields = await fieldsOf(id);
    const date = await issueDate();
    await run(saveArticle, await editor(), { articleId: id, version: 1, fields: { ...fields, slug: 'draft-renamed' } });
    expect(await currentArticleAddress(db(), date, fields.slug)).toBeNull();
  });
});

describe('restoring a revision', () => {
  it('makes a new revision that names its source, and is undone by restoring the one before', async () => {
    const id = await freshArticle();
    const actor = await editor();
    const original = await fieldsOf(id);
    await run(saveArticle, actor, { articleId: id, version: 1, fields: { ...original, body: 'Second.' } });
    await run(saveArticle, actor, { articleId: id, version: 2, fields: { ...original, body: 'Third.' } });
    const [first, , third] = await revisionsOf(id);
    const logId = await lastLogId(db());

    await run(restoreRevision, actor, { articleId: id, revisionId: first!.id, version: 3 });
    expect(await articleRow(id)).toMatchObject({ body: original.body, version: 4 });
    expect((await revisionsOf(id)).at(-1)).toMatchObject({ version: 4, kind: 'restore', restoredFromId: first!.id, body: original.body });
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        action: 'article-restore',
        before: expect.objectContaining({ version: 3 }),
        after: expect.objectContaining({ version: 4 }),
      }),
    ]);

    // Undone: the revision before the restore comes back, as one more revision.
    await run(restoreRevision, actor, { articleId: id, revisionId: third!.id, version: 4 });
    expect(await articleRow(id)).toMatchObject({ body: 'Third.', version: 5 });
    expect((await revisionsOf(id)).map((row) => [row.version, row.kind, row.restoredFromId])).toEqual([
      [1, 'import', null],
      [2, 'save', null],
      [3, 'save', null],
      [4, 'restore', first!.id],
      [5, 'restore', third!.id],
    ]);
  });

  it('is refused over a version someone moved on from, and for another article’s revision', async () => {
    const id = await freshArticle();
    const actor = await editor();
    await run(saveArticle, actor, { articleId: id, version: 1, fields: { ...(await fieldsOf(id)), body: 'Moved on.' } });
    const [first] = await revisionsOf(id);
    const elsewhere = await freshArticle();

    await expectRefusal(
      () => run(restoreRevision, actor, { articleId: id, revisionId: first!.id, version: 1 }),
      {
        code: 'conflict',
        message: expect.stringContaining('Someone else saved this article'),
      },
      { unchanged },
    );
    await expectRefusal(
      () => run(restoreRevision, actor, { articleId: elsewhere, revisionId: first!.id, version: 1 }),
      {
        code: 'not-found',
        message: 'This revision does not exist (any more).',
      },
      { unchanged },
    );
  });
});

describe('autosave', () => {
  it('keeps one copy per article and editor, changes nothing readers see, and a save clears only the saver’s', async () => {
    const id = await freshArticle('published');
    const [ann, bob] = [await editor('Ann'), await editor('Bob')];
    const fields = await fieldsOf(id);
    const article = await articleRow(id);
    const logId = await lastLogId(db());

    const annSaved = await run(autosaveArticle, ann, { articleId: id, baseVersion: 1, fields: { ...fields, body: 'Ann typing.' } });
    await run(autosaveArticle, ann, { articleId: id, baseVersion: 1, fields: { ...fields, body: 'Ann typing more.' } });
    await run(autosaveArticle, bob, { articleId: id, baseVersion: 1, fields: { ...fields, body: 'Bob typing.' } });

    expect(annSaved.tags).toEqual([]);
    expect(await articleRow(id)).toEqual(article);
    expect(await logSince(db(), logId)).toEqual([]);
    const bodies = async () => Object.fromEntries((await autosavesOf(id)).map((row) => [row.userId, (row.fields as ArticleFields).body]));
    expect(await bodies()).toEqual({ [ann.id!]: 'Ann typing more.', [bob.id!]: 'Bob typing.' });

    await run(saveArticle, ann, { articleId: id, version: 1, fields: { ...fields, body: 'Ann typing more.' } });
    expect(await bodies()).toEqual({ [bob.id!]: 'Bob typing.' });
    await run(discardAutosave, bob, { articleId: id });
    expect(await bodies()).toEqual({});
  });
});
