import { buildRss } from '@/lib/feed/rss';
import { listFeedArticles } from '@/lib/issues/queries';
import { absoluteUrl, siteName } from '@/lib/site';

// Read per request (cheaply: the query is cached under the feed tag) so that the build never opens the
// database; feed readers and proxies may keep it for five minutes.
export const dynamic = 'force-dynamic';

const FEED_SIZE = 30;

export async function GET() {
  const rss = await buildRss({ name: siteName(), url: absoluteUrl }, await listFeedArticles(FEED_SIZE));
  return new Response(rss, {
    headers: {
      'Content-Type': 'application/rss+xml; charset=utf-8',
      'Cache-Control': 'public, max-age=300, stale-while-revalidate=3600',
    },
  });
}
