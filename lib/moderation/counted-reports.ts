import { sql } from 'drizzle-orm';
import { COUNTED_REPORTER_MIN_AGE_HOURS } from './rules';

/**
 * Whether a report (the row of `reports` in the query around it) counts toward hiding its response: its reporter's
 * account was a day old when they reported, and a response of theirs made before the report is published. Measured
 * at the report, so that an account made to report cannot start counting by waiting a day.
 */
export const countsTowardHiding = sql`(
  exists (
    select 1 from users as reporter
    where reporter.id = reports.reporter_id
      and reporter.created_at <= reports.created_at - ${sql.raw(`interval '${COUNTED_REPORTER_MIN_AGE_HOURS} hours'`)}
  )
  and exists (
    select 1 from responses as reporter_response
    where reporter_response.author_id = reports.reporter_id
      and reporter_response.status = 'published'
      and reporter_response.created_at < reports.created_at
  )
)`;
