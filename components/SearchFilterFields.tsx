import type { SearchChoices } from '@/lib/search/choices';
import type { SearchFilters, SearchKind } from '@/lib/search/filters';

/**
 * The search page's choices, inside its GET form: articles or responses, the article's author, and a year — the
 * issue's for articles, the response's own for responses. No JavaScript: the choices apply when the form is sent.
 */
export function SearchFilterFields({ kind, filters, choices }: { kind: SearchKind; filters: SearchFilters; choices: SearchChoices }) {
  // Responses go on being written after their issue: any year from the first issue's to this one.
  const oldest = choices.years.at(-1);
  const thisYear = new Date().getUTCFullYear();
  const years =
    kind === 'responses' && oldest !== undefined
      ? Array.from({ length: thisYear - oldest + 1 }, (_, index) => thisYear - index)
      : choices.years;
  return (
    <div className="search-filters">
      <fieldset className="choices">
        <legend>Search in</legend>
        <div className="field--check">
          <input type="radio" id="search-in-articles" name="in" value="articles" defaultChecked={kind === 'articles'} />
          <label htmlFor="search-in-articles">Articles</label>
        </div>
        <div className="field--check">
          <input type="radio" id="search-in-responses" name="in" value="responses" defaultChecked={kind === 'responses'} />
          <label htmlFor="search-in-responses">Readers’ responses</label>
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="search-author">Article by</label>
        <select id="search-author" name="author" defaultValue={filters.author ?? ''}>
          <option value="">Any author</option>
          {choices.authors.map((author) => (
            <option key={author.slug} value={author.slug}>
              {author.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="search-year">Year</label>
        <select id="search-year" name="year" defaultValue={filters.year ?? ''} aria-describedby="search-year-help">
          <option value="">Any year</option>
          {years.map((year) => (
            <option key={year} value={year}>
              {year}
            </option>
          ))}
        </select>
        <p className="field-help" id="search-year-help">
          Of the issue, for articles; when it was written, for responses.
        </p>
      </div>
    </div>
  );
}
