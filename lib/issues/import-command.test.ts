import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { articleRevisions, articles, issues } from '@/db/schema';
import { actorOf, COMMAND_LINE, type Actor } from '@/lib/commands/actor';
import { run } from '@/test/commands';
import { insertDraftIssue } from '@/test/publish-fixtures';
import { withFreshDatabase } from '@/test/database';
import { insertPerson, insertResponse, lastLogId, logSince, snapshot } from '@/test/moderation';
import { refusedUnchanged } from '@/test/refused';
import type { IssueFile } from './import';
import { importIssues } from './import-command';

/** The import from the browser, as a command: the same reading as `npm run import`, one transaction, the log. */

const { connection } = withFreshDatabase();
const db = () => connection().db;
let editor: Actor;
const asEditor = async () => (editor ??= actorOf(await insertPerson(db(), 'editor', { displayName: 'Eda Editor' })));

const file = (name: string, text: string): IssueFile => ({ name, bytes: new TextEncoder().encode(text) });
const issue = (date: string, title: string, author = 'Ann Author') =>
  `${date}\n\n${title}\n\nA standfirst for ${title}.\n\n${author}\n\nThe body of ${title}.\n`;

const storedDates = async (dates: string[]) =>
  (await db().select({ date: issues.date }).from(issues).where(inArray(issues.date, dates))).map((row) => row.date).sort();

