import type { MetadataRoute } from 'next';
import { listSitemapEntries } from '@/lib/issues/queries';
import { absoluteUrl, paths } from '@/lib/site';

// Per request (the query is cached), so that `next build` never opens the database.
export const dynamic = 'force-dynamic';

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const entries = await listSitemapEntries();
  const issues = new Map<string, string>();
  for (const entry of entries) {
    const seen = issues.get(entry.date);
    if (!seen || seen < entry.updatedAt) issues.set(entry.date, entry.updatedAt);
  }
  return [
    { url: absoluteUrl(paths.home), changeFrequency: 'weekly', priority: 1 },
    { url: absoluteUrl(paths.archive()), changeFrequency: 'weekly', priority: 0.6 },
    ...[...issues].map(([date, lastModified]) => ({ url: absoluteUrl(paths.issue(date)), lastModified, priority: 0.7 })),
    ...entries.map((entry) => ({ url: absoluteUrl(paths.article(entry.date, entry.slug)), lastModified: entry.updatedAt, priority: 0.8 })),
  ];
}
