import { formatIssueDate } from '@/lib/issues/dates';

/** A calendar date as readers read it, machine-readable too. */
export function IssueDate({ date }: { date: string }) {
  return <time dateTime={date}>{formatIssueDate(date)}</time>;
}
