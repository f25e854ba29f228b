import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/db/client';
import { articleRevisions, articles, authors, issues } from '@/db/schema';
import { CACHE_CHANNEL } from '@/lib/cache/tags';
import { withFreshDatabase } from '@/test/database';
import { ImportError, importIssueFiles, listIssueFiles } from './import';

const { connection } = withFreshDatabase();

const CONTENT_FILE = path.join(process.cwd(), 'content', 'briefing-2010-09-15.txt');
const ORIGINAL = fs.readFileSync(CONTENT_FILE, 'utf8');
const SLUG = 'we-should-value-local-diversity';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-import-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Writes a file into this test's temporary folder and returns its path. */
function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

async function counts() {
  const [row] = await queryRows<{ issues: number; authors: number; articles: number }>(
    connection().db,
    sql`select (select count(*) from issues)::int as issues, (select count(*) from authors)::int as authors,
      (select count(*) from articles)::int as articles`,
  );
  return row!;
}

function revisionsOf(articleId: number) {
  return connection().db.select().from(articleRevisions).where(eq(articleRevisions.articleId, articleId)).orderBy(articleRevisions.version);
}

function articleRows() {
  return connection().db.select().from(articles).orderBy(articles.position);
}

async function importError(paths: string[]): Promise<ImportError> {
  const error = await importIssueFiles(connection().db, paths).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

const SECOND_ARTICLE = [
  '---',
  '',
  'A second thought on finance',
  '',
  'Why patient capital matters for small places.',
  '',
  'Jane Doe',
  '',
  'First paragraph of the second article.',
  '',
  'Second paragraph of the second article.',
  '',
].join('\n');

describe('importing the real issue', () => {
  it('creates one published issue, its author and its article', async () => {
    const outcomes = await importIssueFiles(connection().db, [CONTENT_FILE]);
    expect(outcomes).toEqual([{ file: CONTENT_FILE, date: '2010-09-15', result: 'created', articles: 1 }]);
    expect(await counts()).toEqual({ issues: 1, authors: 1, articles: 1 });

    const [issue] = await connection().db.select().from(issues);
    expect(issue).toMatchObject({ date: '2010-09-15', status: 'published', isDemo: false, sentAt: null });
    expect(issue!.publishedAt?.toISOString()).toBe('2010-09-15T00:00:00.000Z');

    const [author] = await connection().db.select().from(authors);
    expect(author).toMatchObject({ slug: 'stian-westlake', name: 'Stian Westlake' });

    const [article] = await articleRows();
    expect(article).toMatchObject({
      issueId: issue!.id,
      authorId: author!.id,
      position: 1,
      slug: SLUG,
      title: 'We should value local diversity',
      responsesMode: 'open',
      status: 'published',
      publishedAt: issue!.publishedAt,
      version: 1,
    });
    // The standfirst is one tidied paragraph: the mail's double spaces are gone.
    expect(article!.standfirst).toMatch(/^All too often a successful local project is treated as if/);
    expect(article!.standfirst).toMatch(/how local finance might be raised$/);
    expect(article!.standfirst).not.toMatch(/ {2}/);
    // The body: five paragraphs separated by one blank line; the stray space before a dropped link's comma gone.
    const paragraphs = article!.body.split('\n\n');
    expect(paragraphs).toHaveLength(5);
    expect(paragraphs[0]).toMatch(/^It seems that we are finally beginning to grasp the true value of localism/);
    // The sixth, the closing invitation, has a field of its own.
    expect(article!.body).not.toMatch(/hear from you/);
    expect(article!.invitation).toMatch(/we would like to hear from you\.$/);
    expect(article!.invitation).not.toContain('\n');
    expect(article!.body).toContain('Mass Localism, NESTA discussed');
    expect(article!.body).not.toContain('Stian Westlake');

    // Its history starts with the import.
    expect(await revisionsOf(article!.id)).toEqual([
      expect.objectContaining({
        version: 1,
        kind: 'import',
        savedById: null,
        savedByName: 'the import',
        body: article!.body,
        invitation: article!.invitation,
      }),
    ]);
  });

  it('fills the weighted search vector', async () => {
    const [row] = await queryRows<{ search: string; matches: boolean }>(
      connection().db,
      sql`select search::text as search, search @@ websearch_to_tsquery('english', 'localism') as matches from articles`,
    );
    expect(row!.search.length).toBeGreaterThan(100);
    expect(row!.matches).toBe(true);
    // Title words are weighted A: "divers" comes from the title (and the standfirst/body, at lower weights).
    expect(row!.search).toMatch(/'divers':\d+A/);
  });

  it('re-importing the same file changes nothing and never duplicates', async () => {
    const [before] = await articleRows();
    const outcomes = await importIssueFiles(connection().db, [CONTENT_FILE]);
    expect(outcomes).toEqual([{ file: CONTENT_FILE, date: '2010-09-15', result: 'unchanged', articles: 1 }]);
    expect(await counts()).toEqual({ issues: 1, authors: 1, articles: 1 });
    const [after] = await articleRows();
    expect(after!.id).toBe(before!.id);
    expect(after!.updatedAt.getTime()).toBe(before!.updatedAt.getTime());
    expect(after!.version).toBe(1);
    expect(await revisionsOf(after!.id)).toHaveLength(1);
  });

  it('a changed copy updates the article in place', async () => {
    const [before] = await articleRows();
    const changed = write(
      'changed/briefing.txt',
      ORIGINAL.replace('Traditionally, local solutions', 'Historically, local solutions').replace(
        'how local finance might be raised',
        'how local money might be raised',
      ),
    );
    const outcomes = await importIssueFiles(connection().db, [changed]);
    expect(outcomes).toEqual([{ file: changed, date: '2010-09-15', result: 'updated', articles: 1 }]);
    expect(await counts()).toEqual({ issues: 1, authors: 1, articles: 1 });

    const [after] = await articleRows();
    expect(after!.id).toBe(before!.id);
    expect(after!.body).toContain('Historically, local solutions');
    expect(after!.body).not.toContain('Traditionally');
    expect(after!.standfirst).toMatch(/how local money might be raised$/);
    expect(after!.updatedAt.getTime()).toBeGreaterThan(before!.updatedAt.getTime());
    // A new version, kept in the history beside the first.
    expect(after!.version).toBe(before!.version + 1);
    expect((await revisionsOf(after!.id)).map((revision) => [revision.version, revision.kind, revision.standfirst])).toEqual([
      [before!.version, 'import', before!.standfirst],
      [after!.version, 'import', after!.standfirst],
    ]);

    // And back: the original text restores the original fields, still in place.
    expect((await importIssueFiles(connection().db, [CONTENT_FILE]))[0]!.result).toBe('updated');
    const [restored] = await articleRows();
    expect(restored).toMatchObject({ id: before!.id, body: before!.body, standfirst: before!.standfirst, version: before!.version + 2 });
  });

  it('publishes a draft article of the issue that the file has, and leaves an unpublished one unpublished', async () => {
    const [article] = await articleRows();
    const db = connection().db;
    await db.update(articles).set({ status: 'draft', publishedAt: null }).where(eq(articles.id, article!.id));
    expect((await importIssueFiles(db, [CONTENT_FILE]))[0]!.result).toBe('updated');
    const [published] = await articleRows();
    const [issue] = await db.select().from(issues);
    expect(published).toMatchObject({ status: 'published', publishedAt: issue!.publishedAt, version: article!.version + 1 });

    const unpublishedAt = new Date('2011-01-01T00:00:00Z');
    await db.update(articles).set({ status: 'unpublished', publishedAt: unpublishedAt }).where(eq(articles.id, article!.id));
    expect((await importIssueFiles(db, [CONTENT_FILE]))[0]!.result).toBe('unchanged');
    const [still] = await articleRows();
    expect(still).toMatchObject({ status: 'unpublished', version: published!.version });
    await db.update(articles).set({ status: 'published' }).where(eq(articles.id, article!.id));
  });

  it('adds a second article after a separator line, then removes it again', async () => {
    const [first] = await articleRows();
    const twoArticles = write('two/briefing.txt', `${ORIGINAL.trimEnd()}\n\n${SECOND_ARTICLE}`);
    const added = await importIssueFiles(connection().db, [twoArticles]);
    expect(added).toEqual([{ file: twoArticles, date: '2010-09-15', result: 'updated', articles: 2 }]);
    expect(await counts()).toEqual({ issues: 1, authors: 2, articles: 2 });

    const rows = await articleRows();
    expect(rows.map((row) => [row.position, row.slug])).toEqual([
      [1, SLUG],
      [2, 'a-second-thought-on-finance'],
    ]);
    expect(rows[0]!.id).toBe(first!.id);
    expect(rows[1]!.standfirst).toBe('Why patient capital matters for small places.');
    expect(rows[1]!).toMatchObject({
      body: 'First paragraph of the second article.\n\nSecond paragraph of the second article.',
      invitation: '',
      status: 'published',
      version: 1,
    });
    expect(await revisionsOf(rows[1]!.id)).toHaveLength(1);
    const [jane] = await connection().db.select().from(authors).where(eq(authors.slug, 'jane-doe'));
    expect(jane?.name).toBe('Jane Doe');
    expect(rows[1]!.authorId).toBe(jane!.id);

    // Importing the same two-article file again is a no-op.
    expect((await importIssueFiles(connection().db, [twoArticles]))[0]!.result).toBe('unchanged');

    const removed = await importIssueFiles(connection().db, [CONTENT_FILE]);
    expect(removed).toEqual([{ file: CONTENT_FILE, date: '2010-09-15', result: 'updated', articles: 1 }]);
    const remaining = await articleRows();
    expect(remaining.map((row) => [row.id, row.slug])).toEqual([[first!.id, SLUG]]);
    expect((await counts()).issues).toBe(1);
  });
});

describe('authors', () => {
  it('an author left without articles by a re-import is removed, so their page goes too', async () => {
    const renamed = write('renamed/briefing.txt', ORIGINAL.replace('Stian Westlake', 'Stian  Westlake-Smith'));
    await importIssueFiles(connection().db, [renamed]);
    const slugs = async () => (await connection().db.select({ slug: authors.slug }).from(authors)).map((row) => row.slug).sort();
    expect(await slugs()).toEqual(['stian-westlake-smith']);
    await importIssueFiles(connection().db, [CONTENT_FILE]);
    expect(await slugs()).toEqual(['stian-westlake']);
  });

  it('keeps the authors an editor made: one with no article yet, and one with a bio whose articles went', async () => {
    const db = connection().db;
    await db.insert(authors).values({ slug: 'new-columnist', name: 'New Columnist' });
    await importIssueFiles(db, [write('bio/briefing.txt', ORIGINAL.replace('Stian Westlake', 'Guest Writer'))]);
    await db.update(authors).set({ bio: 'Wrote one guest piece.' }).where(eq(authors.slug, 'guest-writer'));
    await importIssueFiles(db, [CONTENT_FILE]);
    const slugs = (await db.select({ slug: authors.slug }).from(authors)).map((row) => row.slug).sort();
    expect(slugs).toEqual(['guest-writer', 'new-columnist', 'stian-westlake']);
  });
});

describe('a batch with a problem', () => {
  it('stores nothing when one file is malformed, and names the file and line', async () => {
    const before = await counts();
    const good = write('batch/a-good.txt', ORIGINAL.replace('September 15, 2010', 'September 29, 2010'));
    const bad = write('batch/b-bad.txt', 'October 13, 2010\n\nA title and nothing else\n');
    const error = await importError([good, bad]);
    expect(error.problems).toEqual([`${bad}:4: expected the standfirst (one paragraph) after the title, found the end of the file`]);
    expect(error.message).toContain(`${bad}:4: expected the standfirst`);
    expect(error.message).toMatch(/^Nothing was imported/);

    expect(await counts()).toEqual(before);
    expect(await connection().db.select().from(issues).where(eq(issues.date, '2010-09-29'))).toEqual([]);
  });

  it('lists every problem of every file, not just the first', async () => {
    const before = await counts();
    const noDate = write('many/a.txt', 'Not a date\n\nTitle\n\nStandfirst.\n\nAuthor Name\n\nBody.\n');
    const noBody = write('many/b.txt', '2010-10-27\n\nTitle\n\nStandfirst.\n\nAuthor Name\n');
    const error = await importError([noDate, noBody]);
    expect(error.problems).toHaveLength(2);
    expect(error.problems[0]).toMatch(new RegExp(`^${escape(noDate)}:1: expected the issue's date`));
    expect(error.problems[1]).toMatch(new RegExp(`^${escape(noBody)}:\\d+: expected the article's body`));
    expect(await counts()).toEqual(before);
  });

  it('refuses two files with the same date in one batch', async () => {
    const before = await counts();
    const first = write('twins/a.txt', ORIGINAL.replace('Traditionally', 'Once'));
    const second = write('twins/b.txt', ORIGINAL);
    const error = await importError([first, second]);
    expect(error.problems).toEqual([`${second}:1: expected one file per issue date, but ${first} is also dated 2010-09-15`]);
    expect(await counts()).toEqual(before);
    const [article] = await articleRows();
    expect(article!.body).toContain('Traditionally');
  });
});

describe('listIssueFiles', () => {
  it('takes a folder’s *.txt files in name order, and files as given', async () => {
    const folder = path.join(tmp, 'listing');
    write('listing/b.txt', '');
    write('listing/a.txt', '');
    write('listing/10.txt', '');
    write('listing/notes.md', '');
    write('listing/c.txt.bak', '');
    const single = write('elsewhere/issue.text', '');
    expect(await listIssueFiles([folder, single])).toEqual([
      path.join(folder, '10.txt'),
      path.join(folder, 'a.txt'),
      path.join(folder, 'b.txt'),
      single,
    ]);
  });

  it('reports a missing path', async () => {
    const missing = path.join(tmp, 'no-such-folder');
    const error = await listIssueFiles([CONTENT_FILE, missing]).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).problems).toEqual([`${missing}: no such file or folder`]);
  });
});

