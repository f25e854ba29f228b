import 'server-only';
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { articles, issues, moderationLog, sends, subscribers, type ArticleStatus, type IssueStatus } from '@/db/schema';
import { staffQuery } from '@/lib/auth/staff-query';
import { isIssueDate } from '@/lib/issues/dates';
import { briefingFor, prepareBriefing } from '@/lib/sending/briefing-email';
import type { BriefingPreview } from '@/lib/sending/send-page-queries';
import type { Finding } from './checklist';
import { articleChecklist, issueChecklist } from './checklist-data';

/**
 * What the publish page (/admin/issues/<date>/publish) reads: the issue, its articles, the checklist as publishing
 * now would meet it, whether it can be sent in the same step, and why a scheduled publish did not happen. Never
 * cached; each checks 'edit-issues' itself.
 */

export type PublishPage = {
  issue: { id: number; date: string; status: IssueStatus; scheduledFor: Date | null; publishedAt: Date | null };
  articles: { id: number; title: string; slug: string; status: ArticleStatus; unpublishedNote: string | null }[];
  /** For an issue not yet published, the whole issue's; for a published one, its drafts' and unpublished articles'. */
  findings: Finding[];
  /** Whether the issue has a send already (then publishing does not offer to send it). */
  hasSend: boolean;
  activeSubscribers: number;
  /** The last scheduled publish that the checklist stopped, while the issue is still back in draft because of it. */
  blockedSchedule: { at: Date; reason: string } | null;
};

const PUBLISHING_ACTIONS = ['issue-publish', 'issue-schedule', 'issue-unschedule', 'issue-publish-blocked'];

export const readPublishPage = staffQuery('edit-issues', async (date: string): Promise<PublishPage | null> => {
  if (!isIssueDate(date)) return null;
  const db = await getDb();
  const [issue] = await db
    .select({ id: issues.id, date: issues.date, status: issues.status, scheduledFor: issues.scheduledFor, publishedAt: issues.publishedAt })
    .from(issues)
    .where(eq(issues.date, date));
  if (!issue) return null;
  const [rows, [send], [active], [last]] = await Promise.all([
    db
      .select({
        id: articles.id,
        title: articles.title,
        slug: articles.slug,
        status: articles.status,
        unpublishedNote: articles.unpublishedNote,
      })
      .from(articles)
      .where(eq(articles.issueId, issue.id))
      .orderBy(asc(articles.position)),
    db.select({ id: sends.id }).from(sends).where(eq(sends.issueId, issue.id)),
    db.select({ n: count() }).from(subscribers).where(eq(subscribers.status, 'active')),
    db
      .select({ action: moderationLog.action, reason: moderationLog.reason, before: moderationLog.before })
      .from(moderationLog)
      .where(
        and(
          inArray(moderationLog.action, PUBLISHING_ACTIONS),
          eq(moderationLog.targetType, 'issue'),
          eq(moderationLog.targetId, String(issue.id)),
        ),
      )
      .orderBy(desc(moderationLog.id))
      .limit(1),
  ]);
  const findings =
    issue.status === 'published'
      ? (await Promise.all(rows.filter((row) => row.status !== 'published').map((row) => articleChecklist(db, row.id)))).flat()
      : ((await issueChecklist(db, issue.id))?.findings ?? []);
  const scheduledFor = (last?.before as { scheduledFor?: string } | null)?.scheduledFor;
  const blockedSchedule =
    issue.status === 'draft' && last?.action === 'issue-publish-blocked' && scheduledFor
      ? { at: new Date(scheduledFor), reason: last.reason ?? '' }
      : null;
  return { issue, articles: rows, findings, hasSend: Boolean(send), activeSubscribers: active?.n ?? 0, blockedSchedule };
});

/**
 * The issue's briefing as it will be sent once published (its drafts with it, no unpublished article), as a
 * staff test copy renders it, addressed to `email` (the viewer's own).
 */
export const readPublishPreview = staffQuery('edit-issues', async (issueId: number, email: string): Promise<BriefingPreview> => {
  const db = await getDb();
  const [issue] = await db.select({ status: issues.status }).from(issues).where(eq(issues.id, issueId));
  // Before publishing, its drafts are what publishing will send; after, only what readers can read.
  const prepared = await prepareBriefing(db, issueId, { withDrafts: issue?.status !== 'published' });
  const message = briefingFor(prepared, { subscriberId: null, email });
  return { subject: message.subject, html: message.html, text: message.text, to: message.to };
});
