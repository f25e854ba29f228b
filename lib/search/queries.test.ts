import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/db/client';
import { articles, authors, issues, type IssueStatus } from '@/db/schema';
import { importIssueFiles } from '@/lib/issues/import';
import { withFreshDatabase } from '@/test/database';
import type { SearchFilters } from './filters';
import { HIGHLIGHT_END, HIGHLIGHT_START, splitHighlights } from './highlight';
import { MAX_QUERY_LENGTH, normaliseQuery, searchArticles, type SearchResults } from './queries';
import { SEARCH_PAGE_SIZE } from './ranked-page';

const { connection } = withFreshDatabase();

const REAL = { date: '2010-09-15', slug: 'we-should-value-local-diversity', title: 'We should value local diversity' };
const QUOKKAS = 45;
/** How often the word occurs in each quokka article's body: 1–5, nine articles each. */
const quokkaCount = (i: number) => (i % 5) + 1;

/**
 * The real issue, plus:
 * - 2010-10-13: a title match and a body-only match for "zeppelin" (the title match inserted first, so that a tie
 *   on rank would put it second), and an article with "social" and "finance" apart rather than as a phrase;
 * - 2010-10-27: 45 articles about quokkas, the word 1–5 times in otherwise identical bodies;
 * - 2010-11-10, a draft: it mentions localism and quokkas, and must never be found; nor must a draft article and an
 *   unpublished one in the published October issue;
 * - 2011-03-09: "airships" by another author, a year later (for the filters).
 */
beforeAll(async () => {
  const { db } = connection();
  await importIssueFiles(db, [path.join(process.cwd(), 'content', 'briefing-2010-09-15.txt')]);
  // Published as the editor publishes it (whatever the importer leaves it as).
  await db.update(articles).set({ status: 'published', publishedAt: new Date('2010-09-15T08:00:00Z') });
  const [author] = await db.insert(authors).values({ slug: 'test-writer', name: 'Test Writer' }).returning({ id: authors.id });
  const issue = async (date: string, status: IssueStatus) => {
    const [row] = await db
      .insert(issues)
      .values({ date, status, publishedAt: status === 'published' ? new Date(`${date}T08:00:00Z`) : null })
      .returning({ id: issues.id });
    return row!.id;
  };
  const base = { authorId: author!.id, status: 'published' as const, publishedAt: new Date('2010-10-13T08:00:00Z') };

  const october = await issue('2010-10-13', 'published');
  await db.insert(articles).values({
    ...base,
    issueId: october,
    position: 1,
    slug: 'zeppelin-futures',
    title: 'Zeppelin futures',
    standfirst: 'Airships, again.',
    body: 'Nothing more to say.',
  });
  await db.insert(articles).values({
    ...base,
    issueId: october,
    position: 2,
    slug: 'transport-notes',
    title: 'Transport notes',
    standfirst: 'Notes on getting about.',
    body: 'A zeppelin passed over the town.\n\nThe zeppelin was very large indeed.',
  });
  await db.insert(articles).values({
    ...base,
    issueId: october,
    position: 3,
    slug: 'money-and-people',
    title: 'Finance for the social sector',
    standfirst: 'Where the money goes.',
    body: 'Charities need funds. Social enterprises need them too.',
  });

  const quokkaIssue = await issue('2010-10-27', 'published');
  await db.insert(articles).values(
    Array.from({ length: QUOKKAS }, (_, i) => ({
      ...base,
      issueId: quokkaIssue,
      position: i + 1,
      slug: `quokka-${i + 1}`,
      title: `Marsupial note ${i + 1}`,
      standfirst: 'Observations from an island.',
      body: `Today we saw ${Array(quokkaCount(i)).fill('quokka').join(' and ')} near the shore.`,
    })),
  );

  const draft = await issue('2010-11-10', 'draft');
  await db.insert(articles).values({
    ...base,
    issueId: draft,
    position: 1,
    slug: 'unpublished-localism',
    title: 'Localism and quokkas',
    standfirst: 'Not yet published.',
    body: 'Localism, social finance, a zeppelin and a quokka.',
  });
  // In a published issue, an article still being written and one taken down: never found either.
  await db.insert(articles).values([
    {
      ...base,
      issueId: october,
      position: 4,
      slug: 'draft-localism',
      title: 'Localism drafted',
      standfirst: 'Quokka.',
      body: 'Zeppelin.',
      status: 'draft',
      publishedAt: null,
    },
    {
      ...base,
      issueId: october,
      position: 5,
      slug: 'withdrawn-localism',
      title: 'Localism withdrawn',
      standfirst: 'Quokka.',
      body: 'Zeppelin.',
      status: 'unpublished',
    },
  ]);
  // Another author, in a later year: for the filters.
  const [other] = await db.insert(authors).values({ slug: 'other-hand', name: 'Other Hand' }).returning({ id: authors.id });
  const nextYear = await issue('2011-03-09', 'published');
  await db.insert(articles).values({
    ...base,
    authorId: other!.id,
    issueId: nextYear,
    position: 1,
    slug: 'airships-revisited',
    title: 'Airships revisited',
    standfirst: 'Once more.',
    body: 'The airship returns, a year on.',
  });
});