describe('importIssues', () => {
  it('creates each file’s issue in one go, logs each with what it holds, and expires their pages', async () => {
    const logId = await lastLogId(db());
    const { output, tags } = await run(importIssues, await asEditor(), {
      files: [file('first.txt', issue('2011-01-05', 'Winter notes')), file('second.txt', issue('2011-01-19', 'Frost and funds'))],
    });

    expect(output).toEqual({
      outcome: 'imported',
      outcomes: [
        { file: 'first.txt', date: '2011-01-05', result: 'created', articles: 1 },
        { file: 'second.txt', date: '2011-01-19', result: 'created', articles: 1 },
      ],
    });
    expect(await storedDates(['2011-01-05', '2011-01-19'])).toEqual(['2011-01-05', '2011-01-19']);
    const [first] = await db().select({ id: issues.id }).from(issues).where(eq(issues.date, '2011-01-05'));
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        action: 'issue-import',
        targetType: 'issue',
        targetId: String(first!.id),
        actorName: 'Eda Editor',
        reason: 'From first.txt',
        before: null,
        after: { date: '2011-01-05', status: 'published', articles: ['winter-notes'] },
      }),
      expect.objectContaining({ action: 'issue-import', reason: 'From second.txt' }),
    ]);
    expect(tags).toEqual(expect.arrayContaining([`issue:${first!.id}`, 'issue-dates', 'archive', 'feed', 'sitemap']));
  });

  it('logs an update before → after, and nothing for a file that changed nothing', async () => {
    const files = [file('same.txt', issue('2011-02-02', 'Steady state'))];
    await run(importIssues, await asEditor(), { files });
    const logId = await lastLogId(db());

    const again = await run(importIssues, await asEditor(), { files });
    expect(again.output).toEqual({ outcome: 'imported', outcomes: [expect.objectContaining({ result: 'unchanged' })] });
    expect(again.tags).toEqual([]);
    expect(await logSince(db(), logId)).toEqual([]);

    const changed = issue('2011-02-02', 'Steady state') + '\n---\n\nA second look\n\nIts standfirst.\n\nBo Writer\n\nIts body.\n';
    await run(importIssues, await asEditor(), { files: [file('same.txt', changed)] });
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        before: { status: 'published', articles: ['steady-state'] },
        after: { date: '2011-02-02', status: 'published', articles: ['steady-state', 'a-second-look'] },
      }),
    ]);
  });

  it('stores nothing when one file is wrong, and names every wrong file and line', async () => {
    const before = await snapshot(db());
    const { output, tags } = await run(importIssues, await asEditor(), {
      files: [
        file('good.txt', issue('2011-03-02', 'All in order')),
        file('bad.txt', '2011-03-16\n\nA title and nothing else\n'),
        file('worse.txt', 'Not a date\n\nTitle\n'),
      ],
    });

    expect(output).toEqual({
      outcome: 'refused',
      problems: [
        { file: 'bad.txt', line: 4, problem: 'expected the standfirst (one paragraph) after the title, found the end of the file' },
        { file: 'worse.txt', line: 1, problem: expect.stringMatching(/^expected the issue's date/) },
      ],
    });
    expect(tags).toEqual([]);
    expect(await storedDates(['2011-03-02', '2011-03-16'])).toEqual([]);
    expect(await snapshot(db())).toEqual(before);
  });

  it('refuses a file that is not UTF-8, with its line, and a binary file, saying what it looks like', async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('2011-04-06\n\nCaf'), 0xe9, 0x0a]);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const { output } = await run(importIssues, await asEditor(), {
      files: [
        { name: 'latin1.txt', bytes: latin1 },
        { name: 'picture.txt', bytes: png },
      ],
    });
    expect(output).toEqual({
      outcome: 'refused',
      problems: [
        { file: 'latin1.txt', line: 3, problem: expect.stringContaining('not valid UTF-8') },
        { file: 'picture.txt', line: null, problem: expect.stringMatching(/^expected a plain-text file, found binary data/) },
      ],
    });
  });

  it('refuses two files of one date', async () => {
    const { output } = await run(importIssues, COMMAND_LINE, {
      files: [file('a.txt', issue('2011-05-04', 'One')), file('b.txt', issue('2011-05-04', 'Two'))],
    });
    expect(output).toEqual({
      outcome: 'refused',
      problems: [{ file: 'b.txt', line: 1, problem: 'expected one file per issue date, but a.txt is also dated 2011-05-04' }],
    });
  });

  it('refuses in words, storing nothing, a file that would delete an article readers have responded to', async () => {
    // An article renamed in the editor (or added there) is not in the file under its address: the import would
    // delete it, which the responses' foreign key forbids — a bare server error until the import said so itself.
    await run(importIssues, await asEditor(), { files: [file('one.txt', issue('2011-06-01', 'Answered piece'))] });
    const [article] = await db()
      .select({ id: articles.id })
      .from(articles)
      .innerJoin(issues, eq(issues.id, articles.issueId))
      .where(and(eq(issues.date, '2011-06-01'), eq(articles.slug, 'answered-piece')));
    const reader = await insertPerson(db(), 'reader');
    await insertResponse(db(), { articleId: article!.id, authorId: reader.id });

    const actor = await asEditor();
    const refusal = await refusedUnchanged(db(), () =>
      run(importIssues, actor, {
        files: [file('fine.txt', issue('2011-06-15', 'Written first')), file('two.txt', issue('2011-06-01', 'A different piece'))],
      }),
    );
    expect(refusal).toEqual({
      code: 'conflict',
      field: 'files',
      message: expect.stringContaining('two.txt would take “Answered piece” (answered-piece) out of the issue of 2011-06-01'),
    });
    // The whole import is rolled back, the file before it too.
    expect(await storedDates(['2011-06-15'])).toEqual([]);
  });

  it('refuses in words, storing nothing, a file that would delete an article an editor has saved in the browser', async () => {
    await run(importIssues, await asEditor(), { files: [file('one.txt', issue('2011-08-03', 'Edited piece'))] });
    const [article] = await db()
      .select()
      .from(articles)
      .innerJoin(issues, eq(issues.id, articles.issueId))
      .where(and(eq(issues.date, '2011-08-03'), eq(articles.slug, 'edited-piece')));
    const { id, version, title, slug, standfirst, body, invitation, authorId, responsesMode } = article!.articles;
    // As the article editor's save leaves it: a revision of its own, beside the import's.
    await db()
      .insert(articleRevisions)
      .values({
        articleId: id,
        version: version + 1,
        kind: 'save',
        savedByName: 'Eda Editor',
        title,
        slug,
        standfirst,
        body,
        invitation,
        authorId,
        responsesMode,
      });

    const actor = await asEditor();
    const refusal = await refusedUnchanged(db(), () =>
      run(importIssues, actor, { files: [file('two.txt', issue('2011-08-03', 'Another piece'))] }),
    );
    expect(refusal).toEqual({
      code: 'conflict',
      field: 'files',
      message: expect.stringContaining(
        'two.txt would take “Edited piece” (edited-piece) out of the issue of 2011-08-03, but editors have worked on it here.',
      ),
    });
  });

  it('leaves an issue being prepared in the admin, a draft or scheduled, to its publish page: refused in words', async () => {
    const draft = await insertDraftIssue(db());
    const scheduled = await insertDraftIssue(db(), [{}], { status: 'scheduled', scheduledFor: new Date('2040-06-01T09:00:00Z') });
    const actor = await asEditor();
    for (const [prepared, state] of [
      [draft, 'a draft'],
      [scheduled, 'scheduled'],
    ] as const) {
      const refusal = await refusedUnchanged(db(), () =>
        run(importIssues, actor, { files: [file('prepared.txt', issue(prepared.date, 'An imported piece'))] }),
      );
      expect(refusal).toEqual({
        code: 'conflict',
        field: 'files',
        message: `Nothing was imported: the issue of ${prepared.date} (prepared.txt) is ${state} in the admin, and an import would publish it at once. Edit and publish it there, or import the file with another date.`,
      });
    }
  });

  it('lets imports of one new date at once all finish, one after the other: the first creates the issue, the rest update it', async () => {
    // On PostgreSQL each transaction saw no issue and inserted it; all but one failed on the unique date.
    const actor = await asEditor();
    const outcomes = await Promise.all(
      ['Ann', 'Bo', 'Cy', 'Di', 'Ed', 'Flo'].map((name) =>
        run(importIssues, actor, { files: [file(`${name}.txt`, issue('2011-07-06', `${name}’s piece`, `${name} Writer`))] }),
      ),
    );
    expect(outcomes.map(({ output }) => output.outcome === 'imported' && output.outcomes[0]!.result).sort()).toEqual([
      'created',
      'updated',
      'updated',
      'updated',
      'updated',
      'updated',
    ]);
    expect(await storedDates(['2011-07-06'])).toEqual(['2011-07-06']);
  });
});
