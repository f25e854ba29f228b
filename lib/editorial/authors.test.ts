import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { articles, authors, issues } from '@/db/schema';
import { COMMAND_LINE } from '@/lib/commands/actor';
import { run } from '@/test/commands';
import { editorialSnapshot } from '@/test/editorial';
import { lastLogId, logSince } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { expectRefusal } from '@/test/refused';
import { AUTHOR_BIO_MAX, AUTHOR_NAME_MAX, createAuthor, updateAuthor } from './authors';

// Creating and correcting authors (the author picker and /admin/authors share these commands).

const { db, site } = withRealIssue();

let names = 0;
/** A name no other test uses. */
const freshName = (stem = 'Ada Lovelace') => `${stem} ${String.fromCharCode(97 + (names++ % 26))}${names}`;

async function authorRow(id: number) {
  const [row] = await db().select().from(authors).where(eq(authors.id, id));
  return row!;
}

const unchanged = () => editorialSnapshot(db());

describe('creating an author', () => {
  it('gives them an address from their name, and logs it', async () => {
    const logId = await lastLogId(db());

    const { output, tags } = await run(createAuthor, COMMAND_LINE, { name: '  Zoë   Ångström-Brontë ', bio: 'Writes on energy.' });

    expect(output.slug).toBe('zoe-angstrom-bronte');
    expect(await authorRow(output.id)).toMatchObject({
      name: 'Zoë Ångström-Brontë',
      slug: 'zoe-angstrom-bronte',
      bio: 'Writes on energy.',
    });
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        action: 'author-create',
        targetType: 'author',
        targetId: String(output.id),
        actorName: 'command line',
        before: null,
        after: { name: 'Zoë Ångström-Brontë', slug: 'zoe-angstrom-bronte', bio: 'Writes on energy.' },
      }),
    ]);
    // Nothing on the site shows an author with no articles.
    expect(tags).toEqual([]);
  });

  it('numbers the address when another author has it: -2, then -3', async () => {
    const made = [];
    for (let n = 0; n < 3; n++) made.push((await run(createAuthor, COMMAND_LINE, { name: 'Grace Hopper' })).output.slug);
    expect(made).toEqual(['grace-hopper', 'grace-hopper-2', 'grace-hopper-3']);
  });

  it('gives a name without Latin letters an address all the same', async () => {
    const { output } = await run(createAuthor, COMMAND_LINE, { name: '李白' });
    expect(output.slug).toMatch(/^author-[0-9a-f]{8}$/);
  });

  it.each([
    ['an empty name', { name: '   ' }, 'Please enter the author’s name.', 'name'],
    ['a name over the limit', { name: 'n'.repeat(AUTHOR_NAME_MAX + 1) }, 'The name is 121 characters long; the limit is 120.', 'name'],
    [
      'a name with a direction override',
      { name: 'Ada \u202Eecalevol' },
      expect.stringMatching(/^The name may not contain direction/),
      'name',
    ],
    [
      'a bio over the limit',
      { name: 'Bio Long', bio: 'b'.repeat(AUTHOR_BIO_MAX + 1) },
      'The bio is 2001 characters long; the limit is 2000.',
      'bio',
    ],
  ])('refuses %s, storing nothing', async (_what, input, message, field) => {
    await expectRefusal(() => run(createAuthor, COMMAND_LINE, input), { code: 'invalid', message, field }, { unchanged, logOf: db() });
  });

  it('takes a name of exactly the limit', async () => {
    const name = `${'n'.repeat(AUTHOR_NAME_MAX - 3)} ${names++}`.slice(0, AUTHOR_NAME_MAX);
    const { output } = await run(createAuthor, COMMAND_LINE, { name });
    expect((await authorRow(output.id)).name).toBe(name);
  });
});

