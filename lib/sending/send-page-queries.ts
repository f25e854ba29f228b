import 'server-only';
import { count, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { articles, issues, sends, subscribers } from '@/db/schema';
import { staffQuery } from '@/lib/auth/staff-query';
import { isIssueDate } from '@/lib/issues/dates';
import { briefingFor, prepareBriefing } from './briefing-email';

/**
 * What the send page reads beyond a send's progress (lib/sending's own queries): one issue with its send and
 * today's audience (the issue list is lib/editorial/admin-queries.ts). Never cached; each checks
 * 'send-issues' itself.
 */

export type SendPageIssue = {
  issue: { id: number; date: string; status: string; articles: { title: string }[] };
  send: typeof sends.$inferSelect | null;
  /** Active subscribers now: who "Send" would reach if pressed this moment. */
  activeSubscribers: number;
};

/** The issue at `date` with its send, if any, and the audience it would have now; null when there is no such issue. */
export const readSendPageIssue = staffQuery('send-issues', async (date: string): Promise<SendPageIssue | null> => {
  if (!isIssueDate(date)) return null;
  const db = await getDb();
  const [issue] = await db.select({ id: issues.id, date: issues.date, status: issues.status }).from(issues).where(eq(issues.date, date));
  if (!issue) return null;
  const [titles, [send], [active]] = await Promise.all([
    db.select({ title: articles.title }).from(articles).where(eq(articles.issueId, issue.id)).orderBy(articles.position),
    db.select().from(sends).where(eq(sends.issueId, issue.id)),
    db.select({ n: count() }).from(subscribers).where(eq(subscribers.status, 'active')),
  ]);
  return { issue: { ...issue, articles: titles }, send: send ?? null, activeSubscribers: active?.n ?? 0 };
});

export type BriefingPreview = { subject: string; html: string; text: string; to: string };

/**
 * The issue's briefing exactly as a staff test copy renders it (no subscriber: no personal unsubscribe link),
 * addressed to `email` (the viewer's own). The page shows it as text and, sandboxed, as HTML.
 */
export const readBriefingPreview = staffQuery('send-issues', async (issueId: number, email: string): Promise<BriefingPreview> => {
  const prepared = await prepareBriefing(await getDb(), issueId);
  const message = briefingFor(prepared, { subscriberId: null, email });
  return { subject: message.subject, html: message.html, text: message.text, to: message.to };
});

/** The id of the send of the issue at `date`, if it has one: how the page's JSON and CSV routes find it. */
export const readSendIdAt = staffQuery('send-issues', async (date: string): Promise<number | null> => {
  if (!isIssueDate(date)) return null;
  const db = await getDb();
  const [row] = await db.select({ id: sends.id }).from(sends).innerJoin(issues, eq(issues.id, sends.issueId)).where(eq(issues.date, date));
  return row?.id ?? null;
});
