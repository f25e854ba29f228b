import { sql, type SQL } from 'drizzle-orm';
import { FRAGMENT_BREAK, HIGHLIGHT_END, HIGHLIGHT_START } from './highlight';

/**
 * What the article and the response search share: the query, the keyset page over ranked matches, and the
 * snippet's headline options. Each search says only what it matches and what a hit shows.
 */

export const SEARCH_PAGE_SIZE = 20;

export type RankedResults<Hit> = { hits: Hit[]; total: number; next: string | null };

/** What every row of a search brings from `page`, beside what its hit shows. */
export type RankedRow = { id: number; rank: number; total: number };

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

/** ts_headline's options for a snippet: up to two fragments, FRAGMENT_BREAK between them (./highlight's markCuts). */
export const snippetOptions = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, MaxFragments=2, MaxWords=28, MinWords=12, FragmentDelimiter=${FRAGMENT_BREAK}`;

/** Narrows `matches` to the articles (`a`) of the author at this address. */
export function byAuthor(author: string | null): SQL {
  return author ? sql`and a.author_id = (select id from authors where slug = ${author})` : sql``;
}

/**
 * The `with` clause of a search: `q` (the reader's query), `matches` (the given select of every match's id and
 * rank, which may use `q.query`) and `page` (this page's ids, ranks and the total count, keyset-paged on (rank, id)
 * after the cursor, one row past the page to tell whether another follows). The costly headlines are then built
 * only for the rows of `page`, joined with `q`, in the order `p.rank desc, p.id desc`.
 */
export function rankedPage(query: string, cursor: string | null, matches: SQL): SQL {
  const after = parseCursor(cursor);
  return sql`
    with q as (select websearch_to_tsquery('english', ${query}) as query),
    matches as (${matches}),
    page as (
      select m.id, m.rank, (select count(*) from matches)::int as total
      from matches m
      where ${after ? sql`(m.rank, m.id) < (${String(after.rank)}::real, ${after.id})` : sql`true`}
      order by m.rank desc, m.id desc
      limit ${SEARCH_PAGE_SIZE + 1}
    )`;
}

/** The rows of `rankedPage` (one past the page where another follows) as this page's hits and the next cursor. */
export function resultsOf<Row extends RankedRow, Hit>(rows: Row[], toHit: (row: Row) => Hit): RankedResults<Hit> {
  const page = rows.slice(0, SEARCH_PAGE_SIZE);
  const last = page.at(-1);
  return {
    hits: page.map(toHit),
    total: rows[0]?.total ?? 0,
    next: rows.length > SEARCH_PAGE_SIZE && last ? `${last.rank}_${last.id}` : null,
  };
}
