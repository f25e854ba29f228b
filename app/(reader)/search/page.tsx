import type { Metadata } from 'next';
import Link from 'next/link';
import { Arrow } from '@/components/Arrow';
import { Highlighted } from '@/components/Highlighted';
import { IssueDate } from '@/components/IssueDate';
import { SearchForm } from '@/components/SearchForm';
import { MAX_QUERY_LENGTH, normaliseQuery, prepareQuery, searchArticles } from '@/lib/search/queries';
import { pageMetadata } from '@/lib/metadata';
import { paths } from '@/lib/site';
import { unreadableAmong, unreadableMessage } from '@/lib/text/unreadable';

type Props = { searchParams: Promise<{ q?: string | string[]; after?: string | string[] }> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const query = normaliseQuery((await searchParams).q);
  return pageMetadata({
    title: query ? `Search: ${query}` : 'Search',
    description: 'Search every article of the fortnightly briefing.',
    path: paths.search(),
    // Result pages are endless variations of one page; only the empty form is worth indexing.
    noIndex: Boolean(query),
  });
}

export default async function SearchPage({ searchParams }: Props) {
  const params = await searchParams;
  // The same check as every form field gets (see guarded): a NUL or garbled query is answered, not searched.
  const unreadable = unreadableAmong([params.q]);
  const { text: query, shortened } = prepareQuery(params.q);
  const after = typeof params.after === 'string' ? params.after : null;
  const results = unreadable ? null : await searchArticles(query, after);

  return (
    <>
      <h1>Search</h1>
      <SearchForm query={query} />
      {unreadable ? (
        <p className="form-error" role="alert">
          {unreadableMessage(unreadable, 'your search')}
        </p>
      ) : query && results ? (
        <>
          <p className="status-line" role="status">
            {results.total === 0
              ? `No articles match “${query}”. Try fewer or different words.`
              : `${results.total} ${results.total === 1 ? 'article matches' : 'articles match'} “${query}”${after ? ' (continued)' : ''}.`}
            {shortened && ` Only the first ${MAX_QUERY_LENGTH} characters of your search were used.`}
          </p>
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
          {(after || results.next) && (
            <nav className="pager" aria-label="Result pages">
              <ul>
                {after && (
                  <li>
                    <Link href={paths.search(query)}>
                      <Arrow to="back" />
                      Best matches
                    </Link>
                  </li>
                )}
                {results.next && (
                  <li>
                    <Link href={paths.search(query, results.next)} rel="next">
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
          Search every article by its words. Put a phrase in quotes (“social finance”), or exclude a word with a minus sign (localism
          -national).
        </p>
      )}
    </>
  );
}
