import fs from 'node:fs';
import { eq, getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db/client';
import * as schema from '@/db/schema';
import { userRoles, users, type UserRole } from '@/db/schema';
import { accessOf, type ActionAccess, type FormState } from '@/lib/actions/guard';
import { currentUser, sanctionMessage } from '@/lib/auth/session';
import { actorOf } from '@/lib/commands/actor';
import { execute, isCommand } from '@/lib/commands/execute';
import { Refusal } from '@/lib/commands/refusal';
import { aRole } from '@/lib/moderation/access';
import { STAFF_PAGES, staffPageStatus, staffViewer, type StaffPage } from '@/lib/moderation/staff-page';
import { ACTION_CASES, QUERY_CASES, prepareQueryFixture, type Outcome, type QueryFixture } from '@/test/authorisation-cases';
import { insertPerson, makeCaller, readUser, signInAs, useSettings, type Caller } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { importSource, isServerModule, pageRoutes, readSource, serverDirectives, sourceFiles } from '@/test/project-files';
import { RedirectError } from '@/test/redirect';
import { NotAllowedError, PERMISSIONS, ROLE_PERMISSIONS, type Permission } from './permissions';
import { permissionOfQuery } from './staff-query';

/**
 * Who may do what, everywhere: every server action, command, staff query and staff page, called by everyone there
 * is, against a real (fresh, migrated) database. What each caller should get is not written here: it is worked out
 * from the one table in lib/auth/permissions.ts and what each thing declares it needs (guarded's access, a
 * command's permission, STAFF_PAGES, staffQuery). The things themselves are found by reading the project, so a new
 * one cannot be left out. Only Next's request machinery is replaced: who is signed in, redirects, `after`.
 */

vi.mock('next/navigation', () => import('@/test/request').then((mocks) => mocks.navigation()));
vi.mock('next/headers', () => import('@/test/request').then((mocks) => mocks.headers()));
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));
vi.mock('@/lib/auth/session', (importActual) => import('@/test/request').then((mocks) => mocks.session(importActual)));
vi.mock('@/lib/mail/send', () => import('@/test/request').then((mocks) => mocks.mail()));

process.env.SITE_URL = 'http://localhost:3000';
process.env.AUTH_SECRET ??= 'a-test-secret-that-is-long-enough-to-sign-with'; // signs the subscribe forms' stamps and links

/** Permissions for work not built yet: nothing may use them, and each must be taken off this list once something does. */
const RESERVED = new Set<Permission>([]);

const CALLERS = ['signed out', 'reader', 'suspended reader', 'banned reader', 'moderator', 'editor', 'admin'] as const satisfies Caller[];
type SignedIn = Exclude<(typeof CALLERS)[number], 'signed out'>;
const ROLE_OF: Record<SignedIn, UserRole> = {
  reader: 'reader',
  'suspended reader': 'reader',
  'banned reader': 'reader',
  moderator: 'moderator',
  editor: 'editor',
  admin: 'admin',
};
const SANCTIONED: ReadonlySet<Caller> = new Set(['suspended reader', 'banned reader']);

function hasPermission(caller: Caller, permission: Permission): boolean {
  return caller !== 'signed out' && ROLE_PERMISSIONS[ROLE_OF[caller]].includes(permission);
}

// ---- What there is, found by reading the project. ----

const serverModules = sourceFiles().filter((file) => isServerModule(readSource(file)));
const SERVER_ACTIONS = (
  await Promise.all(
    serverModules.map(async (file) => Object.entries(await importSource(file)).map(([name, action]) => ({ file, name, action }))),
  )
).flat();

/** The exports of lib/ modules that call `maker`, with what `recognise` makes of each (kept when it is something). */
async function exportsMadeBy<T>(maker: string, recognise: (value: unknown) => T | undefined) {
  const calls = new RegExp(`\\b${maker}(<[^>]*>)?\\(`);
  const found: { file: string; name: string; made: T }[] = [];
  for (const file of sourceFiles('lib').filter((file) => calls.test(readSource(file)))) {
    for (const [name, value] of Object.entries(await importSource(file))) {
      const made = recognise(value);
      if (made !== undefined) found.push({ file, name, made });
    }
  }
  return found;
}

const COMMANDS = await exportsMadeBy('command', (value) => (isCommand(value) ? value : undefined));
const STAFF_QUERIES = await exportsMadeBy('staffQuery', permissionOfQuery);

