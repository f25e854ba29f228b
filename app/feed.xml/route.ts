import { Feed } from 'feed';
import { articleHtml } from '@/lib/issues/body';
import { formatIssueDate } from '@/lib/issues/dates';
import { listFeedArticles } from '@/lib/issues/queries';
import { absoluteUrl, paths, siteName } from '@/lib/site';

// Read per request (cheaply: the query is cached under the content tag) so that the build never opens the
// database; feed readers and proxies may keep it for five minutes.
export const dynamic = 'force-dynamic';

const FEED_SIZE = 30;

export async function GET() {
  const articles = await listFeedArticles(FEED_SIZE);
  const name = siteName();
  const feed = new Feed({
    title: name,
    description: `${name}: new articles every fortnight.`,
    id: absoluteUrl(paths.home),
    link: absoluteUrl(paths.home),
    language: 'en-GB',
    updated: articles[0] ? new Date(articles[0].publishedAt) : new Date(0),
    generator: 'Briefings',
    feedLinks: { rss: absoluteUrl(paths.feed) },
    copyright: `© ${name}`,
  });
  for (const article of articles) {
    const link = absoluteUrl(paths.article(article.date, article.slug));
    feed.addItem({
      title: article.title,
      id: link,
      link,
      date: new Date(article.publishedAt),
      description: article.standfirst,
      content: articleHtml(article.standfirst, article.body),
      author: [{ name: article.authorName, link: absoluteUrl(paths.author(article.authorSlug)) }],
      category: [{ name: `Briefing of ${formatIssueDate(article.date)}` }],
    });
  }
  return new Response(feed.rss2(), {
    headers: {
      'Content-Type': 'application/rss+xml; charset=utf-8',
      'Cache-Control': 'public, max-age=300, stale-while-revalidate=3600',
    },
  });
}
