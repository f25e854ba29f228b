import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { users, type UserRole } from '@/db/schema';
import { EMAIL_ERRORS } from '@/lib/accounts/email-address';
import { insertPerson, insertResponse, lastLogId, logSince } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { actorOf, COMMAND_LINE, type Actor } from '@/lib/commands/actor';
import { Refusal } from '@/lib/commands/refusal';
import { run } from '@/test/commands';
import { changeRole } from './roles';

/** Role changes as `npm run staff` and the people page make them, against a real (fresh, migrated) database. */

// The fixtures read people as the session does; Auth.js itself is not run.
vi.mock('@/lib/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn(async () => undefined), handlers: {} }));

const { db, site } = withRealIssue();

const change = async (actor: Actor, email: string, role: UserRole) => {
  const { output, tags } = await run(changeRole, actor, { email, role });
  return { ...output, tags };
};

const usersWith = (email: string) => db().select().from(users).where(eq(users.email, email));

describe('changeRole', () => {
  it('creates the account for an address nobody has yet, with the role, logged as the command line', async () => {
    const logId = await lastLogId(db());

    const result = await change(COMMAND_LINE, '  Ops.Moderator@Example.org ', 'moderator');

    expect(result).toEqual({ tags: [], email: 'ops.moderator@example.org' });
    const created = await usersWith('ops.moderator@example.org');
    expect(created).toEqual([expect.objectContaining({ role: 'moderator', displayName: null, banned: false })]);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        actorId: null,
        actorName: 'command line',
        action: 'role',
        targetType: 'user',
        targetId: created[0]!.id,
        subjectId: created[0]!.id,
        before: { role: null },
        after: { role: 'moderator' },
      }),
    ]);
  });

  it('changes an existing account’s role and names the articles where its responses show', async () => {
    const reader = await insertPerson(db());
    await insertResponse(db(), { articleId: site().articleId, authorId: reader.id });
    await insertResponse(db(), { articleId: site().articleId, authorId: reader.id, status: 'pending' });
    const logId = await lastLogId(db());

    const result = await change(COMMAND_LINE, reader.email, 'editor');

    expect(result).toEqual({ tags: [`responses:${site().articleId}`], email: reader.email });
    expect(await usersWith(reader.email)).toEqual([expect.objectContaining({ id: reader.id, role: 'editor' })]);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({ actorName: 'command line', before: { role: 'reader' }, after: { role: 'editor' } }),
    ]);
  });

  it('revokes a role (back to reader), and refuses (changing nothing) when the role is already that', async () => {
    const moderator = await insertPerson(db(), 'moderator');

    expect(await change(COMMAND_LINE, moderator.email, 'reader')).toMatchObject({ email: moderator.email });
    const logId = await lastLogId(db());
    await expect(change(COMMAND_LINE, moderator.email, 'reader')).rejects.toThrow(
      new Refusal('conflict', `${moderator.email} is already a reader.`, 'email'),
    );

    expect(await usersWith(moderator.email)).toEqual([expect.objectContaining({ role: 'reader' })]);
    expect(await logSince(db(), logId)).toEqual([]);
  });

  it('refuses to revoke the role of an address nobody has, creating nothing', async () => {
    const logId = await lastLogId(db());

    await expect(change(COMMAND_LINE, 'nobody@example.org', 'reader')).rejects.toThrow(
      new Refusal('not-found', 'No account has the address nobody@example.org.', 'email'),
    );

    expect(await usersWith('nobody@example.org')).toEqual([]);
    expect(await logSince(db(), logId)).toEqual([]);
  });

  it.each([
    ['not-an-address', EMAIL_ERRORS.noAt],
    ['two@at@example.org', EMAIL_ERRORS.manyAts],
    [`${'a'.repeat(250)}@example.org`, EMAIL_ERRORS.localPartTooLong],
    ['\u0430dmin@example.org', EMAIL_ERRORS.mixedScripts],
    ['admin@ex\u0430mple.org', EMAIL_ERRORS.mixedScripts],
    ['ad\u200bmin@example.org', EMAIL_ERRORS.invisible],
  ])('refuses “%s” as an address, creating nothing', async (email, message) => {
    const logId = await lastLogId(db());

    await expect(change(COMMAND_LINE, email, 'moderator')).rejects.toThrow(new Refusal('invalid', message, 'email'));

    expect(await usersWith(email.trim().toLowerCase())).toEqual([]);
    expect(await logSince(db(), logId)).toEqual([]);
  });

  it('gives the role to the address as sign-in stores it: fullwidth folded, the IDN domain in its xn-- form', async () => {
    const reader = await insertPerson(db(), 'reader', { email: 'editor@xn--bcher-kva.example' });

    const result = await change(COMMAND_LINE, 'ＥＤＩＴＯＲ@Bücher.example', 'editor');

    expect(result).toMatchObject({ email: 'editor@xn--bcher-kva.example' });
    expect(await usersWith('editor@xn--bcher-kva.example')).toEqual([expect.objectContaining({ id: reader.id, role: 'editor' })]);
    expect(await usersWith('editor@bücher.example')).toEqual([]);
  });

  it('lets a look-alike account stored before the rules be made a reader again, but never be given a role', async () => {
    const lookalike = await insertPerson(db(), 'admin', { email: '\u0430dmin@example.org' });

    await expect(change(COMMAND_LINE, lookalike.email, 'editor')).rejects.toThrow(
      new Refusal('invalid', EMAIL_ERRORS.mixedScripts, 'email'),
    );
    expect(await usersWith(lookalike.email)).toEqual([expect.objectContaining({ role: 'admin' })]);

    expect(await change(COMMAND_LINE, ` ${lookalike.email} `, 'reader')).toMatchObject({ email: lookalike.email });
    expect(await usersWith(lookalike.email)).toEqual([expect.objectContaining({ role: 'reader' })]);
  });

  it('is refused to anyone without the permission to manage people, changing nothing', async () => {
    const target = await insertPerson(db());
    for (const role of ['reader', 'moderator', 'editor'] as const) {
      const actor = actorOf(await insertPerson(db(), role));
      await expect(change(actor, target.email, 'moderator')).rejects.toThrow(new Refusal('not-allowed', 'You are not allowed to do that.'));
    }
    expect(await usersWith(target.email)).toEqual([expect.objectContaining({ role: 'reader' })]);
  });

  it('refuses a change of one’s own role, but lets the command line change anyone’s', async () => {
    const admin = await insertPerson(db(), 'admin');

    await expect(change(actorOf(admin), admin.email, 'reader')).rejects.toThrow('You cannot change your own role; ask another admin.');
    expect(await usersWith(admin.email)).toEqual([expect.objectContaining({ role: 'admin' })]);

    await change(COMMAND_LINE, admin.email, 'moderator');
    expect(await usersWith(admin.email)).toEqual([expect.objectContaining({ role: 'moderator' })]);
  });
});
