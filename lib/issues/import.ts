import fs from 'node:fs/promises';
import path from 'node:path';
import { and, eq, inArray, notExists, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { articleRevisions, articles, authors, issues, responses } from '@/db/schema';
import { announceChanged } from '@/lib/cache/bus';
import { refuse } from '@/lib/commands/refusal';
import { tagsForImport, type AuthorChange, type IssueChange } from '@/lib/cache/tags';
import { articleFieldColumns } from '@/lib/editorial/article-columns';
import { splitInvitation } from './body';
import { decodeUtf8, FormatError, parseIssue, type ParsedIssue } from './format';

/**
 * Imports issue files: every file is read and checked first, and only if all are well-formed are they written,
 * in one transaction. A re-import of the same date updates that issue in place (articles matched by their
 * address), so it never duplicates; an unchanged file writes nothing. The issues are published, and so are their
 * articles, each with its closing invitation in a field of its own; every article created or changed gets a new
 * version and a revision ('import', by "the import"), as an editor's save would. Work the file does not hold is
 * never lost by it: an issue being prepared in the admin, and an article with responses or an editor's saves that
 * the file would take out, make the whole import a refusal in words.
 */

export type SourceIssue = { file: string; issue: ParsedIssue };
export type ImportOutcome = { file: string; date: string; result: 'created' | 'updated' | 'unchanged'; articles: number };

/** A file to import, however it arrived (read from disk, or uploaded): its name, as messages give it, and its bytes. */
export type IssueFile = { name: string; bytes: Uint8Array };

/** One thing wrong with one file: the line, when the problem has one. */
export type ImportProblem = { file: string; line: number | null; problem: string };

/** Everything wrong with a set of files, one line each. */
export class ImportError extends Error {
  /** Each problem as one line: `file:line: problem`, the form editors and compilers use. */
  readonly problems: string[];

  constructor(readonly found: ImportProblem[]) {
    const problems = found.map(({ file, line, problem }) => `${file}${line === null ? '' : `:${line}`}: ${problem}`);
    super(
      `Nothing was imported: ${problems.length === 1 ? 'a file has a problem' : `${problems.length} problems`}.\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
    this.name = 'ImportError';
    this.problems = problems;
  }
}

/** Lists the issue files named: files as given, folders as their *.txt files in name order. */
export async function listIssueFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  const problems: ImportProblem[] = [];
  for (const given of paths) {
    const stat = await fs.stat(given).catch(() => undefined);
    if (!stat) problems.push({ file: given, line: null, problem: 'no such file or folder' });
    else if (stat.isDirectory()) {
      const names = (await fs.readdir(given)).filter((name) => name.endsWith('.txt')).sort();
      files.push(...names.map((name) => path.join(given, name)));
    } else files.push(given);
  }
  if (problems.length) throw new ImportError(problems);
  return files;
}

// Git's test for a binary file: a NUL byte among the first 8 000. Text never has one; documents, PDFs and images do.
const BINARY_SNIFF_BYTES = 8000;

/**
 * Decodes and parses every file, collecting all problems rather than stopping at the first: the one reading of
 * issue files, whether `npm run import` read them from disk or an editor uploaded them (lib/issues/upload.ts).
 */
export function parseIssueFiles(files: readonly IssueFile[]): SourceIssue[] {
  const sources: SourceIssue[] = [];
  const problems: ImportProblem[] = [];
  const byDate = new Map<string, string>();
  for (const { name, bytes } of files) {
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
      problems.push({
        file: name,
        line: null,
        problem: 'expected a plain-text file, found binary data (a document, PDF or image?): save the issue as plain text (.txt, UTF-8)',
      });
      continue;
    }
    try {
      const issue = parseIssue(name, decodeUtf8(name, bytes));
      const twin = byDate.get(issue.date);
      if (twin)
        problems.push({ file: name, line: 1, problem: `expected one file per issue date, but ${twin} is also dated ${issue.date}` });
      byDate.set(issue.date, name);
      sources.push({ file: name, issue });
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      problems.push({ file: error.file, line: error.line, problem: error.problem });
    }
  }
  if (problems.length) throw new ImportError(problems);
  return sources;
}

/** Reads the files from disk and parses them (parseIssueFiles); a file that cannot be read is one more problem. */
export async function readIssueFiles(paths: string[]): Promise<SourceIssue[]> {
  const files: IssueFile[] = [];
  const unreadable: ImportProblem[] = [];
  for (const file of paths) {
    try {
      files.push({ name: file, bytes: await fs.readFile(file) });
    } catch (error) {
      unreadable.push({ file, line: null, problem: (error as Error).message });
    }
  }
  let sources: SourceIssue[] = [];
  let problems = unreadable;
  try {
    sources = parseIssueFiles(files);
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    problems = [...unreadable, ...error.found];
  }
  if (problems.length) throw new ImportError(problems);
  return sources;
}

async function upsertAuthors(tx: Tx, issue: ParsedIssue): Promise<Map<string, number>> {
  const distinct = new Map(issue.articles.map((article) => [article.author.slug, article.author.name]));
  const rows = await tx
    .insert(authors)
    .values([...distinct].map(([slug, name]) => ({ slug, name })))
    .onConflictDoUpdate({
      target: authors.slug,
      set: {
        name: sql`excluded.name`,
        updatedAt: sql`case when ${authors.name} is distinct from excluded.name then now() else ${authors.updatedAt} end`,
      },
    })
    .returning({ id: authors.id, slug: authors.slug });
  return new Map(rows.map((row) => [row.slug, row.id]));
}

/** What a revision keeps of an article. */
const revised = { articleId: articles.id, version: articles.version, ...articleFieldColumns };

/** The article as the import left it, in its history. */
async function recordRevision(tx: Tx, article: Pick<typeof articleRevisions.$inferInsert, keyof typeof revised>): Promise<void> {
  await tx.insert(articleRevisions).values({ ...article, kind: 'import', savedByName: 'the import' });
}

/** Saves one issue; `change` says what it changed for the cache (null: nothing). */
async function saveIssue(tx: Tx, { file, issue }: SourceIssue): Promise<{ outcome: ImportOutcome; change: IssueChange | null }> {
  const authorIds = await upsertAuthors(tx, issue);
  const [existing] = await tx
    .select({ id: issues.id, status: issues.status, isDemo: issues.isDemo })
    .from(issues)
    .where(eq(issues.date, issue.date));

  // An import publishes what it brings at once. An issue an editor is preparing in the admin (a draft, or scheduled)
  // is published from its publish page, past the checklist and at its time: the import leaves it alone, and says so.
  if (existing && existing.status !== 'published' && !existing.isDemo)
    refuse(
      'conflict',
      `Nothing was imported: the issue of ${issue.date} (${file}) is ${existing.status === 'scheduled' ? 'scheduled' : 'a draft'} in the admin, and an import would publish it at once. Edit and publish it there, or import the file with another date.`,
      'files',
    );

  let issueId: number;
  let result: ImportOutcome['result'] = 'unchanged';
  // A new issue, or one published only now, changes which issue is newest and its neighbours' next and previous.
  const datesChanged = existing?.status !== 'published';
  if (!existing) {
    const [created] = await tx
      .insert(issues)
      .values({ date: issue.date, status: 'published', publishedAt: new Date(`${issue.date}T00:00:00Z`) })
      .returning({ id: issues.id });
    issueId = created!.id;
    result = 'created';
  } else {
    issueId = existing.id;
    if (existing.status !== 'published' || existing.isDemo) {
      await tx
        .update(issues)
        .set({ status: 'published', isDemo: false, publishedAt: sql`coalesce(${issues.publishedAt}, now())`, updatedAt: sql`now()` })
        .where(eq(issues.id, issueId));
      result = 'updated';
    }
  }

  const [{ publishedAt } = { publishedAt: null }] = await tx
    .select({ publishedAt: issues.publishedAt })
    .from(issues)
    .where(eq(issues.id, issueId));
  const stored = await tx
    .select({
      id: articles.id,
      slug: articles.slug,
      position: articles.position,
      title: articles.title,
      standfirst: articles.standfirst,
      body: articles.body,
      invitation: articles.invitation,
      authorId: articles.authorId,
      status: articles.status,
    })
    .from(articles)
    .where(eq(articles.issueId, issueId));
  const storedBySlug = new Map(stored.map((row) => [row.slug, row]));
  // The authors whose pages list an article this import adds, changes or takes away (all of them, if the issue is
  // published only now).
  const listedBy = new Set<number | null>(datesChanged ? authorIds.values() : []);

  for (const article of issue.articles) {
    const fields = {
      position: article.position,
      title: article.title,
      standfirst: article.standfirst,
      ...splitInvitation(article.body),
      authorId: authorIds.get(article.author.slug)!,
    };
    const current = storedBySlug.get(article.slug);
    storedBySlug.delete(article.slug);
    if (!current) {
      listedBy.add(fields.authorId);
      // A new article takes responses as the moderation settings say new articles do.
      const [created] = await tx
        .insert(articles)
        .values({
          ...fields,
          issueId,
          slug: article.slug,
          status: 'published',
          publishedAt,
          responsesMode: sql`coalesce((select default_responses_mode from moderation_settings where id = 1), 'open')`,
        })
        .returning(revised);
      await recordRevision(tx, created!);
      if (result === 'unchanged') result = 'updated';
    } else if (current.status === 'draft' || (Object.keys(fields) as (keyof typeof fields)[]).some((key) => current[key] !== fields[key])) {
      listedBy.add(current.authorId).add(fields.authorId);
      // A draft in the file is published with its issue; an article an editor unpublished stays so.
      const [changed] = await tx
        .update(articles)
        .set({
          ...fields,
          ...(current.status === 'draft' ? { status: 'published' as const, publishedAt } : {}),
          version: sql`${articles.version} + 1`,
          updatedAt: sql`now()`,
        })
        .where(eq(articles.id, current.id))
        .returning(revised);
      await recordRevision(tx, changed!);
      if (result === 'unchanged') result = 'updated';
    }
  }
  // Articles the file no longer has.
  const gone = [...storedBySlug.values()].map((row) => row.id);
  storedBySlug.forEach((row) => listedBy.add(row.authorId));
  if (gone.length) {
    await refuseToDeleteWork(tx, file, issue.date, gone);
    await tx.delete(articles).where(and(eq(articles.issueId, issueId), inArray(articles.id, gone)));
    if (result === 'unchanged') result = 'updated';
  }
  const outcome = { file, date: issue.date, result, articles: issue.articles.length };
  if (result === 'unchanged') return { outcome, change: null };
  return { outcome, change: { issueId, authorIds: [...listedBy], datesChanged } };
}

/**
 * An import replaces an issue's articles with the file's, so an article not in the file under its address is
 * deleted. That is refused in words, with the whole import rolled back, when the article holds work the file does
 * not: readers' responses (which keep their article: the foreign key restricts, and failing on it was a bare server
 * error), or an editor's saves in the browser (its revisions and old addresses would go with it). Such an article
 * was renamed or added in the editor since the file was written.
 */
async function refuseToDeleteWork(tx: Tx, file: string, date: string, articleIds: number[]): Promise<void> {
  const holding = async (work: typeof responses | typeof articleRevisions, which = sql`true`) => {
    const rows = await tx
      .selectDistinct({ title: articles.title, slug: articles.slug })
      .from(articles)
      .innerJoin(work, and(eq(work.articleId, articles.id), which))
      .where(inArray(articles.id, articleIds));
    return new Map(rows.map((row) => [row.slug, row.title]));
  };
  const answered = await holding(responses);
  const edited = await holding(articleRevisions, sql`${articleRevisions.kind} <> 'import'`);
  const held = new Map([...answered, ...edited]);
  if (held.size === 0) return;
  const one = held.size === 1;
  const named = [...held]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([slug, title]) => `“${title}” (${slug})`)
    .join(', ');
  const them = one ? 'it' : 'them';
  const why = [answered.size > 0 && `readers have responded to ${them}`, edited.size > 0 && `editors have worked on ${them} here`]
    .filter(Boolean)
    .join(' and ');
  refuse(
    'conflict',
    `Nothing was imported: ${file} would take ${named} out of the issue of ${date}, but ${why}. An import replaces an issue’s articles with the file’s: put ${one ? 'that article' : 'those articles'} in the file under ${one ? 'its address' : 'their addresses'} on the site, or leave this issue out of the import.`,
    'files',
  );
}

/** The stored names of the authors with these addresses, by id. */
async function authorNames(tx: Tx, slugs: string[]): Promise<Map<number, string>> {
  if (slugs.length === 0) return new Map();
  const rows = await tx.select({ id: authors.id, name: authors.name }).from(authors).where(inArray(authors.slug, slugs));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Authors whose name the import changed, with the issues that show their byline (their other issues too). */
async function renamedAuthors(tx: Tx, before: Map<number, string>, after: Map<number, string>) {
  const renamed = [...before].filter(([id, name]) => after.has(id) && after.get(id) !== name).map(([id]) => id);
  if (renamed.length === 0) return [];
  const rows = await tx
    .selectDistinct({ authorId: articles.authorId, issueId: articles.issueId })
    .from(articles)
    .where(inArray(articles.authorId, renamed));
  return renamed.map((authorId): AuthorChange => ({
    authorId,
    issueIds: rows.filter((row) => row.authorId === authorId).map((row) => row.issueId),
  }));
}

/**
 * Writes parsed issues in the caller's transaction; `onProgress` hears after each issue. Says what each file did
 * and which cache tags the caller must announce on commit.
 */
export async function storeIssues(
  tx: Tx,
  sources: SourceIssue[],
  onProgress?: (done: number) => void,
): Promise<{ outcomes: ImportOutcome[]; tags: string[] }> {
  // One import at a time (the browser's and `npm run import` alike): two at once on PostgreSQL both found no issue
  // of a new date and both inserted it, and the second failed on the unique date with a bare server error.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('briefings:issue-import'))`);
  // An author's name is theirs across issues: renaming them in one file changes the byline on all their articles.
  const authorSlugs = [...new Set(sources.flatMap((source) => source.issue.articles.map((article) => article.author.slug)))];
  const namesBefore = await authorNames(tx, authorSlugs);
  const outcomes: ImportOutcome[] = [];
  const changes: IssueChange[] = [];
  for (const source of sources) {
    const { outcome, change } = await saveIssue(tx, source);
    outcomes.push(outcome);
    if (change) changes.push(change);
    onProgress?.(outcomes.length);
  }
  // An author whose every article this import took away (a corrected name, say) would otherwise keep an empty page.
  // Only those: an author an editor made in the admin, with no article yet or with a bio written, is theirs to keep.
  const leftBehind = [...new Set(changes.flatMap((change) => change.authorIds))].filter((id): id is number => id !== null);
  if (leftBehind.length) {
    await tx
      .delete(authors)
      .where(
        and(
          inArray(authors.id, leftBehind),
          eq(authors.bio, ''),
          notExists(tx.select({ id: articles.id }).from(articles).where(eq(articles.authorId, authors.id))),
        ),
      );
  }
  const renamed = await renamedAuthors(tx, namesBefore, await authorNames(tx, authorSlugs));
  return { outcomes, tags: tagsForImport({ issues: changes, renamedAuthors: renamed }) };
}

/** Writes parsed issues in one transaction of their own, announcing the changed tags on commit (the command line). */
export async function saveIssues(db: Db, sources: SourceIssue[], onProgress?: (done: number) => void): Promise<ImportOutcome[]> {
  return db.transaction(async (tx) => {
    const { outcomes, tags } = await storeIssues(tx, sources, onProgress);
    await announceChanged(tx, tags);
    return outcomes;
  });
}

/** Reads, checks and imports files or folders of files. */
export async function importIssueFiles(db: Db, paths: string[], onProgress?: (done: number, total: number) => void) {
  const sources = await readIssueFiles(await listIssueFiles(paths));
  return saveIssues(db, sources, (done) => onProgress?.(done, sources.length));
}
