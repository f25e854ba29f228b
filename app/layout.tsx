import type { Metadata, Viewport } from 'next';
import Link from '@/components/Link';
import type { ReactNode } from 'react';
import { SearchForm } from '@/components/SearchForm';
import { SubscribeSection } from '@/components/subscribe/SubscribeSection';
import { config } from '@/lib/config';
import { paths, siteName } from '@/lib/site';
import './globals.css';

export function generateMetadata(): Metadata {
  const name = siteName();
  return {
    metadataBase: new URL(config().SITE_URL),
    title: { default: name, template: `%s — ${name}` },
    description: `${name}: every issue and article, with readers' responses.`,
    applicationName: name,
    icons: { icon: '/icon.svg' },
    alternates: { types: { 'application/rss+xml': [{ url: paths.feed, title: name }] } },
    openGraph: { siteName: name, locale: 'en_GB', type: 'website' },
    twitter: { card: 'summary' },
  };
}

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#fdfcf9' },
    { media: '(prefers-color-scheme: dark)', color: '#16181b' },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  const name = siteName();
  return (
    <html lang="en-GB">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="site-header__inner">
            <Link className="site-name" href={paths.home}>
              {name}
            </Link>
            <nav className="site-nav" aria-label="Site">
              <ul>
                <li>
                  <Link href={paths.home}>Latest issue</Link>
                </li>
                <li>
                  <Link href={paths.archive()}>Archive</Link>
                </li>
                <li>
                  <Link href={paths.search()}>Search</Link>
                </li>
                <li>
                  {/* The same for everyone (pages are cached): the account page asks whoever is not signed in to sign in. */}
                  <Link href="/account">Your account</Link>
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="site-footer__inner">
            {/* Part of every (cached) page: the form finds out who is looking once it has loaded. */}
            <SubscribeSection source="footer" title="The briefing by email" />
            <p>{name}, published every fortnight.</p>
            <ul>
              <li>
                <a href={paths.feed}>RSS feed</a>
              </li>
              <li>
                <Link href={paths.archive()}>All issues</Link>
              </li>
              <li>
                <Link href="/subscribe">Subscribe by email</Link>
              </li>
            </ul>
            <SearchForm compact />
          </div>
        </footer>
      </body>
    </html>
  );
}