// ---- What each caller should get. ----

/** sign in: sent to sign in; not allowed / sanctioned: refused, saying so; done: the action did its work. */
type Expected = 'sign in' | 'not allowed' | 'sanctioned' | 'done';

/** The rules `guarded` applies, in its order: signed in at all, then the permission, then a sanction. */
function expectedOfAction({ access, allowSuspended }: ActionAccess, caller: Caller): Expected {
  if (caller === 'signed out') return access === 'anyone' ? 'done' : 'sign in';
  if (access !== 'anyone' && access !== 'signed-in' && !hasPermission(caller, access)) return 'not allowed';
  if (SANCTIONED.has(caller) && !allowSuspended) return 'sanctioned';
  return 'done';
}

function expectedOfPage(permission: Permission, caller: Caller): 'sign in' | 'forbidden' | 'shown' {
  if (caller === 'signed out') return 'sign in';
  return hasPermission(caller, permission) ? 'shown' : 'forbidden';
}

const ALL_TABLES: PgTable[] = (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));

/** Every row of every table, in a stable order: compare two to prove that nothing changed anywhere. */
async function everyRow(db: Db): Promise<Record<string, unknown[]>> {
  const rows: Record<string, unknown[]> = {};
  for (const table of ALL_TABLES) {
    const all: unknown[] = await db.select().from(table);
    rows[getTableName(table)] = all.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return rows;
}

async function outcomeOf(promise: Promise<FormState>): Promise<Outcome> {
  try {
    return { state: await promise };
  } catch (error) {
    if (error instanceof RedirectError) return { redirect: error.url };
    throw error;
  }
}

// ---- The matrix. ----

const { db, site } = withRealIssue();

beforeEach(async () => {
  vi.mocked(currentUser).mockReset();
  await useSettings(db());
});

function describeAccess({ access, allowSuspended }: ActionAccess): string {
  return `${access}${allowSuspended ? ', sanctioned readers too' : ''}`;
}

const ACTION_ROWS = SERVER_ACTIONS.filter(({ name, action }) => accessOf(action) && ACTION_CASES[name]).map(
  ({ name, action }) => [name, describeAccess(accessOf(action)!), action] as const,
);

describe.each(ACTION_ROWS)('%s (%s)', (name, _access, action) => {
  const access = accessOf(action)!;
  const call = action as (previous: FormState | undefined, formData: FormData) => Promise<FormState>;

  it.each(CALLERS.map((caller) => [caller, expectedOfAction(access, caller)] as const))('%s → %s', async (caller, expected) => {
    const user = await makeCaller(db(), caller);
    const { form, done } = await ACTION_CASES[name]!({ db: db(), site: site() }, user);
    signInAs(db(), user);
    const before = await everyRow(db());

    const outcome = await outcomeOf(call(undefined, form));

    if (expected === 'done') return done(outcome);
    if (expected === 'sign in') expect(outcome).toEqual({ redirect: expect.stringMatching(/^\/signin\?callbackUrl=/) });
    else {
      const message = expected === 'sanctioned' ? sanctionMessage(user!) : 'You are not allowed to do that.';
      expect(outcome).toEqual({ state: expect.objectContaining({ status: 'error', message }) });
    }
    expect(await everyRow(db())).toEqual(before);
  });
});

describe('staff queries', () => {
  let fixture: QueryFixture;

  beforeAll(async () => {
    fixture = await prepareQueryFixture({ db: db(), site: site() });
  });

  const rows = STAFF_QUERIES.filter(({ name }) => QUERY_CASES[name]).map(({ name, made }) => [name, made] as const);

  describe.each(rows)('%s (%s)', (name, permission) => {
    const { run, check } = QUERY_CASES[name]!;

    it.each(CALLERS.map((caller) => [caller, hasPermission(caller, permission) ? 'reads' : 'not allowed'] as const))(
      '%s → %s',
      async (caller, expected) => {
        const viewer = await makeCaller(db(), caller);

        if (expected === 'reads') check(await run(viewer, fixture), fixture, viewer!);
        else await expect(run(viewer, fixture)).rejects.toBeInstanceOf(NotAllowedError);
      },
    );
  });

  it('are refused to a moderator whose role was taken away since the page loaded', async () => {
    const moderator = await insertPerson(db(), 'moderator');
    await db().update(users).set({ role: 'reader' }).where(eq(users.id, moderator.id));

    await expect(QUERY_CASES.readQueueCounts!.run(await readUser(db(), moderator.id), fixture)).rejects.toBeInstanceOf(NotAllowedError);
  });
});

/** An address each staff page answers at: a page with a parameter is asked about one real value of it. */
const SAMPLE_SEGMENTS: Record<string, string> = { '[date]': '2010-09-15', '[id]': '1' };
function addressOf(page: StaffPage): string {
  return page.replace(/\[[^\]/]+\]/g, (segment) => {
    if (!SAMPLE_SEGMENTS[segment]) throw new Error(`the matrix needs a sample for ${segment}`);
    return SAMPLE_SEGMENTS[segment];
  });
}

