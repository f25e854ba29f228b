import { config } from './config';

/** The site's name, as readers see it in titles and the feed. */
export function siteName(): string {
  return config().SITE_NAME;
}

/** An absolute URL on this site, for canonical links, the feed, the sitemap and structured data. */
export function absoluteUrl(path: string): string {
  return `${config().SITE_URL}${path.startsWith('/') ? path : `/${path}`}`;
}

/** Cuts text to at most `max` characters at a word boundary, for descriptions. */
export function truncate(text: string, max = 160): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

export const paths = {
  home: '/',
  archive: (before?: string | null) => (before ? `/issues/before/${before}` : '/issues'),
  issue: (date: string) => `/issues/${date}`,
  article: (date: string, slug: string) => `/issues/${date}/${slug}`,
  /** An article's responses in an order, a page at a time after `cursor` (the last thread shown). */
  responses: (date: string, slug: string, order: 'oldest' | 'newest', cursor?: number | null) =>
    `/issues/${date}/${slug}/responses/${order}${cursor ? `/${cursor}` : ''}`,
  author: (slug: string, cursor?: string | null) => (cursor ? `/authors/${slug}/before/${cursor}` : `/authors/${slug}`),
  /** A search; `filters` only as far as they differ from the defaults (articles, any author, any year). */
  search: (
    query?: string,
    after?: string | null,
    filters?: { kind?: 'articles' | 'responses'; author?: string | null; year?: number | null },
  ) => {
    const params = new URLSearchParams();
    if (query) params.set('q', query);
    if (filters?.kind === 'responses') params.set('in', 'responses');
    if (filters?.author) params.set('author', filters.author);
    if (filters?.year) params.set('year', String(filters.year));
    if (after) params.set('after', after);
    const text = params.toString();
    return text ? `/search?${text}` : '/search';
  },
  feed: '/feed.xml',
};
