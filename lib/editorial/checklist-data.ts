import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { articleAddresses, articles, authors, issueAddresses, issues } from '@/db/schema';
import { config } from '@/lib/config';
import { addressOf, checkArticle, checkIssue, siteLinks, type ChecklistArticle, type Finding, type SiteLink } from './checklist';

/**
 * What the pure checklist (checklist.ts) is given, read from the database: the issue's articles, and which of the
 * pages their bodies link to readers will find — counting the pages the publishing itself is about to make.
 */

const checklistColumns = {
  id: articles.id,
  title: articles.title,
  slug: articles.slug,
  standfirst: articles.standfirst,
  body: articles.body,
  invitation: articles.invitation,
  authorId: articles.authorId,
  responsesMode: articles.responsesMode,
  status: articles.status,
};

/** Pages about to be read: this issue's date and these of its articles' slugs. */
type Publishing = { date: string; slugs: readonly string[] };

const live = and(eq(issues.status, 'published'), eq(articles.status, 'published'));

async function pageExists(db: Executor, link: SiteLink, publishing: Publishing): Promise<boolean> {
  if (link.kind === 'author') return (await db.select({ id: authors.id }).from(authors).where(eq(authors.slug, link.slug))).length > 0;
  if (link.kind === 'issue') {
    if (link.date === publishing.date) return true;
    const [found] = await db
      .select({ id: issues.id })
      .from(issues)
      .leftJoin(issueAddresses, eq(issueAddresses.issueId, issues.id))
      .where(and(eq(issues.status, 'published'), sql`(${issues.date} = ${link.date} or ${issueAddresses.date} = ${link.date})`))
      .limit(1);
    return Boolean(found);
  }
  if (link.date === publishing.date && publishing.slugs.includes(link.slug)) return true;
  const [found] = await db
    .select({ id: articles.id })
    .from(articles)
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(and(live, eq(issues.date, link.date), eq(articles.slug, link.slug)))
    .limit(1);
  if (found) return true;
  // An old address redirects to the article's new one, so it works as long as that article is read.
  const [moved] = await db
    .select({ id: articles.id })
    .from(articleAddresses)
    .innerJoin(articles, eq(articles.id, articleAddresses.articleId))
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(and(live, eq(articleAddresses.date, link.date), eq(articleAddresses.slug, link.slug)))
    .limit(1);
  return Boolean(moved);
}

async function existingAmong(db: Executor, bodies: readonly string[], publishing: Publishing): Promise<Set<string>> {
  const siteUrl = config().SITE_URL;
  const links = new Map(bodies.flatMap((body) => siteLinks(body, siteUrl)).map((link) => [addressOf(link), link]));
  const existing = new Set<string>();
  for (const [address, link] of links) if (await pageExists(db, link, publishing)) existing.add(address);
  return existing;
}

export type IssueChecklist = {
  issue: { id: number; date: string; status: string; summary: string };
  articles: (ChecklistArticle & { slug: string })[];
  findings: Finding[];
};

/** The checklist of the issue as publishing it now would leave it (its drafts published); null when there is none. */
export async function issueChecklist(db: Executor, issueId: number): Promise<IssueChecklist | null> {
  const [issue] = await db
    .select({ id: issues.id, date: issues.date, status: issues.status, summary: issues.summary })
    .from(issues)
    .where(eq(issues.id, issueId));
  if (!issue) return null;
  const rows = await db.select(checklistColumns).from(articles).where(eq(articles.issueId, issueId)).orderBy(asc(articles.position));
  const read = rows.filter((row) => row.status !== 'unpublished');
  const existing = await existingAmong(
    db,
    read.map((row) => row.body),
    { date: issue.date, slugs: read.map((row) => row.slug) },
  );
  const findings = checkIssue({ date: issue.date, summary: issue.summary, articles: rows }, { siteUrl: config().SITE_URL, existing });
  return { issue, articles: rows, findings };
}

/** The checklist of one article of a published issue, as publishing (or republishing) it alone would leave it. */
export async function articleChecklist(db: Executor, articleId: number): Promise<Finding[]> {
  const [row] = await db
    .select({ ...checklistColumns, date: issues.date })
    .from(articles)
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(eq(articles.id, articleId));
  if (!row) return [];
  const existing = await existingAmong(db, [row.body], { date: row.date, slugs: [row.slug] });
  return checkArticle(row, { siteUrl: config().SITE_URL, existing });
}
