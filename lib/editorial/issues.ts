import { and, eq, ne } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { articles, issueAddresses, issues } from '@/db/schema';
import { tagsForIssueChange } from '@/lib/cache/tags';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import { formatIssueDate, isIssueDate } from '@/lib/issues/dates';
import { rememberIssueDate } from './addresses';

/**
 * Issues as editors make and correct them: a new issue is a draft (publishing is lib/editorial's publish
 * commands); its date, number and summary may be corrected at any time. The date is the issue's address, so moving a
 * published issue keeps its old date (and its articles' old addresses) answering with a redirect.
 */

export const SUMMARY_MAX = 2000;
/** Numbers as printed on issues: positive, and well within an integer column. */
export const ISSUE_NUMBER_MAX = 1_000_000;

export type IssueFields = { date: string; number?: number | null; summary?: string };

type Checked = { date: string; number: number | null; summary: string };

function checked(input: IssueFields): Checked {
  if (!isIssueDate(input.date)) refuse('invalid', 'Please enter the issue’s date as a real day, such as 2026-03-18.', 'date');
  const number = input.number ?? null;
  if (number !== null && (!Number.isInteger(number) || number < 1 || number > ISSUE_NUMBER_MAX))
    refuse('invalid', `The number must be a whole number from 1 to ${ISSUE_NUMBER_MAX.toLocaleString('en-GB')}, or left empty.`, 'number');
  const summary = (input.summary ?? '').normalize('NFC').replace(/\r\n?/g, '\n').trim();
  const length = [...summary].length;
  if (length > SUMMARY_MAX) refuse('invalid', `The summary is ${length} characters long; the limit is ${SUMMARY_MAX}.`, 'summary');
  return { date: input.date, number, summary };
}

/** Refuses a date or number another issue has, naming it. */
async function refuseClashes(tx: Tx, fields: Checked, issueId: number | null) {
  const others = issueId === null ? undefined : ne(issues.id, issueId);
  const [sameDate] = await tx
    .select({ id: issues.id })
    .from(issues)
    .where(and(eq(issues.date, fields.date), others));
  if (sameDate)
    refuse('conflict', `There is already an issue dated ${formatIssueDate(fields.date)}: each issue has a date of its own.`, 'date');
  if (fields.number === null) return;
  const [sameNumber] = await tx
    .select({ date: issues.date })
    .from(issues)
    .where(and(eq(issues.number, fields.number), others));
  if (sameNumber) refuse('conflict', `Number ${fields.number} is the issue of ${formatIssueDate(sameNumber.date)} already.`, 'number');
}

/** A new draft issue. Nothing on the site shows it until it is published. */
export const createIssue = command('edit-issues', async (write, input: IssueFields) => {
  const { tx } = write;
  const fields = checked(input);
  await refuseClashes(tx, fields, null);
  const [created] = await tx.insert(issues).values(fields).returning({ id: issues.id, date: issues.date });
  await write.log({ action: 'issue-create', target: { type: 'issue', id: created!.id }, before: null, after: fields });
  return created!;
});

/** Whether readers have (or had) the issue: its date is then an address people may have kept. */
function wasPublished(issue: { status: string; publishedAt: Date | null }): boolean {
  return issue.status === 'published' || issue.publishedAt !== null;
}

/**
 * Corrects an issue's date, number or summary. A published issue's old date keeps answering (a 308 to the new one),
 * and its articles' old addresses too. Saving what is stored already is refused, so that nothing is logged for nothing.
 */
export const updateIssue = command('edit-issues', async (write, input: IssueFields & { issueId: number }) => {
  const { tx } = write;
  const [issue] = await tx
    .select({ date: issues.date, number: issues.number, summary: issues.summary, status: issues.status, publishedAt: issues.publishedAt })
    .from(issues)
    .where(eq(issues.id, input.issueId))
    .for('update');
  if (!issue) refuse('not-found', 'There is no such issue (any more).');
  const fields = checked(input);
  const changed = (Object.keys(fields) as (keyof Checked)[]).filter((key) => fields[key] !== issue[key]);
  if (changed.length === 0) refuse('conflict', 'Nothing to change: the issue is already as given.');
  await refuseClashes(tx, fields, input.issueId);

  const moved = fields.date !== issue.date;
  if (moved && wasPublished(issue)) await rememberIssueDate(tx, { issueId: input.issueId, oldDate: issue.date, newDate: fields.date });
  // An old date of this issue that it moves back to is its own address again, not a redirect to itself.
  if (moved) await tx.delete(issueAddresses).where(and(eq(issueAddresses.date, fields.date), eq(issueAddresses.issueId, input.issueId)));
  await tx
    .update(issues)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(issues.id, input.issueId));
  await write.log({
    action: 'issue-update',
    target: { type: 'issue', id: input.issueId },
    before: Object.fromEntries(changed.map((key) => [key, issue[key]])),
    after: Object.fromEntries(changed.map((key) => [key, fields[key]])),
  });
  const authorRows = await tx.selectDistinct({ authorId: articles.authorId }).from(articles).where(eq(articles.issueId, input.issueId));
  write.expire(tagsForIssueChange({ issueId: input.issueId, authorIds: authorRows.map((row) => row.authorId), datesChanged: moved }));
  return { date: fields.date };
});