describe.each(Object.entries(STAFF_PAGES) as [StaffPage, Permission][])('the page %s (%s)', (page, permission) => {
  const address = addressOf(page);

  it.each(CALLERS.map((caller) => [caller, expectedOfPage(permission, caller)] as const))('%s → %s', async (caller, expected) => {
    const user = await makeCaller(db(), caller);
    signInAs(db(), user);

    if (expected === 'sign in') {
      await expect(staffViewer(page, address)).rejects.toMatchObject({ url: `/signin?callbackUrl=${encodeURIComponent(address)}` });
      expect(await staffPageStatus(address)).toBeNull();
    } else if (expected === 'forbidden') {
      expect(await staffViewer(page, address)).toBeNull();
      expect(await staffPageStatus(address)).toBe(403);
    } else {
      expect(await staffViewer(page, address)).toMatchObject({ id: user!.id });
      expect(await staffPageStatus(address)).toBeNull();
    }
  });
});

describe('a staff page with a parameter', () => {
  it('is found by its address, one segment per parameter, and nothing longer or shorter', async () => {
    signInAs(db(), await makeCaller(db(), 'moderator'));
    expect(await staffPageStatus('/admin/issues/2099-01-01/send')).toBe(403);
    expect(await staffPageStatus('/admin/issues/anything/send')).toBe(403);
    for (const address of [
      '/admin/issues/2010-09-15/send/more',
      '/admin/issues/a/b/send',
      '/admin/issues//send',
      '/admin/issues/[date]/sendx',
    ])
      expect(await staffPageStatus(address), address).toBeNull();
  });
});

describe('a staff page about one issue, article or author', () => {
  it('answers 404 to a viewer allowed the page when the thing is not there, and 403 to one who is not', async () => {
    const missing = ['/admin/issues/2099-01-01', '/admin/issues/2099-01-01/send', '/admin/issues/not-a-date/publish'];
    missing.push('/admin/articles/999999', '/admin/articles/0/revisions', '/admin/authors/999999');
    signInAs(db(), await makeCaller(db(), 'admin'));
    for (const address of missing) expect(await staffPageStatus(address), address).toBe(404);
    signInAs(db(), await makeCaller(db(), 'moderator'));
    for (const address of missing) expect(await staffPageStatus(address), address).toBe(403);
  });
});

const COMMAND_ROWS = COMMANDS.filter(({ made }) => made.permission !== null).map(
  ({ name, made }) => [name, made.permission!, made] as const,
);

describe.each(COMMAND_ROWS)('the command %s (%s)', (_name, permission, command) => {
  const without = userRoles.filter((role) => !ROLE_PERMISSIONS[role].includes(permission)).map((role) => [aRole(role), role] as const);

  it.each(without)('is refused to %s, changing nothing', async (_someone, role) => {
    const actor = actorOf(await insertPerson(db(), role));
    const before = await everyRow(db());

    // The input does not matter: the permission is checked before the command looks at it.
    const refusal = await execute(command, actor, {}).then(
      () => null,
      (error: unknown) => error,
    );

    expect(refusal).toBeInstanceOf(Refusal);
    expect(refusal).toMatchObject({ code: 'not-allowed' });
    expect(await everyRow(db())).toEqual(before);
  });
});

// ---- The matrix covers everything. ----

