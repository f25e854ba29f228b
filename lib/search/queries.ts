import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb, queryRows } from '@/db/client';
import { NO_FILTERS, yearRange, type SearchFilters } from './filters';
import { HIGHLIGHT_END, HIGHLIGHT_START, markCuts } from './highlight';
import { byAuthor, rankedPage, resultsOf, snippetOptions, type RankedResults, type RankedRow } from './ranked-page';

/**
 * Full-text search over published articles (of published issues; responses: ./responses.ts): PostgreSQL's websearch syntax (words, "phrases", -exclusions, or),
 * ranked by the weighted vector (title over standfirst over body), with highlighted snippets. Any text is safe:
 * websearch_to_tsquery never fails on syntax, and the query is always a bound parameter.
 */

export const MAX_QUERY_LENGTH = 200;

export type SearchHit = {
  date: string;
  slug: string;
  title: string;
  /**
   * Title and snippet carry the private-use markers of ./highlight around matched words; never HTML. The snippet
   * starts or ends with "…" where it was cut from the text, and has one between its fragments.
   */
  titleHighlighted: string;
  snippet: string;
  author: string;
};

export type SearchResults = RankedResults<SearchHit>;

// Control characters cannot be stored or compared in PostgreSQL text (NUL is refused outright); the markers are
// ours. Neither may come from a reader.
const UNSEARCHABLE = /[\u0000-\u001f\u007f-\u009f\uE000\uE001]/g;

/** The query as searched — control characters dropped, spaces collapsed, at most MAX_QUERY_LENGTH characters —
 * and whether it had to be shortened to fit. */
export function prepareQuery(raw: string | string[] | undefined): { text: string; shortened: boolean } {
  const given = Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? '');
  const characters = [...given.replace(UNSEARCHABLE, ' ').replace(/\s+/g, ' ').trim()];
  return { text: characters.slice(0, MAX_QUERY_LENGTH).join('').trim(), shortened: characters.length > MAX_QUERY_LENGTH };
}

export function normaliseQuery(raw: string | string[] | undefined): string {
  return prepareQuery(raw).text;
}

const titleHeadline = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, HighlightAll=true`;

export async function searchArticles(query: string, cursor: string | null, filters: SearchFilters = NO_FILTERS): Promise<SearchResults> {
  if (!query) return { hits: [], total: 0, next: null };
  const year = yearRange(filters.year);
  const db = await getDb();
  // Rank every match once (the GIN index finds them), page by keyset on (rank, id), and build the costly
  // headlines only for the rows of this page.
  const matches = sql`
    select a.id, ts_rank_cd(a.search, q.query) as rank
    from articles a
    join issues i on i.id = a.issue_id and i.status = 'published'
    cross join q
    where a.search @@ q.query and a.status = 'published'
      ${byAuthor(filters.author)}
      ${year ? sql`and i.date >= ${year.from}::date and i.date < ${year.until}::date` : sql``}
  `;
  const rows = await queryRows<
    RankedRow & {
      date: string;
      slug: string;
      title: string;
      title_highlighted: string;
      snippet: string;
      document: string;
      author: string;
    }
  >(
    db,
    sql`
    ${rankedPage(query, cursor, matches)}
    select p.id, p.rank, p.total, to_char(i.date, 'YYYY-MM-DD') as date, a.slug, a.title, au.name as author,
      ts_headline('english', a.title, q.query, ${titleHeadline}) as title_highlighted,
      ts_headline('english', d.document, q.query, ${snippetOptions}) as snippet, d.document
    from page p
    join articles a on a.id = p.id
    join issues i on i.id = a.issue_id
    join authors au on au.id = a.author_id
    cross join q
    -- The text the snippet is cut from, also returned: where a cut was made is decided against it (markCuts).
    cross join lateral (select a.standfirst || ' — ' || a.body as document) d
    order by p.rank desc, p.id desc
  `,
  );
  return resultsOf(rows, (row) => ({
    date: row.date,
    slug: row.slug,
    title: row.title,
    titleHighlighted: row.title_highlighted,
    snippet: markCuts(row.snippet, row.document),
    author: row.author,
  }));
}
