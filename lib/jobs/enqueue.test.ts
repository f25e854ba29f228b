import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z, ZodError } from 'zod';
import { authors } from '@/db/schema';
import { withFreshDatabase } from '@/test/database';
import { jobRows, runDueJobs } from '@/test/jobs';
import { bossOver } from './boss';
import { enqueue, idForKey, JobNotQueuedError } from './enqueue';
import { defineJob } from './job';
import { installJobStorage } from './storage';
import { sqlFromText, transactionDb } from './transaction-db';

const { connection } = withFreshDatabase();
const db = () => connection().db;

const handled: unknown[] = [];
const queue = { retryLimit: 1, retryDelay: 1, retryBackoff: false, expireInSeconds: 30 };
const note = defineJob({
  name: 'test-note',
  payload: z.object({ text: z.string().min(1) }),
  handler: async () => async (payload) => void handled.push(payload),
  queue,
});
const keyed = defineJob({ ...note, name: 'test-keyed', key: ({ text }) => text });
// Defined, but its queue never made: what a job added to the code and not to the database would be.
const unmade = defineJob({ ...note, name: 'test-unmade' });

beforeAll(async () => {
  await installJobStorage(connection(), [note, keyed]);
});
beforeEach(() => {
  handled.length = 0;
});

/** An author row: a write of the app's own, beside which the job is enqueued. */
function insertAuthor(tx: Parameters<Parameters<ReturnType<typeof db>['transaction']>[0]>[0], slug: string) {
  return tx.insert(authors).values({ slug, name: slug });
}
async function authorExists(slug: string) {
  const rows = await db()
    .select()
    .from(authors)
    .where(sql`${authors.slug} = ${slug}`);
  return rows.length === 1;
}

describe('enqueue', () => {
  it('inserts the job in the write’s transaction: there once it commits, with its payload', async () => {
    const id = await db().transaction(async (tx) => {
      await insertAuthor(tx, 'committed-author');
      return enqueue(tx, note, { text: 'committed' });
    });
    expect(await authorExists('committed-author')).toBe(true);
    expect(await jobRows(db(), note.name)).toEqual([expect.objectContaining({ id, state: 'created', data: { text: 'committed' } })]);
    await runDueJobs(connection(), note);
    expect(handled).toEqual([{ text: 'committed' }]);
  });

  it('leaves no job when the write rolls back', async () => {
    const before = await jobRows(db(), note.name);
    await expect(
      db().transaction(async (tx) => {
        await insertAuthor(tx, 'rolled-back-author');
        await enqueue(tx, note, { text: 'rolled back' });
        throw new Error('The write fails after the job was enqueued.');
      }),
    ).rejects.toThrow('The write fails');
    expect(await authorExists('rolled-back-author')).toBe(false);
    expect(await jobRows(db(), note.name)).toEqual(before);
  });

  it('refuses a job whose queue does not exist, rolling the write back (pg-boss alone would answer null)', async () => {
    await db().transaction(async (tx) => {
      // The trap: pg-boss's send() to a queue that is not there inserts nothing and says nothing.
      expect(await bossOver(transactionDb(tx)).send(unmade.name, { text: 'lost' })).toBeNull();
    });
    await expect(
      db().transaction(async (tx) => {
        await insertAuthor(tx, 'author-of-a-lost-job');
        await enqueue(tx, unmade, { text: 'lost' });
      }),
    ).rejects.toThrow(
      new JobNotQueuedError('No job was queued: there is no queue “test-unmade”. Queues are made by migrate() (lib/jobs/storage.ts).'),
    );
    expect(await authorExists('author-of-a-lost-job')).toBe(false);
  });

  it('checks the payload against the job’s schema before queuing', async () => {
    const before = await jobRows(db(), note.name);
    await expect(db().transaction((tx) => enqueue(tx, note, { text: '' }))).rejects.toThrow(ZodError);
    await expect(db().transaction((tx) => enqueue(tx, note, { words: 'x' } as never))).rejects.toThrow(ZodError);
    expect(await jobRows(db(), note.name)).toEqual(before);
  });

  it('checks it again when the job is handled: a job queued around enqueue() fails without reaching its handler', async () => {
    await db().transaction((tx) => bossOver(transactionDb(tx)).send(note.name, { text: 42 }));
    const [outcome] = await runDueJobs(connection(), note);
    expect(outcome!.error?.message).toMatch(/^The payload of test-note job [0-9a-f-]{36} is not valid:/);
    expect(handled).toEqual([]);
  });

  it('keeps a keyed job one at a time: the same key while it waits is the same job; once done, a new one', async () => {
    const first = await db().transaction((tx) => enqueue(tx, keyed, { text: 'reply-7' }));
    const again = await db().transaction((tx) => enqueue(tx, keyed, { text: 'reply-7' }));
    const other = await db().transaction((tx) => enqueue(tx, keyed, { text: 'reply-8' }));
    expect(again).toBe(first);
    expect(first).toBe(idForKey(keyed.name, 'reply-7'));
    expect(other).not.toBe(first);
    expect((await jobRows(db(), keyed.name)).map((row) => [row.id, row.state])).toEqual([
      [first, 'created'],
      [other, 'created'],
    ]);

    await runDueJobs(connection(), keyed);
    expect(handled).toEqual([{ text: 'reply-7' }, { text: 'reply-8' }]);
    const later = await db().transaction((tx) => enqueue(tx, keyed, { text: 'reply-7' }));
    expect(later).toBe(first);
    expect(await jobRows(db(), keyed.name)).toEqual([
      expect.objectContaining({ id: other, state: 'completed' }),
      expect.objectContaining({ id: first, state: 'created' }),
    ]);
  });

  it('can start a job later: not due until then', async () => {
    const id = await db().transaction((tx) => enqueue(tx, note, { text: 'in an hour' }, { startAfter: 3600 }));
    const [row] = (await jobRows(db(), note.name)).filter((job) => job.id === id);
    expect(row!.startAfter.getTime() - Date.now()).toBeGreaterThan(3590_000);
    const ran = async (options = {}) => (await runDueJobs(connection(), note, options)).filter((outcome) => outcome.id === id);
    expect(await ran()).toEqual([]);
    expect(await ran({ ignoreStartAfter: true })).toEqual([{ id }]);
    expect(handled).toContainEqual({ text: 'in an hour' });
  });
});

describe('sqlFromText', () => {
  it('turns pg-boss’s placeholders into parameters, a placeholder used twice staying one parameter', () => {
    const query = new PgDialect().sqlToQuery(sqlFromText('select $2::int, right($1, 1), cast($1 as text), $2 + 1', ['a', 7]));
    expect(query).toMatchObject({ sql: 'select $1::int, right($2, 1), cast($2 as text), $1 + 1', params: [7, 'a'] });
  });
});
