import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, type Connection } from '@/db/client';
import { LOCK_FILE } from '@/db/lock';
import { setUpDatabase } from '@/db/setup';
import { jobs } from '@/lib/jobs/definitions';
import { enqueue } from '@/lib/jobs/enqueue';
import { createTestDatabase, dropTestDatabase } from '@/test/database';
import { insertUser } from '@/test/users';
import { dumpEmbedded, dumpPostgres, portable, writeBackup, type Dump } from './dump';
import { withManifest } from './manifest';
import { moveToPostgres } from './move';
import { forEmbedded, restoreBackup } from './restore';
import { assertEmpty, hasEmbeddedDatabase, openEmbedded, openPostgres, type Session } from './session';
import { compareDigests, digestDatabase, type TableSum } from './verify';

/**
 * Round trips on real databases: the embedded one dumped and restored into another, moved into PostgreSQL, and a
 * PostgreSQL database dumped and restored into both kinds. The PGlite-only cases run in the suite's PGlite pass,
 * the PostgreSQL ones in its PostgreSQL pass (TEST_DATABASE_URL), so that each runs once.
 */

const serverUrl = process.env.TEST_DATABASE_URL;
const NAME = "O'Brien\nsecond line — ünïcödé \\ tab\there";
const folders: string[] = [];

function newFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-backup-'));
  folders.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A new, empty embedded database. PGlite's first start in a folder (its initdb) is most of a round trip's time, so
 * it runs once per PGlite version and user — kept in the temporary folder for the suite's next pass, put there
 * whole by a rename — and every database here is a copy of that closed, empty one.
 */
let template: Promise<string> | undefined;
async function emptyEmbedded(): Promise<string> {
  template ??= (async () => {
    const { version } = JSON.parse(fs.readFileSync('node_modules/@electric-sql/pglite/package.json', 'utf8')) as { version: string };
    const kept = path.join(os.tmpdir(), `briefings-test-empty-pglite-${version}-${os.userInfo().uid}`);
    if (hasEmbeddedDatabase(kept)) return kept;
    const dir = newFolder();
    await (await openEmbedded(dir, { mustExist: false })).close();
    try {
      fs.renameSync(dir, kept);
      return kept;
    } catch {
      return dir; // another run put one there first
    }
  })();
  const dir = newFolder();
  fs.cpSync(await template, dir, { recursive: true });
  return dir;
}

/** An embedded database with the seeded content, a reader with an awkward name and a queued job. */
async function embeddedSource(): Promise<string> {
  const dir = await emptyEmbedded();
  const connection = await connect({ dataDir: dir });
  try {
    await setUpDatabase(connection);
    await insertUser(connection.db, { displayName: NAME, affiliation: null });
    await connection.db.transaction((tx) => enqueue(tx, jobs.replyNotification, { responseId: 7 }));
  } finally {
    await connection.close();
  }
  return dir;
}

async function withSession<T>(open: Promise<Session>, task: (session: Session) => Promise<T>): Promise<T> {
  const session = await open;
  try {
    return await task(session);
  } finally {
    await session.close();
  }
}

const digestsOf = (open: Promise<Session>): Promise<TableSum[]> => withSession(open, digestDatabase);
const isEmpty = (open: Promise<Session>) => withSession(open, assertEmpty);
const text = (dump: Dump) => withManifest(dump.sql, dump.manifest);

/** The dump with the awkward reader's name changed: whole SQL, other rows than its manifest lists. */
function tampered(dump: Dump): string {
  const changed = text(dump).replace("O''Brien", "O''Brian");
  expect(changed).not.toBe(text(dump));
  return changed;
}

/** The dump with one statement in its data broken: it fails half-way, after the schema and some rows. */
function broken(dump: Dump): string {
  const lines = text(dump).split('\n');
  const index = lines.findLastIndex((line) => /^INSERT INTO /.test(line));
  lines[index] = 'INSERT INTO nowhere VALUES (1);';
  return lines.join('\n');
}

function relationCount(dump: Dump, kind: TableSum['kind']): number {
  return dump.manifest.relations.filter((relation) => relation.kind === kind).length;
}