describe('the change announcement', () => {
  const received: string[] = [];
  let sentinels = 0;

  beforeAll(async () => {
    await connection().listen(
      CACHE_CHANNEL,
      (payload) => received.push(payload),
      () => {},
    );
  });

  /** Waits until every announcement committed so far has arrived: a notification is delivered in commit order. */
  async function settle(): Promise<string[]> {
    const marker = `sentinel-${++sentinels}`;
    await connection().db.execute(sql`select pg_notify(${CACHE_CHANNEL}, ${marker})`);
    const deadline = Date.now() + 10_000;
    while (!received.includes(marker)) {
      if (Date.now() > deadline) throw new Error(`No ${marker} within 10 s; received ${JSON.stringify(received)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return received.splice(0).filter((payload) => !payload.startsWith('sentinel-'));
  }

  /** The ids of the real issue and its author. */
  async function ids() {
    const [issue] = await connection().db.select({ id: issues.id }).from(issues).where(eq(issues.date, '2010-09-15'));
    const [author] = await connection().db.select({ id: authors.id }).from(authors).where(eq(authors.slug, 'stian-westlake'));
    return { issue: issue!.id, author: author!.id };
  }

  it('announces the changed issue, its author and the lists after an import that changed an article', async () => {
    await settle();
    const changed = write('announce/briefing.txt', ORIGINAL.replace('Traditionally', 'Formerly'));
    expect((await importIssueFiles(connection().db, [changed]))[0]!.result).toBe('updated');
    const { issue, author } = await ids();
    expect(await settle()).toEqual([JSON.stringify([`issue:${issue}`, `author:${author}`, 'archive', 'feed', 'sitemap'])]);
  });

  it('announces nothing for an unchanged re-import or a refused batch', async () => {
    await importIssueFiles(connection().db, [CONTENT_FILE]);
    await settle();
    expect((await importIssueFiles(connection().db, [CONTENT_FILE]))[0]!.result).toBe('unchanged');
    await importError([write('announce/bad.txt', '2010-11-10\n')]);
    expect(await settle()).toEqual([]);
  });

  it('announces an author renamed in an otherwise unchanged issue: every issue with their byline', async () => {
    await settle();
    const renamed = write('announce/renamed.txt', ORIGINAL.replace('Stian Westlake', 'Stian WESTLAKE'));
    expect((await importIssueFiles(connection().db, [renamed]))[0]!.result).toBe('unchanged');
    const { issue, author } = await ids();
    expect(await settle()).toEqual([JSON.stringify([`author:${author}`, `issue:${issue}`, 'archive', 'feed'])]);
    await importIssueFiles(connection().db, [CONTENT_FILE]);
    expect(await settle()).toEqual([JSON.stringify([`author:${author}`, `issue:${issue}`, 'archive', 'feed'])]);
  });

  it('announces a new issue as changing the dates of issues too (the newest, and the neighbours)', async () => {
    await settle();
    const later = write('announce/later.txt', ORIGINAL.replace('September 15, 2010', 'September 29, 2010'));
    expect((await importIssueFiles(connection().db, [later]))[0]!.result).toBe('created');
    const [created] = await connection().db.select({ id: issues.id }).from(issues).where(eq(issues.date, '2010-09-29'));
    const { author } = await ids();
    expect(await settle()).toEqual([
      JSON.stringify([`issue:${created!.id}`, 'issue-dates', `author:${author}`, 'archive', 'feed', 'sitemap']),
    ]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
