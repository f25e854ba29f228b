import 'server-only';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { getDb } from '@/db/client';
import { articles, authors, issues } from '@/db/schema';
import { isIssueDate } from '@/lib/issues/dates';
import type { StaffPage } from '@/lib/moderation/staff-page';
import { rowIdOf } from '@/lib/routing/addresses';

/**
 * The staff pages about one thing — an issue, an article, an author — and how to tell that thing is there. A page
 * whose subject is missing says so with a 404 (set by the proxy, as the 403: see staffPageStatus), not a 200 page
 * reading "not found". Only for a viewer allowed the page: to anyone else it is the 403 whether or not it exists.
 */
type Subject = { table: PgTable; where: (segment: string) => SQL | null };

const issueOn: Subject = { table: issues, where: (date) => (isIssueDate(date) ? eq(issues.date, date) : null) };
const articleOn: Subject = { table: articles, where: (id) => whereId(articles.id, id) };
const authorOn: Subject = { table: authors, where: (id) => whereId(authors.id, id) };

function whereId(column: typeof articles.id | typeof authors.id, segment: string): SQL | null {
  const id = rowIdOf(segment);
  return id === null ? null : eq(column, id);
}

/** Every staff page with a parameter, and what its parameter names (the matrix test checks none is left out). */
export const PAGES_WITH_SUBJECTS = {
  '/admin/issues/[date]': issueOn,
  '/admin/issues/[date]/send': issueOn,
  '/admin/issues/[date]/publish': issueOn,
  '/admin/articles/[id]': articleOn,
  '/admin/articles/[id]/revisions': articleOn,
  '/admin/authors/[id]': authorOn,
} as const satisfies Partial<Record<StaffPage, Subject>>;

/** True when `page` is about one thing and the thing that `pathname` names is not there. */
export async function staffSubjectMissing(page: StaffPage, pathname: string): Promise<boolean> {
  const subject = (PAGES_WITH_SUBJECTS as Partial<Record<StaffPage, Subject>>)[page];
  if (!subject) return false;
  // The one parameter is the address's third segment in every page above (/admin/<kind>/<parameter>…).
  const where = subject.where(pathname.split('/')[3] ?? '');
  if (!where) return true;
  const db = await getDb();
  const found = await db
    .select({ one: sql`1` })
    .from(subject.table)
    .where(where)
    .limit(1);
  return found.length === 0;
}
