import { eq, like, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { articles, authors } from '@/db/schema';
import { tagsForAuthorChange } from '@/lib/cache/tags';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import { SLUG_PATTERN, slugOrHash } from '@/lib/issues/slug';
import { BIDI_CONTROLS, hiddenIn, hiddenMessage } from '@/lib/text/invisible';
import { firstFreeSlug } from './free-slug';

/**
 * Authors as editors keep them: created from the issue editor's author picker or the authors page, and corrected
 * there (name, address, a short bio). An author's address is /authors/<slug>; once readers can follow it (the
 * author has a published article) it no longer changes, since nothing remembers an author's old addresses.
 */

export const AUTHOR_NAME_MAX = 120;
export const AUTHOR_BIO_MAX = 2000;

/** The name as stored: NFC, trimmed, one space between words; refused when empty or too long. */
function checkedName(raw: string): string {
  const name = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (name === '') refuse('invalid', 'Please enter the author’s name.', 'name');
  // A byline is read beside every article: nothing in it may make it read as someone else's.
  const hidden = hiddenIn(name);
  if (hidden) refuse('invalid', hiddenMessage(hidden, 'The name'), 'name');
  const length = [...name].length;
  if (length > AUTHOR_NAME_MAX) refuse('invalid', `The name is ${length} characters long; the limit is ${AUTHOR_NAME_MAX}.`, 'name');
  return name;
}

function checkedBio(raw: string | undefined): string {
  const bio = (raw ?? '').normalize('NFC').replace(/\r\n?/g, '\n').trim();
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.test(bio) || BIDI_CONTROLS.test(bio))
    refuse('invalid', 'The bio may not contain control characters or direction overrides (such as U+202E).', 'bio');
  const length = [...bio].length;
  if (length > AUTHOR_BIO_MAX) refuse('invalid', `The bio is ${length} characters long; the limit is ${AUTHOR_BIO_MAX}.`, 'bio');
  return bio;
}

/** The slugs already taken among `base` and `base-<n>`, locked against a second author taking one meanwhile. */
async function takenSlugs(tx: Tx, base: string): Promise<Set<string>> {
  // One author at a time picks a new address, so that two made at once from the same name do not collide.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('briefings:author-slug'))`);
  const rows = await tx
    .select({ slug: authors.slug })
    .from(authors)
    .where(or(eq(authors.slug, base), like(authors.slug, `${base}-%`)));
  return new Set(rows.map((row) => row.slug));
}

/**
 * Whether readers can reach the author's page: one of their articles is, or was, on the site (published or
 * unpublished, or in a published issue). As SQL, for the command here and the authors page alike.
 */
export function authorHasPublished(authorId: SQLWrapper | number): SQL<boolean> {
  // Aliased and qualified throughout: drizzle writes a single table's columns unqualified, which here would be ambiguous.
  return sql<boolean>`exists (select 1 from articles a join issues i on i.id = a.issue_id
    where a.author_id = ${authorId} and (a.status <> 'draft' or a.published_at is not null or i.status = 'published'))`;
}

/** The author row's own id, qualified, for authorHasPublished inside a query on authors. */
export const AUTHOR_ID = sql`${sql.identifier('authors')}.${sql.identifier('id')}`;

async function hasPublishedArticles(tx: Tx, authorId: number): Promise<boolean> {
  const [row] = await tx
    .select({ published: authorHasPublished(authorId) })
    .from(authors)
    .where(eq(authors.id, authorId));
  return row?.published === true;
}

/** The issues with an article by this author: their pages show the byline. */
async function issuesOf(tx: Tx, authorId: number): Promise<number[]> {
  const rows = await tx.selectDistinct({ issueId: articles.issueId }).from(articles).where(eq(articles.authorId, authorId));
  return rows.map((row) => row.issueId);
}

/** A new author; their address comes from their name, with -2, -3… when another author has it already. */
export const createAuthor = command('edit-issues', async (write, input: { name: string; bio?: string }) => {
  const { tx } = write;
  const name = checkedName(input.name);
  const bio = checkedBio(input.bio);
  const base = slugOrHash(name, 'author');
  const slug = firstFreeSlug(base, await takenSlugs(tx, base));
  const [created] = await tx.insert(authors).values({ name, slug, bio }).returning({ id: authors.id, slug: authors.slug });
  await write.log({ action: 'author-create', target: { type: 'author', id: created!.id }, before: null, after: { name, slug, bio } });
  // Nothing shows a new author yet: no page, no byline.
  return created!;
});

export type AuthorUpdate = { authorId: number; name: string; slug: string; bio?: string };

/**
 * Corrects an author. The address may change only while no reader can have followed it: an author with a published
 * article keeps theirs. Saving what is already stored is refused, so that nothing is logged for nothing.
 */
export const updateAuthor = command('edit-issues', async (write, input: AuthorUpdate) => {
  const { tx } = write;
  const [before] = await tx
    .select({ name: authors.name, slug: authors.slug, bio: authors.bio })
    .from(authors)
    .where(eq(authors.id, input.authorId))
    .for('update');
  if (!before) refuse('not-found', 'There is no such author (any more).');
  const name = checkedName(input.name);
  const bio = checkedBio(input.bio);
  const slug = input.slug.trim().toLowerCase();
  if (slug !== before.slug) {
    if (!SLUG_PATTERN.test(slug))
      refuse(
        'invalid',
        'The address may hold only lower-case letters a–z, digits and single hyphens between them, as in jane-doe-2.',
        'slug',
      );
    if (await hasPublishedArticles(tx, input.authorId))
      refuse(
        'conflict',
        `This author has published articles, so readers may have links to /authors/${before.slug}: their address can no longer change.`,
        'slug',
      );
    const [other] = await tx.select({ name: authors.name }).from(authors).where(eq(authors.slug, slug));
    if (other) refuse('conflict', `The address /authors/${slug} belongs to ${other.name} already.`, 'slug');
  }
  const after = { name, slug, bio };
  const changed = (Object.keys(after) as (keyof typeof after)[]).filter((key) => after[key] !== before[key]);
  if (changed.length === 0) refuse('conflict', 'Nothing to change: the author is already as given.');
  await tx
    .update(authors)
    .set({ ...after, updatedAt: new Date() })
    .where(eq(authors.id, input.authorId));
  await write.log({
    action: 'author-update',
    target: { type: 'author', id: input.authorId },
    before: Object.fromEntries(changed.map((key) => [key, before[key]])),
    after: Object.fromEntries(changed.map((key) => [key, after[key]])),
  });
  write.expire(tagsForAuthorChange({ authorId: input.authorId, issueIds: await issuesOf(tx, input.authorId) }));
  return { slug };
});
