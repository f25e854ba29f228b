import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/db/client';
import { splitInvitation } from '@/lib/issues/body';
import { withFreshDatabase } from '@/test/database';
import { migrate, MIGRATIONS_FOLDER } from './migrate';

// Migration 0006's backfill, on data as it stood before it: the database migrated up to 0005 only (a copy of the
// migrations folder whose journal stops there), rows written as the app then wrote them, then every migration.
const { connection } = withFreshDatabase({ migrate: false });

const before0006 = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-migrations-'));
afterAll(() => fs.rmSync(before0006, { recursive: true, force: true }));

async function migrateUpTo0005() {
  fs.cpSync(MIGRATIONS_FOLDER, before0006, { recursive: true });
  const journalFile = path.join(before0006, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0006');
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  const { db, kind } = connection();
  const config = { migrationsFolder: before0006 };
  if (kind === 'pglite') await (await import('drizzle-orm/pglite/migrator')).migrate(db as never, config);
  else await (await import('drizzle-orm/node-postgres/migrator')).migrate(db as never, config);
}

const INVITATION = 'If you are passionate about local finance – we would like to hear from you.';
/** Bodies as the importer stored them before 0006: the invitation, if any, as the last paragraph. */
const BODIES = {
  invited: `First paragraph.\n\nSecond paragraph.\n\n${INVITATION}`,
  invitedWithTrail: `First paragraph.\n\n${INVITATION}\n`,
  notLast: `${INVITATION}\n\nThe end.`,
  noInvitation: 'Only a paragraph.\n\nAnd another.',
  wordInside: 'One.\n\nNice to hear from yourself.',
  onlyInvitation: INVITATION,
};

describe('migration 0006 (editorial)', () => {
  it('publishes the articles of published issues, moves invitations to their field, and starts each history', async () => {
    await migrateUpTo0005();
    const { db } = connection();
    await db.execute(sql`insert into authors (slug, name) values ('ada', 'Ada')`);
    await db.execute(sql`insert into issues (date, status, published_at) values
      ('2010-09-15', 'published', '2010-09-15T08:00:00Z'), ('2010-09-29', 'draft', null)`);
    let position = 0;
    for (const [slug, body] of Object.entries(BODIES)) {
      position += 1;
      await db.execute(sql`insert into articles (issue_id, position, slug, title, standfirst, body, author_id, updated_at)
        select id, ${position}, ${slug.toLowerCase()}, ${slug}, 'Standfirst.', ${body}, (select id from authors), '2011-01-01T00:00:00Z'
        from issues where date = '2010-09-15'`);
    }
    await db.execute(sql`insert into articles (issue_id, position, slug, title, standfirst, body, author_id)
      select id, 1, 'in-a-draft', 'In a draft', 'Standfirst.', 'Body.', (select id from authors) from issues where date = '2010-09-29'`);

    await migrate(connection());

    const rows = await queryRows<{
      slug: string;
      body: string;
      invitation: string;
      status: string;
      publishedAt: string | null;
      version: number;
    }>(db, sql`select slug, body, invitation, status, published_at::text as "publishedAt", version from articles order by id`);
    const published = rows.filter((row) => row.slug !== 'in-a-draft');
    // Articles of a published issue are published, at their issue's time; a draft issue's stay drafts.
    for (const row of published) expect(row).toMatchObject({ status: 'published', version: 1 });
    expect(new Date(published[0]!.publishedAt!).toISOString()).toBe('2010-09-15T08:00:00.000Z');
    expect(rows.find((row) => row.slug === 'in-a-draft')).toMatchObject({ status: 'draft', publishedAt: null });

    // The closing invitation moved out of the body by the same rule as the importer's (lib/issues/body.ts).
    expect(published.find((row) => row.slug === 'invited')).toMatchObject({
      body: 'First paragraph.\n\nSecond paragraph.',
      invitation: INVITATION,
    });
    for (const [slug, body] of Object.entries(BODIES)) {
      const row = published.find((candidate) => candidate.slug === slug.toLowerCase())!;
      expect({ body: row.body, invitation: row.invitation }, slug).toEqual(splitInvitation(body));
    }
    expect(published.filter((row) => row.invitation !== '').map((row) => row.slug)).toEqual(['invited', 'invitedwithtrail']);

    // Every article's history starts with what it is now: one 'import' revision of version 1, at its last change.
    const revisions = await queryRows<{
      slug: string;
      body: string;
      invitation: string;
      kind: string;
      savedByName: string;
      createdAt: string;
    }>(
      db,
      sql`select a.slug, r.body, r.invitation, r.kind, r.saved_by_name as "savedByName", r.created_at::text as "createdAt"
        from article_revisions r join articles a on a.id = r.article_id where r.version = 1 order by a.id`,
    );
    expect(revisions.map((revision) => revision.slug)).toEqual(rows.map((row) => row.slug));
    for (const revision of revisions) {
      const row = rows.find((candidate) => candidate.slug === revision.slug)!;
      expect(revision).toMatchObject({ kind: 'import', savedByName: 'the import', body: row.body, invitation: row.invitation });
    }
    expect(new Date(revisions[0]!.createdAt).toISOString()).toBe('2011-01-01T00:00:00.000Z');
  });
});
