import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { withFreshDatabase } from '@/test/database';
import { queryRows } from './client';

const { connection } = withFreshDatabase();

describe.skipIf(!process.env.TEST_DATABASE_URL)('the PostgreSQL pool', () => {
  it('survives the server closing an idle pooled connection', async () => {
    const { db } = connection();
    const [me] = await queryRows<{ pid: number }>(db, sql`select pg_backend_pid() as pid`);
    const { Client } = await import('pg');
    const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query('select pg_terminate_backend($1)', [me!.pid]);
    await admin.end();
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Without the pool's error listener the lost connection is an uncaught exception, which fails this run.
    const [row] = await queryRows<{ ok: number }>(db, sql`select 1 as ok`);
    expect(row!.ok).toBe(1);
  });
});

describe('executeSql (how pg-boss reaches the database)', () => {
  it('runs one statement with parameters, or a script of statements and returns the last one’s rows', async () => {
    const { executeSql } = connection();
    expect((await executeSql('select $1::int + $2::int as sum', [2, 3])).rows).toEqual([{ sum: 5 }]);
    const script = await executeSql(
      'create temporary table scratch (n int); insert into scratch values (1), (2); select sum(n)::int as n from scratch',
    );
    expect(script.rows).toEqual([{ n: 3 }]);
  });

  it('rolls back a script that fails inside its own BEGIN, leaving no aborted transaction on the connection', async () => {
    const { executeSql } = connection();
    await expect(executeSql('begin; select 1/0; commit;')).rejects.toThrow(/division by zero/);
    // A pooled connection left in the failed transaction would refuse every later statement on it.
    for (let i = 0; i < 12; i += 1) expect((await executeSql('select 1 as ok', [])).rows).toEqual([{ ok: 1 }]);
    expect((await executeSql('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
  });
});

describe('redact', () => {
  it('hides the password of a database URL', async () => {
    const { redact } = await import('./client');
    expect(redact('postgres://app:s3cret@db.example.org:5432/briefings')).toBe('postgres://app:***@db.example.org:5432/briefings');
    expect(redact('postgres://postgres@127.0.0.1/test')).toBe('postgres://postgres@127.0.0.1/test');
  });
});

describe('redact, wherever the password is given', () => {
  it('hides it in the user part and in the query', async () => {
    const { redact } = await import('./client');
    expect(redact('postgres://:s3cret@db.example.org/briefings')).not.toContain('s3cret');
    expect(redact('postgres://app@db.example.org/briefings?password=s3cret&sslmode=require')).not.toContain('s3cret');
    expect(redact('postgres://app@db.example.org/briefings?sslmode=require')).toContain('sslmode=require');
  });
});
