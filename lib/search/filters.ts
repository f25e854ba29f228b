/**
 * What a search looks through and how it is narrowed, read from the search page's address (a GET form, so a
 * search is a link). Pure: anything the address holds that is not a choice on offer is no filter at all.
 */

export const SEARCH_KINDS = ['articles', 'responses'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/**
 * `author`: an author's address (slug) — the article's author, for responses too. `year`: the year for
 * articles, the year a response was published for responses (UTC).
 */
export type SearchFilters = { author: string | null; year: number | null };

export const NO_FILTERS: SearchFilters = { author: null, year: null };

type Param = string | string[] | undefined;

const first = (value: Param) => (Array.isArray(value) ? value[0] : value);

export function parseSearchKind(value: Param): SearchKind {
  return first(value) === 'responses' ? 'responses' : 'articles';
}

export function parseSearchFilters(params: { author?: Param; year?: Param }): SearchFilters {
  const author = first(params.author) ?? '';
  const year = first(params.year) ?? '';
  return {
    author: /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(author) && author.length <= 200 ? author : null,
    year: /^\d{4}$/.test(year) ? Number(year) : null,
  };
}

/** The year as a half-open range of ISO dates, for comparisons an index can use. */
export function yearRange(year: number | null): { from: string; until: string } | null {
  return year === null ? null : { from: `${year}-01-01`, until: `${year + 1}-01-01` };
}
