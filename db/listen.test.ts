import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { withFreshDatabase } from '@/test/database';
import { queryRows } from './client';

const { connection } = withFreshDatabase();

function waitFor<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const value = check();
      if (value !== undefined) return resolve(value);
      if (Date.now() > deadline) return reject(new Error('timed out'));
      setTimeout(poll, 50);
    };
    poll();
  });
}

describe('listening for changes', () => {
  it('hears notifications committed on this database', async () => {
    const heard: string[] = [];
    await connection().listen(
      'test_channel',
      (payload) => heard.push(payload),
      () => {},
    );
    await connection().db.execute(sql`select pg_notify('test_channel', 'hello')`);
    expect(await waitFor(() => heard[0])).toBe('hello');
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('on PostgreSQL, reconnects after losing its connection and reports the gap', async () => {
    const heard: string[] = [];
    let gaps = 0;
    await connection().listen(
      'gap_channel',
      (payload) => heard.push(payload),
      () => gaps++,
    );
    const [{ name }] = (await queryRows<{ name: string }>(connection().db, sql`select current_database() as name`)) as [{ name: string }];
    const { Client } = await import('pg');
    const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const terminated = await admin.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'briefings-listen' and datname = $1 and query like 'LISTEN%gap_channel%'",
      [name],
    );
    expect(terminated.rowCount).toBe(1);
    await admin.end();
    await waitFor(() => (gaps > 0 ? gaps : undefined));
    await connection().db.execute(sql`select pg_notify('gap_channel', 'after the gap')`);
    expect(await waitFor(() => heard[0])).toBe('after the gap');
  });
});