describe('the matrix', () => {
  it('has a case for every export of every server module, each built with guarded', () => {
    expect(serverModules).toContain('lib/moderation/actions.ts');
    for (const { file, name, action } of SERVER_ACTIONS)
      expect(accessOf(action), `${file}: ${name} is not built with guarded`).toBeDefined();
    const names = SERVER_ACTIONS.map(({ name }) => name);
    expect(new Set(names).size, 'two server actions share a name').toBe(names.length);
    expect(Object.keys(ACTION_CASES).sort()).toEqual(names.sort());
  });

  it('finds every server action: the directive is only ever at the top of a module', () => {
    for (const file of sourceFiles()) {
      const source = readSource(file);
      expect(serverDirectives(source), `${file}: 'use server' belongs only at the top of a module of guarded actions`).toBe(
        isServerModule(source) ? 1 : 0,
      );
    }
  });

  it('has a case for every staff query, and every read… export beside them is one', async () => {
    expect(Object.keys(QUERY_CASES).sort()).toEqual(STAFF_QUERIES.map(({ name }) => name).sort());
    for (const file of new Set(STAFF_QUERIES.map(({ file }) => file))) {
      for (const [name, value] of Object.entries(await importSource(file))) {
        if (name.startsWith('read') && typeof value === 'function')
          expect(permissionOfQuery(value), `${file}: ${name} is not a staffQuery`).toBeDefined();
      }
    }
  });

  it('has every staff page, each asking staffViewer for its own entry', () => {
    const pages = pageRoutes('app/(staff)');
    expect(pages.map(({ route }) => route).sort()).toEqual(Object.keys(STAFF_PAGES).sort());
    // An article's pages ask through openArticle, which passes the route it is given on to staffViewer.
    expect(readSource('app/(staff)/admin/articles/[id]/open-article.ts')).toContain('staffViewer(page,');
    for (const { file, route } of pages) {
      const source = readSource(file);
      expect(source.includes(`staffViewer('${route}'`) || source.includes(`openArticle('${route}'`), file).toBe(true);
    }
  });

  it('finds the commands', () => {
    expect(COMMANDS.map(({ name }) => name)).toEqual(expect.arrayContaining(['changeRole', 'changeSettings']));
  });

  it('calls as every role there is', () => {
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...userRoles].sort());
    expect([...new Set(Object.values(ROLE_OF))].sort()).toEqual([...userRoles].sort());
  });

  it('uses every permission, except those reserved for work not built yet', () => {
    const uses = [
      ...SERVER_ACTIONS.map(({ file, name, action }) => ({ where: `${file}: ${name}`, permission: accessOf(action)?.access })),
      ...COMMANDS.map(({ file, name, made }) => ({ where: `${file}: ${name}`, permission: made.permission })),
      ...STAFF_QUERIES.map(({ file, name, made }) => ({ where: `${file}: ${name}`, permission: made })),
      ...Object.entries(STAFF_PAGES).map(([page, permission]) => ({ where: page, permission })),
    ];
    const used = new Set(uses.map(({ permission }) => permission));
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
      const places = uses.filter((use) => use.permission === permission).map(({ where }) => where);
      if (RESERVED.has(permission)) expect(places, `${permission} is used: take it off RESERVED`).toEqual([]);
      else expect(used.has(permission), `nothing uses ${permission}: use it, reserve it, or remove it`).toBe(true);
    }
  });

  it('is the table README.md shows', () => {
    const section = fs
      .readFileSync('README.md', 'utf8')
      .split('\n## ')
      .find((part) => part.startsWith('Moderating\n'))!;
    const lines = section.split('\n');
    const rows = lines.filter((line) => line.startsWith('| `'));
    const header = lines.find((line) => line.startsWith('| Permission'))!;
    const roles = header
      .split('|')
      .slice(3, -1)
      .map((cell) => cell.trim().toLowerCase() as UserRole);
    expect([...roles].sort()).toEqual(userRoles.filter((role) => ROLE_PERMISSIONS[role].length > 0).sort());
    const shown = rows.map((row) => {
      const [permission, description, ...marks] = row
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
      return { permission: permission!.replaceAll('`', ''), description, roles: roles.filter((_, index) => marks[index] === 'yes') };
    });
    expect(shown).toEqual(
      (Object.keys(PERMISSIONS) as Permission[]).map((permission) => ({
        permission,
        description: PERMISSIONS[permission],
        roles: roles.filter((role) => ROLE_PERMISSIONS[role].includes(permission)),
      })),
    );
  });
});
