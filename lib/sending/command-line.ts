import { count, eq } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { issues, sends, subscribers, type SendState } from '@/db/schema';
import type { SendProgress } from './queries';

/**
 * What `npm run send` reads before it asks, whether it reads the database itself or asks the server that holds it
 * (app/api/control/issues/[date]/route.ts): the issue, its send if any, and how many would receive it now.
 */
export type IssueSending = {
  issueId: number;
  date: string;
  send: { id: number; state: SendState } | null;
  activeSubscribers: number;
};

export async function issueSending(executor: Executor, date: string): Promise<IssueSending | null> {
  const [issue] = await executor
    .select({ id: issues.id, date: issues.date, sendId: sends.id, state: sends.state })
    .from(issues)
    .leftJoin(sends, eq(sends.issueId, issues.id))
    .where(eq(issues.date, date));
  if (!issue) return null;
  const [active] = await executor.select({ n: count() }).from(subscribers).where(eq(subscribers.status, 'active'));
  return {
    issueId: issue.id,
    date: issue.date,
    send: issue.sendId !== null && issue.state !== null ? { id: issue.sendId, state: issue.state } : null,
    activeSubscribers: Number(active?.n ?? 0),
  };
}

/** The part of a send's progress the command line shows (all it needs from the server: JSON has no dates). */
export type ProgressLine = Pick<
  SendProgress,
  'state' | 'audience' | 'sent' | 'failed' | 'uncertain' | 'skipped' | 'perSecond' | 'secondsLeft' | 'pauseReason'
>;
