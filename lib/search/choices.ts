import 'server-only';
import { sql } from 'drizzle-orm';
import { unstable_cache } from 'next/cache';
import { getDb, queryRows } from '@/db/client';
import { tags } from '@/lib/cache/tags';

/**
 * What the search filters offer: the authors who have a published article, and the years of published issues.
 * Both are what the archive shows, so they are cached under its tag and change when it does.
 */

export type SearchChoices = { authors: { slug: string; name: string }[]; years: number[] };

async function readChoices(): Promise<SearchChoices> {
  const db = await getDb();
  const authors = await queryRows<{ slug: string; name: string }>(
    db,
    sql`select distinct au.slug, au.name
      from authors au
      join articles a on a.author_id = au.id and a.status = 'published'
      join issues i on i.id = a.issue_id and i.status = 'published'
      order by au.name, au.slug`,
  );
  const years = await queryRows<{ year: number }>(
    db,
    sql`select distinct extract(year from date)::int as year from issues where status = 'published' order by year desc`,
  );
  return { authors, years: years.map((row) => row.year) };
}

export function readSearchChoices(): Promise<SearchChoices> {
  return unstable_cache(readChoices, ['search-choices'], { tags: [tags.archive] })();
}
