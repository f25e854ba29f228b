import { and, eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { articleAutosaves, articles } from '@/db/schema';
import { ECHO_LIMIT } from '@/lib/actions/guard';
import type { CurrentUser } from '@/lib/auth/session';
import { form, insertArticle, insertPerson, signInAs } from '@/test/moderation';
import { withRealIssueForActions } from '@/test/real-issue';
import { redirectOf } from '@/test/redirect';
import { saveArticleForm } from './article-actions';
import type { ArticleFields } from './article-fields';

/**
 * The editor's form as a browser posts it: whatever becomes of a post (a preview, a refused field, another editor's
 * save in between), the editor's whole text is kept in their autosave — longer than a refused form's echo — and the
 * article changes only on a save.
 */

vi.mock('next/navigation', () => import('@/test/request').then((mocks) => mocks.navigation()));
vi.mock('next/headers', () => import('@/test/request').then((mocks) => mocks.headers()));
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));
vi.mock('@/lib/auth/session', (importActual) => import('@/test/request').then((mocks) => mocks.session(importActual)));

const { db, site } = withRealIssueForActions();

const LONG_BODY = `${'A long paragraph of the article. '.repeat(Math.ceil((ECHO_LIMIT * 1.5) / 33))}The end.`;

async function editorOn(articleId: number) {
  const person = await insertPerson(db(), 'editor');
  signInAs(db(), person);
  const [row] = await db().select().from(articles).where(eq(articles.id, articleId));
  const post = (changes: Record<string, string | number>) =>
    form({
      articleId,
      version: row!.version,
      title: row!.title,
      slug: row!.slug,
      standfirst: row!.standfirst,
      body: row!.body,
      invitation: row!.invitation,
      author: row!.authorId ?? '',
      responsesMode: row!.responsesMode,
      responsesNote: '',
      ...changes,
    });
  return { person, post, row: row! };
}

async function keptBody(articleId: number, person: CurrentUser) {
  const [row] = await db()
    .select()
    .from(articleAutosaves)
    .where(and(eq(articleAutosaves.articleId, articleId), eq(articleAutosaves.userId, person.id)));
  return (row?.fields as ArticleFields | undefined)?.body;
}

const articleNow = async (id: number) => (await db().select().from(articles).where(eq(articles.id, id)))[0]!;

describe('the editor’s form', () => {
  it('previews without saving the article, keeping the whole text for the page to show', async () => {
    const id = await insertArticle(db(), site());
    const { person, post, row } = await editorOn(id);

    const url = await redirectOf(saveArticleForm(undefined, post({ body: LONG_BODY, intent: 'preview' })));

    expect(url).toBe(`/admin/articles/${id}?preview=1#preview`);
    expect(await articleNow(id)).toEqual(row);
    expect(await keptBody(id, person)).toBe(LONG_BODY);
  });

  it('keeps the whole text when a field is refused', async () => {
    const id = await insertArticle(db(), site());
    const { person, post, row } = await editorOn(id);

    const state = await saveArticleForm(undefined, post({ body: LONG_BODY, title: '' }));

    expect(state).toMatchObject({ status: 'error', fieldErrors: { title: 'Please give a title.' } });
    expect(await articleNow(id)).toEqual(row);
    expect(await keptBody(id, person)).toBe(LONG_BODY);
  });

  it('sends a save that came after another editor’s to the comparison, with the whole text kept', async () => {
    const id = await insertArticle(db(), site());
    const other = await editorOn(id);
    const { person, post } = await editorOn(id);
    signInAs(db(), other.person);
    await redirectOf(saveArticleForm(undefined, other.post({ body: 'Theirs.' })));
    signInAs(db(), person);

    const url = await redirectOf(saveArticleForm(undefined, post({ body: LONG_BODY })));

    expect(url).toBe(`/admin/articles/${id}?conflict=1#conflict`);
    expect(await articleNow(id)).toMatchObject({ body: 'Theirs.', version: 2 });
    expect(await keptBody(id, person)).toBe(LONG_BODY);
  });

  it('saves, and says so, when nothing came in between', async () => {
    const id = await insertArticle(db(), site());
    const { person, post } = await editorOn(id);

    const url = await redirectOf(saveArticleForm(undefined, post({ body: LONG_BODY })));

    expect(url).toBe(`/admin/articles/${id}?done=saved#results`);
    expect(await articleNow(id)).toMatchObject({ body: LONG_BODY, version: 2 });
    expect(await keptBody(id, person)).toBeUndefined();
  });
});
