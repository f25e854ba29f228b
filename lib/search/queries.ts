import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb, queryRows } from '@/db/client';
import { NO_FILTERS, yearRange, type SearchFilters } from './filters';
import { FRAGMENT_BREAK, HIGHLIGHT_END, HIGHLIGHT_START, markCuts } from './highlight';

/**
 * Full-text search over published articles (of published issues; responses: ./responses.ts): PostgreSQL's websearch syntax (words, "phrases", -exclusions, or),
 * ranked by the weighted vector (title over standfirst over body), with highlighted snippets. Any text is safe:
 * websearch_to_tsquery never fails on syntax, and the query is always a bound parameter.
 */

export const SEARCH_PAGE_SIZE = 20;
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

export type SearchResults = { hits: SearchHit[]; total: number; next: string | null };

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

// ts_rank_cd gives a PostgreSQL `real`; a cursor is only trusted with a rank that type can hold.
const REAL_MAX = 3.4e38;
const REAL_MIN_NORMAL = 1.18e-38;

/** "0.0759909_42" (rank, then id) → the keyset after which the next page starts; anything else → the first page. */
export function parseCursor(cursor: string | null): { rank: number; id: number } | null {
  const match = cursor ? /^(\d+(?:\.\d+)?(?:e-?\d+)?)_(\d{1,9})$/i.exec(cursor) : null;
  if (!match) return null;
  const rank = Number(match[1]);
  const representable = Number.isFinite(rank) && rank <= REAL_MAX && (rank === 0 || rank >= REAL_MIN_NORMAL);
  return representable ? { rank, id: Number(match[2]) } : null;
}

export const headline = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, MaxFragments=2, MaxWords=28, MinWords=12, FragmentDelimiter=${FRAGMENT_BREAK}`;
const titleHeadline = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, HighlightAll=true`;

export async function searchArticles(query: string, cursor: string | null, filters: SearchFilters = NO_FILTERS): Promise<SearchResults> {
  if (!query) return { hits: [], total: 0, next: null };
  const year = yearRange(filters.year);
  const db = await getDb();
  const after = parseCursor(cursor);
  // Rank every match once (the GIN index finds them), page by keyset on (rank, id), and build the costly
  // headlines only for the rows of this page.
  const rows = await queryRows<{
    id: number;
    rank: number;
    total: number;
    date: string;
    slug: string;
    title: string;
    title_highlighted: string;
    snippet: string;
    document: string;
    author: string;
  }>(
    db,
    sql`
    with q as (select websearch_to_tsquery('english', ${query}) as query),
    matches as (
      select a.id, ts_rank_cd(a.search, q.query) as rank
      from articles a
      join issues i on i.id = a.issue_id and i.status = 'published'
      cross join q
      where a.search @@ q.query and a.status = 'published'
        ${filters.author ? sql`and a.author_id = (select id from authors where slug = ${filters.author})` : sql``}
        ${year ? sql`and i.date >= ${year.from}::date and i.date < ${year.until}::date` : sql``}
    ),
    page as (
      select m.id, m.rank, (select count(*) from matches)::int as total
      from matches m
      where ${after ? sql`(m.rank, m.id) < (${String(after.rank)}::real, ${after.id})` : sql`true`}
      order by m.rank desc, m.id desc
      limit ${SEARCH_PAGE_SIZE + 1}
    )
    select p.id, p.rank, p.total, to_char(i.date, 'YYYY-MM-DD') as date, a.slug, a.title, au.name as author,
      ts_headline('english', a.title, q.query, ${titleHeadline}) as title_highlighted,
      ts_headline('english', d.document, q.query, ${headline}) as snippet, d.document
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
  const page = rows.slice(0, SEARCH_PAGE_SIZE);
  const last = page.at(-1);
  return {
    hits: page.map((row) => ({
      date: row.date,
      slug: row.slug,
      title: row.title,
      titleHighlighted: row.title_highlighted,
      snippet: markCuts(row.snippet, row.document),
      author: row.author,
    })),
    total: rows[0]?.total ?? 0,
    next: rows.length > SEARCH_PAGE_SIZE && last ? `${last.rank}_${last.id}` : null,
  };
}