describe.skipIf(serverUrl)('on the embedded database', () => {
  let source: string;
  let dump: Dump;

  beforeAll(async () => {
    source = await embeddedSource();
    dump = await dumpEmbedded(source);
  });

  test('the dump holds the app’s tables and pg-boss’s jobs, and the file is private and never overwritten', () => {
    const names = dump.manifest.relations.map((relation) => `${relation.schema}.${relation.name}`);
    expect(names).toEqual(expect.arrayContaining(['public.users', 'public.issues', 'pgboss.queue', 'drizzle.__drizzle_migrations']));
    expect(dump.sql).toContain('reply-notification');
    expect(dump.sql).not.toContain('pg_attver');
    expect(relationCount(dump, 'sequence')).toBeGreaterThan(0);

    const file = path.join(newFolder(), 'backup.sql');
    writeBackup(file, dump);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(() => writeBackup(file, dump)).toThrow(/already exists/);
  });

  test('a broken or tampered dump stores nothing; the dump itself restores whole, and the app opens it', async () => {
    const target = await emptyEmbedded();
    // Each restore first checks that the target is empty: the next one's own failure, or success, proves it is.
    await expect(restoreBackup({ dataDir: target }, broken(dump))).rejects.toThrow(/rolled back/);
    await expect(restoreBackup({ dataDir: target }, tampered(dump))).rejects.toThrow(/does not match the dump/);

    const outcome = await restoreBackup({ dataDir: target }, text(dump));
    expect(outcome.verified).toBe(true);
    expect(compareDigests(dump.manifest.relations, outcome.relations)).toEqual([]);

    // The app's own start on the restored folder: migrations find nothing to do, and the rows are there.
    const connection: Connection = await connect({ dataDir: target });
    try {
      await setUpDatabase(connection);
      const { rows } = await connection.executeSql('select display_name from public.users', []);
      expect(rows.map((row) => row.display_name)).toContain(NAME);
    } finally {
      await connection.close();
    }
  });

  test('a folder another process holds (a running server) is refused, and left to it', async () => {
    const lock = path.join(source, LOCK_FILE);
    const holder = { pid: process.ppid, hostname: os.hostname(), command: 'npm start', since: new Date().toISOString() };
    fs.writeFileSync(lock, JSON.stringify(holder));
    try {
      await expect(dumpEmbedded(source)).rejects.toThrow(/in use by pid \d+ .*\(npm start\).*stop the server/s);
      expect(JSON.parse(fs.readFileSync(lock, 'utf8'))).toEqual(holder);
    } finally {
      fs.rmSync(lock);
    }
  });

  test('a database that is not empty is refused, and so is a folder without one', async () => {
    await expect(restoreBackup({ dataDir: source }, text(dump))).rejects.toThrow(/is not empty/);
    await expect(dumpEmbedded(newFolder())).rejects.toThrow(/no embedded database/);
    expect(compareDigests(dump.manifest.relations, await digestsOf(openEmbedded(source, { mustExist: true })))).toEqual([]);
  });
});

describe.skipIf(!serverUrl)('with PostgreSQL', () => {
  const databases: string[] = [];
  let source: string;

  async function emptyDatabase(): Promise<string> {
    const { name, url } = await createTestDatabase(serverUrl!, `backup_${Math.random().toString(36).slice(2, 8)}`);
    databases.push(name);
    return url;
  }

  beforeAll(async () => {
    source = await embeddedSource();
  });

  afterAll(async () => {
    for (const name of databases) await dropTestDatabase(serverUrl!, name);
  });

  test('the embedded database moves into an empty PostgreSQL database, row for row, and only into an empty one', async () => {
    const url = await emptyDatabase();
    const outcome = await moveToPostgres(source, url);
    expect(outcome.differences).toEqual([]);
    expect(outcome.target.length).toBe(outcome.source.length);
    const before = outcome.source;
    expect(compareDigests(before, await digestsOf(openPostgres(url)))).toEqual([]);

    await expect(moveToPostgres(source, url)).rejects.toThrow(/is not empty/);

    // Then PostgreSQL's own dump, restored into PostgreSQL (a broken one first) and into the embedded database.
    const dump = await dumpPostgres(url);
    expect(dump.manifest.source).toBe('postgres');
    expect(compareDigests(before, dump.manifest.relations)).toEqual([]);

    const again = await emptyDatabase();
    await expect(restoreBackup({ databaseUrl: again, dataDir: '' }, broken(dump))).rejects.toThrow(/rolled back/);
    await isEmpty(openPostgres(again));
    await expect(restoreBackup({ databaseUrl: again, dataDir: '' }, tampered(dump))).rejects.toThrow(/does not match the dump/);
    await isEmpty(openPostgres(again));
    const intoPostgres = await restoreBackup({ databaseUrl: again, dataDir: '' }, text(dump));
    expect(compareDigests(before, intoPostgres.relations)).toEqual([]);

    const folder = await emptyEmbedded();
    const intoEmbedded = await restoreBackup({ dataDir: folder }, text(dump));
    expect(intoEmbedded.verified).toBe(true);
    expect(compareDigests(before, intoEmbedded.relations)).toEqual([]);
  });
});

test('only the schema part of a PGlite dump loses its PGlite-only lines', () => {
  const sql = [
    '-- PostgreSQL database dump',
    'SET transaction_timeout = 0;',
    'ALTER TABLE ONLY public.t ALTER COLUMN a SET (pg_attver=123);',
    '',
    '-- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: -',
    "INSERT INTO public.t VALUES ('",
    'ALTER TABLE ONLY public.t ALTER COLUMN a SET (pg_attver=123);',
    "');",
    '',
  ].join('\n');
  expect(portable(sql).match(/pg_attver/g)).toHaveLength(1);
  expect(portable(sql)).not.toContain('transaction_timeout');
});

test('a server’s dump loses psql’s \\restrict lines for the embedded database, and COPY data is refused before anything opens', async () => {
  const guarded = ['\\restrict abc123', 'CREATE TABLE t (a int);', 'INSERT INTO t VALUES (1), (2);', '\\unrestrict abc123', ''].join('\n');
  expect(forEmbedded(guarded)).not.toContain('restrict');
  expect(() => forEmbedded('COPY public.t (a) FROM stdin;\n1\n\\.\n')).toThrow(/COPY data/);

  const folder = path.join(newFolder(), 'data');
  const copyDump = ['-- PostgreSQL database dump', 'COPY public.t (a) FROM stdin;', '1', '\\.', '-- PostgreSQL database dump complete', ''];
  await expect(restoreBackup({ dataDir: folder }, copyDump.join('\n'))).rejects.toThrow(/COPY data/);
  await expect(restoreBackup({ dataDir: folder }, copyDump.slice(0, 3).join('\n'))).rejects.toThrow(/not whole/);
  expect(fs.existsSync(folder)).toBe(false);
});
