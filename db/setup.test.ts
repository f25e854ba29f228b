import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, dropTestDatabase, withFreshDatabase } from '@/test/database';
import { connect, queryRows } from './client';
import { migrate, MIGRATIONS_FOLDER } from './migrate';
import { CONTENT_FOLDER } from './seed';
import { setUpDatabase } from './setup';

// An empty database: no tables until setUpDatabase migrates it.
const { connection } = withFreshDatabase({ migrate: false });

const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
const contentFiles = fs.readdirSync(CONTENT_FOLDER).filter((name) => name.endsWith('.txt'));

async function tables(): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    connection().db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
  );
  return rows.map((row) => row.name);
}

async function counts() {
  const [row] = await queryRows<{ issues: number; articles: number; authors: number; migrations: number }>(
    connection().db,
    sql`select (select count(*) from issues)::int as issues, (select count(*) from articles)::int as articles,
      (select count(*) from authors)::int as authors, (select count(*) from drizzle.__drizzle_migrations)::int as migrations`,
  );
  return row!;
}

describe('setUpDatabase', () => {
  it('migrates an empty database and seeds it from content/', async () => {
    expect(await tables()).toEqual([]);
    const outcomes = await setUpDatabase(connection());

    expect(await tables()).toEqual(expect.arrayContaining(['articles', 'authors', 'issues']));
    expect(contentFiles).toEqual(['briefing-2010-09-15.txt']);
    expect(outcomes).toEqual([
      { file: path.join(CONTENT_FOLDER, 'briefing-2010-09-15.txt'), date: '2010-09-15', result: 'created', articles: 1 },
    ]);
    expect(await counts()).toEqual({ issues: 1, articles: 1, authors: 1, migrations: journal.entries.length });
  });

  it('a second call seeds nothing', async () => {
    const before = await counts();
    expect(await setUpDatabase(connection())).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('never reseeds a database whose issues were edited or replaced', async () => {
    // Only an empty database is seeded: an issue that is not the shipped one still counts as content.
    await connection().db.execute(sql`update issues set date = '2010-09-16'`);
    expect(await setUpDatabase(connection())).toEqual([]);
    const rows = await queryRows<{ date: string }>(connection().db, sql`select to_char(date, 'YYYY-MM-DD') as date from issues`);
    expect(rows).toEqual([{ date: '2010-09-16' }]);
    await connection().db.execute(sql`update issues set date = '2010-09-15'`);
  });

  it('running the migrations again is harmless', async () => {
    const before = await counts();
    await migrate(connection());
    await migrate(connection());
    expect(await counts()).toEqual(before);
    expect(await tables()).toEqual(expect.arrayContaining(['articles', 'authors', 'issues']));
  });
});

// Two app instances starting together on one PostgreSQL database: PGlite cannot have two (the folder lock).
describe.skipIf(!process.env.TEST_DATABASE_URL)('two instances starting together on PostgreSQL', () => {
  it('migrate and seed once between them', async () => {
    const serverUrl = process.env.TEST_DATABASE_URL!;
    const { name, url } = await createTestDatabase(serverUrl, 'pair');
    const [first, second] = await Promise.all([1, 2].map(() => connect({ databaseUrl: url, dataDir: '.' })));
    try {
      const outcomes = await Promise.all([setUpDatabase(first!), setUpDatabase(second!)]);
      expect(outcomes.map((list) => list.map((outcome) => outcome.result)).sort()).toEqual([[], ['created']]);
      const [row] = await queryRows<{ issues: number; migrations: number }>(
        first!.db,
        sql`select (select count(*) from issues)::int as issues, (select count(*) from drizzle.__drizzle_migrations)::int as migrations`,
      );
      expect(row).toEqual({ issues: 1, migrations: journal.entries.length });
    } finally {
      await first!.close();
      await second!.close();
      await dropTestDatabase(serverUrl, name);
    }
  });
});
