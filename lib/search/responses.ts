import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb, queryRows } from '@/db/client';
import { NO_FILTERS, yearRange, type SearchFilters } from './filters';
import { markCuts } from './highlight';
import { byAuthor, rankedPage, resultsOf, snippetOptions, type RankedResults, type RankedRow } from './ranked-page';

/**
 * Full-text search over what readers wrote: published responses on published articles of published issues only
 * (pending, rejected and removed responses, drafts and unpublished articles are never found). Ranked, highlighted
 * and paged as the article search is (./ranked-page.ts: keyset on rank and id); the partial GIN index on
 * responses.search (published ones) finds the matches.
 */

export type ResponseHit = {
  id: number;
  /** The article it answers, where the result links to (#response-<id>). */
  date: string;
  slug: string;
  articleTitle: string;
  /** The reader's name as the article page shows it; null for "a former reader" (the account was deleted). */
  responder: string | null;
  publishedAt: Date;
  /** The private-use markers of ./highlight around matched words, "…" where it was cut; never HTML. */
  snippet: string;
};

export type ResponseResults = RankedResults<ResponseHit>;

export async function searchResponses(query: string, cursor: string | null, filters: SearchFilters = NO_FILTERS): Promise<ResponseResults> {
  if (!query) return { hits: [], total: 0, next: null };
  const db = await getDb();
  const year = yearRange(filters.year);
  const matches = sql`
    select r.id, ts_rank_cd(r.search, q.query) as rank
    from responses r
    join articles a on a.id = r.article_id and a.status = 'published'
    join issues i on i.id = a.issue_id and i.status = 'published'
    cross join q
    -- The status test, as the partial index names it, lets the planner use that index.
    where r.status = 'published' and r.search @@ q.query
      ${byAuthor(filters.author)}
      ${year ? sql`and r.published_at >= ${`${year.from}T00:00:00Z`}::timestamptz and r.published_at < ${`${year.until}T00:00:00Z`}::timestamptz` : sql``}
  `;
  const rows = await queryRows<
    RankedRow & {
      date: string;
      slug: string;
      article_title: string;
      responder: string | null;
      published_at: Date | string;
      snippet: string;
      body: string;
    }
  >(
    db,
    sql`
    ${rankedPage(query, cursor, matches)}
    select p.id, p.rank, p.total, to_char(i.date, 'YYYY-MM-DD') as date, a.slug, a.title as article_title,
      case when r.author_id is null then null else coalesce(u.display_name, 'A reader') end as responder,
      coalesce(r.published_at, r.created_at) as published_at, r.body,
      ts_headline('english', r.body, q.query, ${snippetOptions}) as snippet
    from page p
    join responses r on r.id = p.id
    join articles a on a.id = r.article_id
    join issues i on i.id = a.issue_id
    left join users u on u.id = r.author_id
    cross join q
    order by p.rank desc, p.id desc
  `,
  );
  return resultsOf(rows, (row) => ({
    id: row.id,
    date: row.date,
    slug: row.slug,
    articleTitle: row.article_title,
    responder: row.responder,
    publishedAt: new Date(row.published_at),
    snippet: markCuts(row.snippet, row.body),
  }));
}
