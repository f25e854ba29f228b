import { redirect } from 'next/navigation';
import { z } from 'zod';
import { isIssueDate } from '@/lib/issues/dates';

/**
 * What the forms of an issue's own pages (publish, send) share: each carries the issue's date beside the id its
 * command takes, and goes back to its page saying what was done. The page's address comes from that date.
 */

export const issueDate = z.string({ error: 'Please choose an issue.' }).refine(isIssueDate, 'Please choose an issue.');

/** The id of the row a form acts on; `what` names it in the message when it is missing ("an issue"). */
export const chosenId = (what: string) =>
  z.coerce
    .number({ error: `Please choose ${what}.` })
    .int()
    .positive(`Please choose ${what}.`);

export const onIssue = z.object({ issueId: chosenId('an issue'), date: issueDate });

/** Goes back to the issue's page, with `done` saying what was done. */
export type GoBack = (date: string, done: string) => never;

/** The way back to the page at `pagePath(date)`. Its caller names the type (`const back: GoBack = …`): TypeScript
 * only sees that a call never returns through a name declared with its type. */
export function backTo(pagePath: (date: string) => string): GoBack {
  return (date, done) => redirect(`${pagePath(date)}?done=${done}#results`);
}
