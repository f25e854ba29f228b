import { and, eq } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { articles, issues } from '@/db/schema';
import { issueIsPublished } from '@/lib/articles/visibility';
import { paths } from '@/lib/site';
import { goneAddresses } from './gone-addresses.mjs';
import { log } from '@/lib/ops/log.mjs';

/** The addresses of the unpublished articles of published issues: what answers 410 (see gone-addresses.mjs). */
export async function readGoneAddresses(db: Executor): Promise<string[]> {
  const rows = await db
    .select({ date: issues.date, slug: articles.slug })
    .from(articles)
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(and(eq(articles.status, 'unpublished'), issueIsPublished));
  return rows.map((row) => paths.article(row.date, row.slug));
}

/** Whether the announced tags may change which articles are gone: any article's or issue's change. */
export function changesGoneArticles(tags: readonly string[]): boolean {
  return tags.some((tag) => tag.startsWith('article:') || tag.startsWith('issue:'));
}

/**
 * Keeps this process's set of gone addresses true: filled now, then read again after each announced article or
 * issue change (from any instance, through the cache bus) and after a gap in the announcements. Reads never overlap:
 * a change heard during a read makes one more read after it. A failed read keeps the set as it was.
 */
export function goneArticlesKeeper(db: Executor) {
  let running: Promise<void> | null = null;
  let again = false;
  const readOnce = async () => {
    const addresses = await readGoneAddresses(db);
    const set = goneAddresses();
    set.clear();
    for (const address of addresses) set.add(address);
  };
  const refresh = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await readOnce().catch((error: unknown) => log().error({ err: error }, 'Briefings: could not read the unpublished articles'));
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  };
  return { refresh, heard: (tags: readonly string[]) => void (changesGoneArticles(tags) && refresh()) };
}
