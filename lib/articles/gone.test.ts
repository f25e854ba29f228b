import http from 'node:http';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { articles, issues } from '@/db/schema';
import { insertArticle } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { answerAsGone, goneAddresses, isGoneView } from './gone-addresses.mjs';
import { changesGoneArticles, goneArticlesKeeper, readGoneAddresses } from './gone';

// Which addresses answer 410, how each server keeps them, and how server.mjs applies them to a response.
const { db, site } = withRealIssue();

const REAL = '/issues/2010-09-15';
const slugOf = async (articleId: number) =>
  (await db().select({ slug: articles.slug }).from(articles).where(eq(articles.id, articleId)))[0]!.slug;
const setStatus = (articleId: number, status: 'draft' | 'published' | 'unpublished') =>
  db()
    .update(articles)
    .set({ status, publishedAt: status === 'draft' ? null : new Date() })
    .where(eq(articles.id, articleId));

afterEach(() => goneAddresses().clear());

describe('the gone addresses', () => {
  it('are the unpublished articles of published issues: not drafts, nor published ones, nor those of a draft issue', async () => {
    const [gone, draft, live] = [await insertArticle(db(), site()), await insertArticle(db(), site()), await insertArticle(db(), site())];
    await setStatus(gone, 'unpublished');
    await setStatus(draft, 'draft');
    const [draftIssue] = await db().insert(issues).values({ date: '2010-09-29' }).returning({ id: issues.id });
    const inDraftIssue = await insertArticle(db(), { ...site(), issueId: draftIssue!.id });
    await setStatus(inDraftIssue, 'unpublished');

    expect(await readGoneAddresses(db())).toEqual([`${REAL}/${await slugOf(gone)}`]);
    expect(live).toBeGreaterThan(0);
  });

  it('are read again when an article or issue change is heard, and kept when the read fails', async () => {
    const article = await insertArticle(db(), site());
    const address = `${REAL}/${await slugOf(article)}`;
    const keeper = goneArticlesKeeper(db());
    await keeper.refresh();
    expect(goneAddresses().has(address)).toBe(false);

    await setStatus(article, 'unpublished');
    keeper.heard([`responses:${article}`]); // not an article change: nothing read
    await keeper.refresh(); // …until asked
    expect(goneAddresses().has(address)).toBe(true);

    await setStatus(article, 'published');
    expect(changesGoneArticles([`article:${article}`])).toBe(true);
    expect(changesGoneArticles(['issue:1'])).toBe(true);
    expect(changesGoneArticles(['archive', 'responses:1', 'feed'])).toBe(false);
    await keeper.refresh();
    expect(goneAddresses().has(address)).toBe(false);

    const failing = goneArticlesKeeper({
      select: () => {
        throw new Error('connection lost');
      },
    } as never);
    goneAddresses().clear();
    goneAddresses().add(address);
    const quiet = console.error;
    console.error = () => {};
    await failing.refresh().finally(() => (console.error = quiet));
    expect([...goneAddresses()]).toEqual([address]);
  });
});

describe('server.mjs’s use of them', () => {
  it('a GET or HEAD of a gone address, its query aside, is a gone view; a POST or another address is not', () => {
    goneAddresses().add('/issues/2010-09-15/withdrawn');
    expect(isGoneView({ method: 'GET', url: '/issues/2010-09-15/withdrawn' })).toBe(true);
    expect(isGoneView({ method: 'HEAD', url: '/issues/2010-09-15/withdrawn?_rsc=1' })).toBe(true);
    expect(isGoneView({ method: 'POST', url: '/issues/2010-09-15/withdrawn' })).toBe(false);
    expect(isGoneView({ method: 'GET', url: '/issues/2010-09-15/withdrawn/responses/newest' })).toBe(false);
    expect(isGoneView({ method: 'GET', url: '/issues/2010-09-15/other' })).toBe(false);
  });

  it('finds a gone address however the request spells it, as Next reads it to find the page', () => {
    goneAddresses().add('/issues/2010-09-15/withdrawn');
    for (const url of [
      '/issues/2010-09-15/withdraw%6e',
      '/issues/2010-09-15/%77ithdrawn?_rsc=1',
      '/issues/2010%2D09-15/withdrawn',
      '/issues/2010-09-15/./withdrawn',
      '/issues/x/../2010-09-15/withdrawn',
    ])
      expect(isGoneView({ method: 'GET', url }), url).toBe(true);
    // Not the same page: an encoded slash stays inside its segment, and a malformed escape is no address at all.
    for (const url of [
      '/issues%2F2010-09-15/withdrawn',
      '/issues/2010-09-15%2Fwithdrawn',
      '/issues/2010-09-15/withdrawn%',
      '/issues/2010-09-15/withdrawn%zz',
    ])
      expect(isGoneView({ method: 'GET', url }), url).toBe(false);
  });

  it('answers the page with 410, whether its status was written or implied, and leaves a redirect alone', async () => {
    const server = http.createServer((request, response) => {
      answerAsGone(response);
      if (request.url === '/implied') response.end('the page');
      else if (request.url === '/not-found') response.writeHead(404).end('gone further');
      else response.writeHead(308, { Location: '/elsewhere' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const statusOf = async (path: string) => (await fetch(`http://127.0.0.1:${port}${path}`, { redirect: 'manual' })).status;
      expect(await statusOf('/implied')).toBe(410);
      expect(await statusOf('/not-found')).toBe(410);
      expect(await statusOf('/moved')).toBe(308);
    } finally {
      server.close();
    }
  });
});
