import type { Metadata } from 'next';
import Link from '@/components/Link';
import { permanentRedirect } from 'next/navigation';
import { ArticleContent } from '@/components/article/ArticleContent';
import { GoneArticle } from '@/components/article/GoneArticle';
import { JsonLd } from '@/components/JsonLd';
import { ResponsesSection } from '@/components/ResponsesSection';
import { SubscribeSection } from '@/components/subscribe/SubscribeSection';
import { notFoundMetadata, notFoundPage } from '@/components/NotFound';
import { isIssueDate } from '@/lib/issues/dates';
import { findMovedArticle, getArticle, getGoneArticle, type ArticleView, type GoneArticle as Gone } from '@/lib/issues/queries';
import { SLUG_PATTERN } from '@/lib/issues/slug';
import { pageMetadata } from '@/lib/metadata';
import { getThreads } from '@/lib/responses/queries';
import { absoluteUrl, paths, siteName, truncate } from '@/lib/site';

// Rendered on first request and cached until an import or edit expires it (see lib/cache/handler.ts).
export const revalidate = 300;
export const generateStaticParams = () => [];

type Props = { params: Promise<{ date: string; slug: string }> };

type Found = { article: ArticleView } | { gone: Gone } | { moved: string } | null;

/**
 * The published article at the address; else the unpublished one (its page says so, and server.mjs answers 410);
 * else, for an old address of an article, where it is now (the page redirects there, 308; only the page, as a
 * second redirect from the metadata would add a second Location); else nothing (404).
 */
async function load(params: Props['params']): Promise<Found> {
  const { date, slug } = await params;
  if (!isIssueDate(date) || !SLUG_PATTERN.test(slug)) return null;
  const article = await getArticle(date, slug);
  if (article) return { article };
  const gone = await getGoneArticle(date, slug);
  if (gone) return { gone };
  const moved = await findMovedArticle(date, slug);
  return moved ? { moved: paths.article(moved.date, moved.slug) } : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await load(params);
  if (!found || 'moved' in found) return notFoundMetadata;
  if ('gone' in found) return { title: `${found.gone.title} (withdrawn)`, robots: { index: false } };
  const { article } = found;
  return pageMetadata({
    title: article.title,
    description: truncate(article.standfirst),
    path: paths.article(article.issue.date, article.slug),
    openGraph: {
      type: 'article',
      publishedTime: article.issue.publishedAt,
      modifiedTime: article.updatedAt,
      authors: [absoluteUrl(paths.author(article.author.slug))],
    },
    noIndex: article.issue.isDemo,
    extra: { authors: [{ name: article.author.name, url: paths.author(article.author.slug) }] },
  });
}

function structuredData(article: ArticleView) {
  return {
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: article.title,
    description: article.standfirst,
    datePublished: article.issue.publishedAt,
    dateModified: article.updatedAt,
    author: { '@type': 'Person', name: article.author.name, url: absoluteUrl(paths.author(article.author.slug)) },
    publisher: { '@type': 'Organization', name: siteName(), url: absoluteUrl(paths.home) },
    mainEntityOfPage: absoluteUrl(paths.article(article.issue.date, article.slug)),
    isPartOf: { '@type': 'PublicationIssue', datePublished: article.issue.date, url: absoluteUrl(paths.issue(article.issue.date)) },
  };
}

export default async function ArticlePage({ params }: Props) {
  const found = await load(params);
  if (!found) return notFoundPage();
  if ('moved' in found) permanentRedirect(found.moved);
  if ('gone' in found) return <GoneArticle {...found.gone} />;
  const { article } = found;
  const threads = await getThreads(article.id, 'oldest', null);
  const others = article.siblings.filter((sibling) => sibling.slug !== article.slug);
  return (
    <>
      <ArticleContent
        title={article.title}
        standfirst={article.standfirst}
        author={article.author}
        body={article.body}
        invitation={article.invitation}
        issue={article.issue}
        respondHref="#respond"
      />

      <ResponsesSection article={{ ...article, date: article.issue.date }} page={threads} order="oldest" cursor={null} />

      {others.length > 0 && (
        <nav className="also" aria-labelledby="also-title">
          <h2 id="also-title">Also in this issue</h2>
          <ul>
            {others.map((other) => (
              <li key={other.slug}>
                <Link href={paths.article(article.issue.date, other.slug)}>{other.title}</Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {/* The same for everyone (the page is cached); a signed-in reader's variant comes once the page has loaded. */}
      <SubscribeSection source="article" title="Get each briefing by email" />
      <JsonLd data={structuredData(article)} />
    </>
  );
}
