import type { Metadata } from 'next';
import Link from '@/components/Link';
import { Arrow } from '@/components/Arrow';
import { Highlighted } from '@/components/Highlighted';
import { IssueDate } from '@/components/IssueDate';
import { SearchFilterFields } from '@/components/SearchFilterFields';
import { SearchForm } from '@/components/SearchForm';
import { UnreadableSearch } from '@/components/forms/UnreadableSearch';
import { formatDateTime } from '@/lib/format';
import { pageMetadata } from '@/lib/metadata';
import { readSearchChoices } from '@/lib/search/choices';
import { parseSearchFilters, parseSearchKind, type SearchFilters, type SearchKind } from '@/lib/search/filters';
import { MAX_QUERY_LENGTH, normaliseQuery, prepareQuery, searchArticles, type SearchResults } from '@/lib/search/queries';
import { searchResponses, type ResponseResults } from '@/lib/search/responses';
import { paths } from '@/lib/site';
import { unreadableAmong } from '@/lib/text/unreadable';

type Param = string | string[] | undefined;
type Props = { searchParams: Promise<{ q?: Param; after?: Param; in?: Param; author?: Param; year?: Param }> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const query = normaliseQuery((await searchParams).q);
  return pageMetadata({
    title: query ? `Search: ${query}` : 'Search',
    description: 'Search every article of the fortnightly briefing, and what readers wrote in response.',
    path: paths.search(),
    // Result pages are endless variations of one page; only the empty form is worth indexing.
    noIndex: Boolean(query),
  });
}

function ArticleHits({ results }: { results: SearchResults }) {
  return (
    <ol className="result-list">
      {results.hits.map((hit) => (
        <li key={`${hit.date}/${hit.slug}`}>
          <h2>
            <Link href={paths.article(hit.date, hit.slug)}>
              <Highlighted text={hit.titleHighlighted} />
            </Link>
          </h2>
          <p className="byline">
            {hit.author} · <IssueDate date={hit.date} />
          </p>
          <p className="snippet">
            <Highlighted text={hit.snippet} />
          </p>
        </li>
      ))}
    </ol>
  );
}

function ResponseHits({ results }: { results: ResponseResults }) {
  return (
    <ol className="result-list">
      {results.hits.map((hit) => (
        <li key={hit.id}>
          <h2>
            <Link href={`${paths.article(hit.date, hit.slug)}#response-${hit.id}`}>
              {hit.responder ?? 'A former reader'} on “{hit.articleTitle}”
            </Link>
          </h2>
          <p className="byline">
            Responded <time dateTime={hit.publishedAt.toISOString()}>{formatDateTime(hit.publishedAt)}</time> · to the issue of{' '}
            <IssueDate date={hit.date} />
          </p>
          <p className="snippet">
            <Highlighted text={hit.snippet} />
          </p>
        </li>
      ))}
    </ol>
  );
}

const NOUNS: Record<SearchKind, [string, string]> = { articles: ['article', 'articles'], responses: ['response', 'responses'] };

function statusLine(kind: SearchKind, total: number, query: string, continued: boolean, filtered: boolean): string {
  const [one, many] = NOUNS[kind];
  if (total === 0)
    return `No ${many} match “${query}”${filtered ? ' with these filters' : ''}. Try fewer or different words${filtered ? ', or fewer filters' : ''}.`;
  return `${total} ${total === 1 ? `${one} matches` : `${many} match`} “${query}”${filtered ? ' with these filters' : ''}${continued ? ' (continued)' : ''}.`;
}

export default async function SearchPage({ searchParams }: Props) {
  const params = await searchParams;
  // The same check as every form field gets (see guarded): a NUL or garbled query is answered, not searched.
  const unreadable = unreadableAmong([params.q]);
  const { text: query, shortened } = prepareQuery(params.q);
  const after = typeof params.after === 'string' ? params.after : null;
  const kind = parseSearchKind(params.in);
  const choices = await readSearchChoices();
  const asked = parseSearchFilters(params);
  // Only what is on offer filters: an author or year the lists do not hold is no filter.
  const filters: SearchFilters = {
    author: choices.authors.some((author) => author.slug === asked.author) ? asked.author : null,
    year: asked.year,
  };
  const filtered = Boolean(filters.author || filters.year);
  const results = unreadable
    ? null
    : kind === 'responses'
      ? await searchResponses(query, after, filters)
      : await searchArticles(query, after, filters);
  const linkFilters = { kind, ...filters };

  return (
    <>
      <h1>Search</h1>
      <SearchForm query={query} filters={<SearchFilterFields kind={kind} filters={filters} choices={choices} />} />
      {unreadable ? (
        <UnreadableSearch problem={unreadable} what="your search" />
      ) : query && results ? (
        <>
          <p className="status-line" role="status">
            {statusLine(kind, results.total, query, Boolean(after), filtered)}
            {shortened && ` Only the first ${MAX_QUERY_LENGTH} characters of your search were used.`}
          </p>
          {kind === 'responses' ? (
            <ResponseHits results={results as ResponseResults} />
          ) : (
            <ArticleHits results={results as SearchResults} />
          )}
          {(after || results.next) && (
            <nav className="pager" aria-label="Result pages">
              <ul>
                {after && (
                  <li>
                    <Link href={paths.search(query, null, linkFilters)}>
                      <Arrow to="back" />
                      Best matches
                    </Link>
                  </li>
                )}
                {results.next && (
                  <li>
                    <Link href={paths.search(query, results.next, linkFilters)} rel="next">
                      More results
                      <Arrow to="on" />
                    </Link>
                  </li>
                )}
              </ul>
            </nav>
          )}
        </>
      ) : (
        <p>
          Search every article, or what readers wrote in response, by its words. Put a phrase in quotes (“social finance”), or exclude a
          word with a minus sign (localism -national).
        </p>
      )}
    </>
  );
}
