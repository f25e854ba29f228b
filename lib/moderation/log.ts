import type { Executor } from '@/db/client';
import { moderationLog } from '@/db/schema';

/**
 * Writing the moderation log. Every staff action writes exactly one entry per thing it acted on, in the same
 * transaction as the change, so the log can never miss a change nor record one that did not happen. Nothing in the
 * app updates or deletes an entry, and the database refuses to (migration 0002).
 */

export const LOG_ACTIONS = {
  approve: 'Approved',
  reject: 'Rejected',
  feature: 'Featured',
  unfeature: 'Unfeatured',
  suspend: 'Suspended',
  ban: 'Banned',
  lift: 'Lifted a suspension or ban',
  'appeal-upheld': 'Upheld a rejection on appeal',
  'appeal-overturned': 'Overturned a rejection on appeal',
  settings: 'Changed the settings',
  'article-mode': 'Changed an article’s responses',
  role: 'Changed a role',
  'rules-reject': 'Rejected by the rules',
  'reports-hide': 'Hidden after reports',
  'send-start': 'Started sending an issue',
  'send-schedule': 'Scheduled sending an issue',
  'send-unschedule': 'Cancelled a scheduled send',
  'send-late': 'Held a scheduled send that would start late',
  'send-pause': 'Paused a send',
  'send-resume': 'Resumed a send',
  'send-cancel': 'Cancelled a send',
  'send-retry-failed': 'Retried the failed messages of a send',
  'send-resend-uncertain': 'Resent the uncertain messages of a send',
  'send-test': 'Sent a test copy of an issue',
  'subscribers-import': 'Imported subscribers',
  'subscribers-export': 'Exported the subscribers',
  'subscriber-unsubscribe': 'Unsubscribed a subscriber',
  'blocked-domains': 'Changed the blocked email domains',
  // The editorial admin: issues, their articles' order, authors.
  'issue-create': 'Created an issue',
  'issue-update': 'Changed an issue',
  'article-add': 'Added an article to an issue',
  'article-remove': 'Removed a draft article',
  'article-move': 'Moved an article within its issue',
  'author-create': 'Created an author',
  'author-update': 'Changed an author',
  // The article editor (lib/editorial/article-commands.ts).
  'article-save': 'Saved an article',
  'article-restore': 'Restored an earlier revision of an article',
  // Publishing (lib/editorial/publishing.ts).
  'issue-publish': 'Published an issue',
  'issue-schedule': 'Scheduled publishing an issue',
  'issue-unschedule': 'Cancelled a scheduled publish',
  'issue-publish-blocked': 'Did not publish a scheduled issue: the checklist blocked it',
  'article-publish': 'Published an article',
  'article-unpublish': 'Unpublished an article',
  'article-republish': 'Republished an article',
  'issue-import': 'Imported an issue from a file',
} as const;

export type LogAction = keyof typeof LOG_ACTIONS;

/** Who an entry names: a person, the command line, the system, or the rules (lib/commands/actor.ts). */
export type LogActor = { id: string | null; name: string };

/** Automatic decisions (a banned word, a report threshold) are logged as made by the rules. */
export const RULES: LogActor = { id: null, name: 'the rules' };

export type LogEntry = {
  actor: LogActor;
  action: LogAction;
  target: { type: 'response' | 'user' | 'article' | 'settings' | 'subscriber' | 'send' | 'issue' | 'author'; id: string | number };
  /** The reader concerned: a response's author, or the reader acted on. */
  subjectId?: string | null;
  articleId?: number | null;
  reason?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

export async function writeLog(executor: Executor, entry: LogEntry): Promise<void> {
  await executor.insert(moderationLog).values({
    actorId: entry.actor.id,
    actorName: entry.actor.name,
    action: entry.action,
    targetType: entry.target.type,
    targetId: String(entry.target.id),
    subjectId: entry.subjectId ?? null,
    articleId: entry.articleId ?? null,
    reason: entry.reason ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