const search = (query: string, cursor: string | null = null) => searchArticles(normaliseQuery(query), cursor);
const slugs = (results: SearchResults) => results.hits.map((hit) => hit.slug);

describe('searchArticles', () => {
  it('finds the real article by a word, stemmed, and never a draft', async () => {
    const results = await search('localism');
    expect(results.total).toBe(1);
    expect(results.next).toBeNull();
    expect(results.hits).toEqual([
      {
        date: REAL.date,
        slug: REAL.slug,
        title: REAL.title,
        titleHighlighted: `We should value ${HIGHLIGHT_START}local${HIGHLIGHT_END} diversity`,
        snippet: expect.stringContaining(`${HIGHLIGHT_START}localism${HIGHLIGHT_END}`),
        author: 'Stian Westlake',
      },
    ]);
  });

  it('matches a "phrase" only where its words are adjacent', async () => {
    expect(slugs(await search('"social finance"'))).toEqual([REAL.slug]);
    expect(slugs(await search('social finance')).sort()).toEqual(['money-and-people', REAL.slug]);
  });

  it('excludes articles with a -word', async () => {
    expect(slugs(await search('finance -localism'))).toEqual(['money-and-people']);
    const without = await search('-localism');
    expect(without.total).toBe(4 + QUOKKAS);
    expect(slugs(without)).not.toContain(REAL.slug);
  });

  it('ranks a title match above a body-only match', async () => {
    const results = await search('zeppelin');
    expect(slugs(results)).toEqual(['zeppelin-futures', 'transport-notes']);
    expect(results.hits[0]!.titleHighlighted).toBe(`${HIGHLIGHT_START}Zeppelin${HIGHLIGHT_END} futures`);
    expect(results.hits[1]!.titleHighlighted).toBe('Transport notes');
    expect(results.hits[1]!.snippet).toContain(`A ${HIGHLIGHT_START}zeppelin${HIGHLIGHT_END} passed over the town.`);
  });

  it('marks where a snippet was cut from its text with an ellipsis, and nowhere else', async () => {
    // The real article is long and "localism" is in its middle: cut before, between the fragments, and after.
    const [long] = (await search('localism')).hits;
    expect(long!.snippet).toMatch(/^… \S/);
    expect(long!.snippet).toMatch(/\S …$/);
    expect(long!.snippet.match(/ … /g)).toHaveLength(1); // between its two fragments
    // A short article is shown whole, from its first word (the standfirst) to its last.
    const short = (await search('zeppelin')).hits.find((hit) => hit.slug === 'transport-notes');
    const plain = splitHighlights(short!.snippet)
      .map((segment) => segment.text)
      .join('');
    expect(plain).toMatch(/^Notes on getting about\. — A zeppelin passed over the town\.\s+The zeppelin was very large indeed\.?$/);
  });

  it('marks matched words with the private-use markers, balanced, and only matched words', async () => {
    const [hit] = (await search('localism finance')).hits;
    expect(hit!.snippet).toContain(HIGHLIGHT_START);
    const opens = hit!.snippet.split(HIGHLIGHT_START).length - 1;
    expect(hit!.snippet.split(HIGHLIGHT_END).length - 1).toBe(opens);
    const marked = splitHighlights(hit!.snippet).filter((segment) => segment.marked);
    expect(marked.length).toBe(opens);
    for (const segment of marked) expect(segment.text).toMatch(/^(local|financ)/i);
    expect(hit!.snippet).not.toMatch(/<\/?b>/);
  });

  it('never echoes HTML from the query into titles or snippets', async () => {
    for (const query of [
      'localism or <script>alert(1)</script>',
      '<b>finance</b> or localism',
      'localism or <img src=x onerror=alert(1)>',
    ]) {
      const results = await search(query);
      expect(slugs(results), query).toContain(REAL.slug);
      for (const hit of results.hits) {
        expect(`${hit.title}${hit.titleHighlighted}${hit.snippet}`, query).not.toMatch(/[<>]/);
      }
    }
  });

  it('an empty query finds nothing without asking the database', async () => {
    expect(await searchArticles('', null)).toEqual({ hits: [], total: 0, next: null });
    expect(normaliseQuery('  \n\t ')).toBe('');
    expect(normaliseQuery(undefined)).toBe('');
    expect(await search(' \u0000 ')).toEqual({ hits: [], total: 0, next: null });
  });

  it('a query of stop words only finds nothing and does not fail', async () => {
    expect(await search('the')).toEqual({ hits: [], total: 0, next: null });
    expect(await search('the and of')).toEqual({ hits: [], total: 0, next: null });
  });

  describe('hostile queries never throw', () => {
    const hostile: [string, string][] = [
      ['NUL byte', 'local\u0000ism'],
      ['NUL at the end', 'localism\u0000'],
      ['quotes', `"localism' "" ' "`],
      ['unbalanced quote', '"social finance'],
      ['backslashes', '\\ \\\\ localism\\'],
      ['SQL', "'; drop table articles; --"],
      ['tsquery operators', '&|!():*<>'],
      ['operators around a word', '!(localism) & | <-> :* finance:*'],
      ['10 000 characters', 'localism '.repeat(1112).slice(0, 10_000)],
      ['10 000 emoji', '🦘'.repeat(10_000)],
      ['emoji', '🦘 localism 👍🏽'],
      ['Arabic', 'المحلية الاجتماعية'],
      ['Hebrew with a word', 'localism מקומיות'],
      ['mixed direction marks', '\u202Elocalism\u202C \u200F'],
      ['our markers', `${HIGHLIGHT_START}localism${HIGHLIGHT_END}`],
    ];
    it.each(hostile)('%s', async (_name, raw) => {
      const query = normaliseQuery(raw);
      expect(query).not.toMatch(/[\u0000\uE000\uE001]/);
      expect([...query].length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
      expect(query.isWellFormed()).toBe(true);
      const results = await searchArticles(query, null);
      expect(results.total).toBe(results.hits.length);
      for (const hit of results.hits) expect(hit.slug).toMatch(/^[a-z0-9-]+$/);
    });

    it('and still find what they name', async () => {
      expect(slugs(await search('localism\u0000'))).toEqual([REAL.slug]);
      expect(slugs(await search('🦘 localism 👍🏽'))).toEqual([REAL.slug]);
      expect(slugs(await search(`${HIGHLIGHT_START}localism${HIGHLIGHT_END}`))).toEqual([REAL.slug]);
      expect((await search('المحلية الاجتماعية')).total).toBe(0);
      expect((await search('localism מקומיות')).total).toBe(0);
    });

    it('and leave the data alone', async () => {
      await search("'; drop table articles; --");
      await search("x'); delete from articles; --");
      const [row] = await queryRows<{ count: number }>(connection().db, sql`select count(*)::int as count from articles`);
      expect(row!.count).toBe(1 + 3 + QUOKKAS + 1 + 2 + 1);
    });

    it('a malformed cursor is the first page', async () => {
      const first = await search('quokka');
      const unrepresentable = ['1e999_1', '1e-60_1', `${'9'.repeat(41)}_1`];
      for (const cursor of ["'; drop table articles; --", 'NaN_1', '1_', '_1', '1e999999_1x', '', ...unrepresentable]) {
        expect(await search('quokka', cursor)).toEqual(first);
      }
    });
  });

  it('never finds a draft or unpublished article, even in a published issue', async () => {
    for (const query of ['localism', 'quokka', 'zeppelin']) {
      expect(slugs(await search(query)), query).not.toContain('draft-localism');
      expect(slugs(await search(query)), query).not.toContain('withdrawn-localism');
      expect(slugs(await search(query)), query).not.toContain('unpublished-localism');
    }
  });

  it('narrows to an author and to the issue’s year, together or apart', async () => {
    const airships = (filters: Partial<SearchFilters>) => searchArticles('airship', null, { author: null, year: null, ...filters });
    expect(slugs(await airships({})).sort()).toEqual(['airships-revisited', 'zeppelin-futures']);
    expect(slugs(await airships({ author: 'other-hand' }))).toEqual(['airships-revisited']);
    expect(slugs(await airships({ year: 2010 }))).toEqual(['zeppelin-futures']);
    expect(slugs(await airships({ author: 'test-writer', year: 2011 }))).toEqual([]);
    expect((await airships({ author: 'no-such-author' })).total).toBe(0);
  });

  describe('paging', () => {
    it('returns every match exactly once across pages, best first', async () => {
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const results: SearchResults = await search('quokka', cursor);
        expect(results.total).toBe(QUOKKAS);
        pages.push(slugs(results));
        cursor = results.next;
        expect(pages.length).toBeLessThan(10);
      } while (cursor);

      expect(pages.map((page) => page.length)).toEqual([SEARCH_PAGE_SIZE, SEARCH_PAGE_SIZE, QUOKKAS - 2 * SEARCH_PAGE_SIZE]);
      const all = pages.flat();
      expect(new Set(all).size).toBe(QUOKKAS);
      expect(all.sort()).toEqual(Array.from({ length: QUOKKAS }, (_, i) => `quokka-${i + 1}`).sort());
      expect(all).not.toContain('unpublished-localism');
    });

    it('pages by id alone when every rank is the same (an exclusion-only query)', async () => {
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const results: SearchResults = await search('-localism', cursor);
        all.push(...slugs(results));
        cursor = results.next;
        expect(all.length).toBeLessThan(200);
      } while (cursor);
      expect(all).toHaveLength(4 + QUOKKAS);
      expect(new Set(all).size).toBe(4 + QUOKKAS);
      expect(all).not.toContain(REAL.slug);
    });

    it('orders by rank (more mentions first), then newest id, across page boundaries', async () => {
      const order: string[] = [];
      let cursor: string | null = null;
      do {
        const results: SearchResults = await search('quokka', cursor);
        order.push(...slugs(results));
        cursor = results.next;
      } while (cursor);
      // Articles were inserted in position order, so a higher number is a higher id.
      const expected = Array.from({ length: QUOKKAS }, (_, i) => i)
        .sort((a, b) => quokkaCount(b) - quokkaCount(a) || b - a)
        .map((i) => `quokka-${i + 1}`);
      expect(order).toEqual(expected);
    });
  });
});

describe('normaliseQuery', () => {
  it('collapses whitespace and trims', () => {
    expect(normaliseQuery('  social \n\t finance  ')).toBe('social finance');
  });

  it('takes the first of repeated parameters', () => {
    expect(normaliseQuery(['localism', 'finance'])).toBe('localism');
    expect(normaliseQuery([])).toBe('');
  });

  it('turns control characters and the highlight markers into spaces', () => {
    expect(normaliseQuery('a\u0000b\u0007c\u009fd\uE000e\uE001f')).toBe('a b c d e f');
  });

  it('keeps at most MAX_QUERY_LENGTH characters, never splitting one', () => {
    const emoji = normaliseQuery('🦘'.repeat(300));
    expect([...emoji]).toHaveLength(MAX_QUERY_LENGTH);
    expect(emoji.isWellFormed()).toBe(true);
    const words = normaliseQuery('ab '.repeat(100));
    expect(words.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    expect(words).toBe(words.trim());
  });
});
