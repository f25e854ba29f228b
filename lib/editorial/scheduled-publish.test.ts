import { describe, expect, it } from 'vitest';
import { closeDb, getConnection } from '@/db/client';
import { COMMAND_LINE } from '@/lib/commands/actor';
import { jobs } from '@/lib/jobs/definitions';
import { run } from '@/test/commands';
import { withFreshDatabase } from '@/test/database';
import { insertDraftIssue, issueRow } from '@/test/publish-fixtures';
import { jobRows, runDueJobs } from '@/test/jobs';
import { scheduleIssue } from './publishing';

// The scheduled publish survives a restart: its job is a row in the app's database, not a timer in a process.

withFreshDatabase();

describe('a scheduled publish', () => {
  it('queued before the server stopped is run once by the restarted one', async () => {
    const before = await getConnection();
    const { issueId } = await insertDraftIssue(before.db);
    const at = new Date(Date.now() + 1000);
    await run(scheduleIssue, COMMAND_LINE, { issueId, at });

    // The process goes away (its connection, and with PGlite the database files, closed) and comes back.
    await closeDb();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, at.getTime() - Date.now() + 50)));
    const after = await getConnection();
    expect(after).not.toBe(before);

    expect((await runDueJobs(after, jobs.scheduledPublish)).filter((outcome) => outcome.error)).toEqual([]);
    expect(await issueRow(after.db, issueId)).toMatchObject({ status: 'published', scheduledFor: null });
    expect(await runDueJobs(after, jobs.scheduledPublish)).toEqual([]);
    expect((await jobRows(after.db, jobs.scheduledPublish.name)).map((job) => job.state)).toEqual(['completed']);
  });
});
