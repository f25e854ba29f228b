import { paths } from '@/lib/site';

/** A plain GET form: works without JavaScript, and the results page is a shareable URL. */
export function SearchForm({ query = '', compact = false }: { query?: string; compact?: boolean }) {
  const id = compact ? 'footer-search' : 'search-query';
  return (
    <form
      className="search-form"
      action={paths.search()}
      method="get"
      role="search"
      aria-label={compact ? 'Search the briefing' : undefined}
    >
      <label htmlFor={id} className={compact ? 'visually-hidden' : undefined}>
        Search the briefing
      </label>
      <input
        id={id}
        type="search"
        name="q"
        defaultValue={query}
        maxLength={200}
        autoComplete="off"
        enterKeyHint="search"
        placeholder={compact ? 'Search the briefing' : undefined}
      />
      <button type="submit">Search</button>
    </form>
  );
}
