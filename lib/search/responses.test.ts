import { eq, sql } from 'drizzle-orm';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { articles, authors, issues, responses, type ArticleStatus, type IssueStatus } from '@/db/schema';
import { Highlighted } from '@/components/Highlighted';
import { withFreshDatabase } from '@/test/database';
import { insertPerson, insertResponse, type ResponseFixture } from '@/test/moderation';
import type { SearchFilters } from './filters';
import { HIGHLIGHT_END, HIGHLIGHT_START } from './highlight';
import { normaliseQuery } from './queries';
import { SEARCH_PAGE_SIZE } from './ranked-page';
import { searchResponses, type ResponseResults } from './responses';

const { connection } = withFreshDatabase();
const db = () => connection().db;

/**
 * Two published articles by two authors (issues of 2010 and 2011), and articles that are not on the site: a draft
 * and an unpublished one in a published issue, and a published one in a draft issue. Readers' responses mention
 * "cooperative" in every state; only the published ones on published articles may ever be found.
 */
const ids: Record<string, number> = {};
let rita: { id: string; displayName: string | null };

async function issue(date: string, status: IssueStatus) {
  const [row] = await db()
    .insert(issues)
    .values({ date, status, publishedAt: status === 'published' ? new Date(`${date}T08:00:00Z`) : null })
    .returning({ id: issues.id });
  return row!.id;
}

async function article(issueId: number, authorId: number, slug: string, status: ArticleStatus = 'published') {
  const [row] = await db()
    .insert(articles)
    .values({
      issueId,
      authorId,
      position: 1 + Object.keys(ids).length,
      slug,
      title: `On ${slug.replace(/-/g, ' ')}`,
      standfirst: 'A standfirst.',
      body: 'A body.',
      status,
      publishedAt: status === 'draft' ? null : new Date('2010-10-13T08:00:00Z'),
    })
    .returning({ id: articles.id });
  return (ids[slug] = row!.id);
}

/** A response, published (unless told) in the year given. */
async function respond(values: ResponseFixture & { year?: number }) {
  const id = await insertResponse(db(), values);
  if (values.year)
    await db()
      .update(responses)
      .set({ publishedAt: new Date(`${values.year}-06-01T12:00:00Z`) })
      .where(eq(responses.id, id));
  return id;
}

beforeAll(async () => {
  const [ann, bo] = await db()
    .insert(authors)
    .values([
      { slug: 'ann-author', name: 'Ann Author' },
      { slug: 'bo-writer', name: 'Bo Writer' },
    ])
    .returning({ id: authors.id });
  rita = await insertPerson(db(), 'reader', { displayName: 'Rita Reader' });
  const gone = await insertPerson(db(), 'reader', { displayName: 'Gone Soon' });
  const october = await issue('2010-10-13', 'published');
  const march = await issue('2011-03-09', 'published');
  const draftIssue = await issue('2011-04-06', 'draft');
  const onAnn = await article(october, ann!.id, 'ann-on-credit');
  const onBo = await article(march, bo!.id, 'bo-on-credit');
  const hidden = [
    await article(october, ann!.id, 'a-draft', 'draft'),
    await article(october, ann!.id, 'taken-down', 'unpublished'),
    await article(draftIssue, ann!.id, 'in-a-draft-issue'),
  ];

  ids.twice = await respond({ articleId: onAnn, authorId: rita.id, body: 'A cooperative bank, and another cooperative.', year: 2011 });
  ids.once = await respond({ articleId: onAnn, authorId: gone.id, body: 'One cooperative is enough.', year: 2012 });
  ids.onBo = await respond({ articleId: onBo, authorId: rita.id, body: 'The cooperative model, a year later.', year: 2012 });
  ids.markup = await respond({
    articleId: onBo,
    authorId: rita.id,
    body: 'Try <script>alert("cooperative")</script> and <b>cooperative</b> if 2 < 3 & <i>friends</i>.',
    year: 2013,
  });
  for (const status of ['pending', 'rejected', 'removed'] as const)
    ids[status] = await respond({ articleId: onAnn, authorId: rita.id, status, body: `A ${status} cooperative reply.` });
  for (const articleId of hidden) await respond({ articleId, authorId: rita.id, body: 'A cooperative under a hidden article.' });
  // Deleting an account keeps its responses, signed "a former reader".
  await db().execute(sql`delete from users where id = ${gone.id}`);
});

