import type { ReactNode } from 'react';
import { paths } from '@/lib/site';

/** A plain GET form: works without JavaScript, and the results page is a shareable URL. */
export function SearchForm({ query = '', compact = false, filters }: { query?: string; compact?: boolean; filters?: ReactNode }) {
  const id = compact ? 'footer-search' : 'search-query';
  // The footer's form has a name of its own, so that a page with both (the search page) tells them apart.
  const label = compact ? 'Search every issue' : 'Search the briefing';
  return (
    <form className="search-form" action={paths.search()} method="get" role="search" aria-label={compact ? label : undefined}>
      <label htmlFor={id} className={compact ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <input
        id={id}
        type="search"
        name="q"
        defaultValue={query}
        maxLength={200}
        autoComplete="off"
        enterKeyHint="search"
        placeholder={compact ? label : undefined}
      />
      {filters}
      <button type="submit">Search</button>
    </form>
  );
}