describe('correcting an author', () => {
  const newAuthor = async (name = freshName()) => (await run(createAuthor, COMMAND_LINE, { name })).output;

  it('changes the name, address and bio of an author nobody can read yet, logging before → after', async () => {
    const author = await newAuthor('Mary Somerville');
    const logId = await lastLogId(db());

    const { output, tags } = await run(updateAuthor, COMMAND_LINE, {
      authorId: author.id,
      name: 'Mary Fairfax Somerville',
      slug: 'mary-somerville-fairfax',
      bio: 'Polymath.',
    });

    expect(output).toEqual({ slug: 'mary-somerville-fairfax' });
    expect(await authorRow(author.id)).toMatchObject({
      name: 'Mary Fairfax Somerville',
      slug: 'mary-somerville-fairfax',
      bio: 'Polymath.',
    });
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        action: 'author-update',
        targetType: 'author',
        targetId: String(author.id),
        before: { name: 'Mary Somerville', slug: author.slug, bio: '' },
        after: { name: 'Mary Fairfax Somerville', slug: 'mary-somerville-fairfax', bio: 'Polymath.' },
      }),
    ]);
    expect(tags).toEqual([`author:${author.id}`, 'archive', 'feed'].sort());
  });

  it('logs only what changed', async () => {
    const author = await newAuthor();
    const logId = await lastLogId(db());
    await run(updateAuthor, COMMAND_LINE, { authorId: author.id, name: 'Renamed Only', slug: author.slug, bio: '' });
    const [entry] = await logSince(db(), logId);
    expect(entry).toMatchObject({ before: { name: expect.any(String) }, after: { name: 'Renamed Only' } });
    expect(Object.keys(entry!.after as object)).toEqual(['name']);
  });

  it('renames a published author: every page with their byline is expired, their address stays', async () => {
    const before = await authorRow(site().authorId);

    const { tags } = await run(updateAuthor, COMMAND_LINE, {
      authorId: site().authorId,
      name: `${before.name} Jr`,
      slug: before.slug,
      bio: before.bio,
    });

    expect(tags).toEqual([`author:${site().authorId}`, `issue:${site().issueId}`, 'archive', 'feed'].sort());
    await run(updateAuthor, COMMAND_LINE, { authorId: site().authorId, name: before.name, slug: before.slug, bio: before.bio });
  });

  it('refuses to move the address of an author with a published article, saying why', async () => {
    const author = await authorRow(site().authorId);
    await expectRefusal(
      () => run(updateAuthor, COMMAND_LINE, { authorId: author.id, name: author.name, slug: 'someone-else', bio: author.bio }),
      {
        code: 'conflict',
        message: `This author has published articles, so readers may have links to /authors/${author.slug}: their address can no longer change.`,
        field: 'slug',
      },
      { unchanged, logOf: db() },
    );
  });

  it('lets the address of an author with draft articles only change', async () => {
    const author = await newAuthor();
    const [draftIssue] = await db().insert(issues).values({ date: '2031-01-01' }).returning({ id: issues.id });
    await db()
      .insert(articles)
      .values({ issueId: draftIssue!.id, position: 1, slug: 'a-draft', title: 'A draft', standfirst: '', body: '', authorId: author.id });

    const { output, tags } = await run(updateAuthor, COMMAND_LINE, {
      authorId: author.id,
      name: 'Draft Writer',
      slug: 'draft-writer',
      bio: '',
    });

    expect(output.slug).toBe('draft-writer');
    expect(tags).toContain(`issue:${draftIssue!.id}`);
  });

  it('refuses an address another author has', async () => {
    const [first, second] = [await newAuthor(), await newAuthor()];
    await expectRefusal(
      () => run(updateAuthor, COMMAND_LINE, { authorId: second!.id, name: 'Second', slug: first!.slug, bio: '' }),
      {
        code: 'conflict',
        message: expect.stringMatching(new RegExp(`^The address /authors/${first!.slug} belongs to .+ already\\.$`)),
        field: 'slug',
      },
      { unchanged, logOf: db() },
    );
  });

  it.each(['Upper Case', 'double--hyphen', '-leading', 'ünïcode', ''])('refuses the address “%s”', async (slug) => {
    const author = await newAuthor();
    await expectRefusal(
      () => run(updateAuthor, COMMAND_LINE, { authorId: author.id, name: 'Someone', slug, bio: '' }),
      { code: 'invalid', message: expect.stringMatching(/^The address may hold only lower-case letters/), field: 'slug' },
      { unchanged, logOf: db() },
    );
  });

  it('refuses a save that changes nothing, and an author that is not there', async () => {
    const author = await newAuthor('Same Again');
    await expectRefusal(
      () => run(updateAuthor, COMMAND_LINE, { authorId: author.id, name: ' Same  Again ', slug: author.slug, bio: '' }),
      { code: 'conflict', message: 'Nothing to change: the author is already as given.' },
      { unchanged, logOf: db() },
    );
    await expectRefusal(
      () => run(updateAuthor, COMMAND_LINE, { authorId: 999_999, name: 'Nobody', slug: 'nobody', bio: '' }),
      { code: 'not-found', message: 'There is no such author (any more).' },
      { unchanged, logOf: db() },
    );
  });
});