const search = (query: string, filters: Partial<SearchFilters> = {}, cursor: string | null = null) =>
  searchResponses(normaliseQuery(query), cursor, { author: null, year: null, ...filters });
const found = (results: ResponseResults) => results.hits.map((hit) => hit.id);

describe('searchResponses', () => {
  it('finds published responses on published articles only, best first', async () => {
    const results = await search('cooperatives');
    expect(results.total).toBe(4);
    // Two mentions in a short text rank first; the rest by rank, then newest id.
    expect(found(results)[0]).toBe(ids.twice);
    expect(found(results).sort()).toEqual([ids.twice, ids.once, ids.onBo, ids.markup].sort());
    for (const never of ['pending', 'rejected', 'removed']) expect(found(results)).not.toContain(ids[never]);
  });

  it('says which article each answers, who wrote it — "a former reader" as null — and when', async () => {
    const { hits } = await search('cooperative', { year: 2012 });
    expect(hits).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: ids.onBo,
          date: '2011-03-09',
          slug: 'bo-on-credit',
          articleTitle: 'On bo on credit',
          responder: 'Rita Reader',
        }),
        expect.objectContaining({ id: ids.once, date: '2010-10-13', slug: 'ann-on-credit', responder: null }),
      ]),
    );
    expect(hits.find((hit) => hit.id === ids.onBo)!.publishedAt.toISOString()).toBe('2012-06-01T12:00:00.000Z');
    expect(JSON.stringify(hits)).not.toMatch(/@/); // no reader's address, anywhere
  });

  it('narrows to the article’s author and the year the response was published', async () => {
    expect(found(await search('cooperative', { author: 'ann-author' })).sort()).toEqual([ids.twice, ids.once].sort());
    expect(found(await search('cooperative', { author: 'bo-writer' })).sort()).toEqual([ids.onBo, ids.markup].sort());
    expect(found(await search('cooperative', { year: 2011 }))).toEqual([ids.twice]);
    expect(found(await search('cooperative', { author: 'bo-writer', year: 2012 }))).toEqual([ids.onBo]);
    expect(found(await search('cooperative', { author: 'ann-author', year: 2013 }))).toEqual([]);
  });

  it('highlights matches with the markers, and the reader’s markup stays text when rendered', async () => {
    const [hit] = (await search('cooperative', { year: 2013 })).hits;
    expect(hit!.snippet).toContain(`${HIGHLIGHT_START}cooperative${HIGHLIGHT_END}`);
    const html = renderToStaticMarkup(createElement(Highlighted, { text: hit!.snippet }));
    expect(html).toContain('<mark>cooperative</mark>');
    // PostgreSQL's headline leaves tags out; what is left of the reader's text is escaped, never markup.
    expect(html).toContain('2 &lt; 3 &amp;');
    expect(html).not.toMatch(/<(script|b|i)>/);
  });

  it('an empty or stop-word query finds nothing; hostile text never throws', async () => {
    expect(await search('')).toEqual({ hits: [], total: 0, next: null });
    expect(await search('the')).toEqual({ hits: [], total: 0, next: null });
    for (const query of ["'; drop table responses; --", '&|!():*<>', `${HIGHLIGHT_START}cooperative`]) await search(query);
    expect((await search(`${HIGHLIGHT_START}cooperative${HIGHLIGHT_END}`)).total).toBe(4);
  });

  it('pages by keyset on rank and id, every match once', async () => {
    const article = ids['ann-on-credit']!;
    await db()
      .insert(responses)
      .values(
        Array.from({ length: SEARCH_PAGE_SIZE + 5 }, (_, i) => ({
          articleId: article,
          authorId: rita.id,
          body: `Platypus sighting ${i}.`,
        })),
      );
    const first = await search('platypus');
    expect(first.total).toBe(SEARCH_PAGE_SIZE + 5);
    expect(first.hits).toHaveLength(SEARCH_PAGE_SIZE);
    const second = await search('platypus', {}, first.next);
    expect(second.hits).toHaveLength(5);
    expect(second.next).toBeNull();
    expect(new Set([...found(first), ...found(second)]).size).toBe(SEARCH_PAGE_SIZE + 5);
  });
});
