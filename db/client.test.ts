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
