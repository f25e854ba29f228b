import type { Metadata } from 'next';
import { paths, siteName } from './site';

/**
 * A page's metadata with what every page carries: canonical URL, the feed, OpenGraph and Twitter cards. Next
 * merges metadata one key deep, so a page that set `openGraph` or `alternates` alone would drop the site-wide
 * parts; building them here keeps every page complete.
 */
export function pageMetadata(page: {
  title: string;
  /** Used as the whole <title>, without the site's name appended. */
  absoluteTitle?: boolean;
  description: string;
  path: string;
  openGraph?: NonNullable<Metadata['openGraph']>;
  noIndex?: boolean;
  extra?: Omit<Metadata, 'title' | 'description' | 'alternates' | 'openGraph' | 'twitter' | 'robots'>;
}): Metadata {
  const name = siteName();
  return {
    ...page.extra,
    title: page.absoluteTitle ? { absolute: page.title } : page.title,
    description: page.description,
    alternates: { canonical: page.path, types: { 'application/rss+xml': [{ url: paths.feed, title: name }] } },
    openGraph: {
      siteName: name,
      locale: 'en_GB',
      type: 'website',
      title: page.title,
      description: page.description,
      url: page.path,
      ...page.openGraph,
    },
    twitter: { card: 'summary', title: page.title, description: page.description },
    robots: page.noIndex ? { index: false, follow: true } : undefined,
  };
}
