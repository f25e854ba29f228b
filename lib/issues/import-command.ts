import { asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { articles, issues } from '@/db/schema';
import { command } from '@/lib/commands/execute';
import { ImportError, parseIssueFiles, storeIssues, type ImportOutcome, type ImportProblem, type IssueFile } from './import';

/**
 * The import from the browser (/admin/import): the same reading and storing as `npm run import`
 * (lib/issues/import.ts), as a command. Every file is read and checked before anything is written; if any is wrong,
 * nothing is stored and every problem comes back with its file and line. Otherwise all are stored in this one
 * transaction, each issue it created or changed logged (before → after), and the changed pages' tags expired.
 */

export type IssueImportResult = { outcome: 'refused'; problems: ImportProblem[] } | { outcome: 'imported'; outcomes: ImportOutcome[] };

type IssueState = { id: number; status: string; articles: string[] };

/** The issues on these dates as the log shows them: status, and their articles' addresses in order. */
async function issuesOn(tx: Tx, dates: string[]): Promise<Map<string, IssueState>> {
  const rows = await tx
    .select({ id: issues.id, date: issues.date, status: issues.status, slug: articles.slug })
    .from(issues)
    .leftJoin(articles, eq(articles.issueId, issues.id))
    .where(inArray(issues.date, dates))
    .orderBy(asc(issues.date), asc(articles.position));
  const found = new Map<string, IssueState>();
  for (const row of rows) {
    const issue = found.get(row.date) ?? { id: row.id, status: row.status, articles: [] };
    if (row.slug) issue.articles.push(row.slug);
    found.set(row.date, issue);
  }
  return found;
}

export const importIssues = command('edit-issues', async (write, input: { files: IssueFile[] }): Promise<IssueImportResult> => {
  let sources;
  try {
    sources = parseIssueFiles(input.files);
  } catch (error) {
    if (error instanceof ImportError) return { outcome: 'refused', problems: error.found };
    throw error;
  }
  const dates = sources.map((source) => source.issue.date);
  const before = await issuesOn(write.tx, dates);
  const { outcomes, tags } = await storeIssues(write.tx, sources);
  const after = await issuesOn(write.tx, dates);
  for (const outcome of outcomes) {
    if (outcome.result === 'unchanged') continue;
    const was = before.get(outcome.date);
    const now = after.get(outcome.date)!;
    await write.log({
      action: 'issue-import',
      target: { type: 'issue', id: now.id },
      reason: `From ${outcome.file}`,
      before: was ? { status: was.status, articles: was.articles } : null,
      after: { date: outcome.date, status: now.status, articles: now.articles },
    });
  }
  write.expire(tags);
  return { outcome: 'imported', outcomes };
});
