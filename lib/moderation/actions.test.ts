import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { appeals, articles, moderationSettings, responses, users } from '@/db/schema';
import type { FormState } from '@/lib/actions/guard';
import { currentUser, type CurrentUser } from '@/lib/auth/session';
import { withFreshDatabase } from '@/test/database';
import {
  form,
  importRealIssue,
  insertAppeal,
  insertArticle,
  insertPerson,
  insertReports,
  insertResponse,
  lastLogId,
  logSince,
  makeCaller,
  readUser,
  signInAs,
  snapshot,
  useSettings,
  type Caller,
  type Site,
} from '@/test/moderation';
import { RedirectError } from '@/test/redirect';
import { NotAllowedError } from '@/lib/auth/permissions';
import * as staffActions from './actions';
import { approveResponse, bulkDecide, decideAppeal, featureResponse, rejectResponse, sanctionReader, setArticleMode } from './actions';
import * as adminActions from './admin-actions';
import { saveSettings, setRole } from './admin-actions';
import { writeLog } from './log';
import * as staffQueries from './queries';
import {
  readArticleModeration,
  readArticleChoices,
  readLog,
  readLogActors,
  readPeople,
  readQueue,
  readQueueCounts,
  readSettings,
} from './queries';
import { DEFAULT_SETTINGS } from './settings';

/**
 * Who may do what in moderation: every staff action and every staff query, called by everyone there is, against a
 * real (fresh, migrated) database. Only Next's request machinery is replaced: who is signed in, redirects, `after`.
 */

vi.mock('next/navigation', () => import('@/test/request').then((mocks) => mocks.navigation()));
vi.mock('next/headers', () => import('@/test/request').then((mocks) => mocks.headers()));
vi.mock('next/server', () => import('@/test/request').then((mocks) => mocks.server()));
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));
vi.mock('@/lib/auth/session', (importActual) => import('@/test/request').then((mocks) => mocks.session(importActual)));

process.env.SITE_URL = 'http://localhost:3000';

const { connection } = withFreshDatabase();
const db = () => connection().db;

let site: Site;

beforeAll(async () => {
  site = await importRealIssue(db());
});

beforeEach(async () => {
  vi.mocked(currentUser).mockReset();
  await useSettings(db());
});

/** What calling an action did: where it sent the caller, or what it returned. */
async function outcomeOf(promise: Promise<FormState>): Promise<{ redirect: string } | { state: FormState }> {
  try {
    return { state: await promise };
  } catch (error) {
    if (error instanceof RedirectError) return { redirect: error.url };
    throw error;
  }
}

const CALLERS = ['signed out', 'reader', 'suspended reader', 'banned reader', 'moderator', 'editor', 'admin'] as const satisfies Caller[];

/** sign in: sent to sign in; no: refused as not allowed; yes: done. */
type Expected = 'sign in' | 'no' | 'yes';

/** One row of a matrix: what happens to each caller, in the order of CALLERS. */
type Outcomes<E> = [signedOut: E, reader: E, suspendedReader: E, bannedReader: E, moderator: E, editor: E, admin: E];

type Action = (previous: FormState | undefined, formData: FormData) => Promise<FormState>;

/** An action, and how to set up one use of it: what it acts on (what the log will name) and the form asking for it. */
type ActionCase = {
  action: Action;
  prepare: () => Promise<{ form: FormData; targets: string[] }>;
  /** Where a successful call sends the caller back to. */
  returnsTo: RegExp;
  /** What a successful call changed, checked beyond the log. */
  verify: (targets: string[]) => Promise<void>;
};

const statusOf = async (id: string) =>
  (
    await db()
      .select()
      .from(responses)
      .where(eq(responses.id, Number(id)))
  )[0]!;

const ACTIONS = {
  approveResponse: {
    action: approveResponse,
    prepare: async () => {
      const id = await insertResponse(db(), {
        articleId: await insertArticle(db(), site),
        authorId: (await insertPerson(db())).id,
        status: 'pending',
      });
      return { form: form({ responseId: id, returnTo: '/moderation' }), targets: [String(id)] };
    },
    returnsTo: /^\/moderation\?done=approved#results$/,
    verify: async ([id]) => expect(await statusOf(id!)).toMatchObject({ status: 'published', heldFor: null }),
  },
  rejectResponse: {
    action: rejectResponse,
    prepare: async () => {
      const id = await insertResponse(db(), { articleId: await insertArticle(db(), site), authorId: (await insertPerson(db())).id });
      await insertReports(db(), id, 2);
      return { form: form({ responseId: id, reason: 'spam', returnTo: '/moderation' }), targets: [String(id)] };
    },
    returnsTo: /^\/moderation\?done=rejected#results$/,
    verify: async ([id]) => expect(await statusOf(id!)).toMatchObject({ status: 'rejected', rejectionReason: 'spam' }),
  },
  bulkDecide: {
    action: bulkDecide,
    prepare: async () => {
      const articleId = await insertArticle(db(), site);
      const ids = [
        await insertResponse(db(), { articleId, authorId: (await insertPerson(db())).id, status: 'pending' }),
        await insertResponse(db(), { articleId, authorId: (await insertPerson(db())).id, status: 'pending' }),
      ];
      return { form: form({ decision: 'approve', selected: ids, returnTo: '/moderation' }), targets: ids.map(String) };
    },
    returnsTo: /^\/moderation\?done=bulk-approved#results$/,
    verify: async (ids) => {
      for (const id of ids) expect(await statusOf(id)).toMatchObject({ status: 'published' });
    },
  },
  featureResponse: {
    action: featureResponse,
    prepare: async () => {
      const id = await insertResponse(db(), { articleId: await insertArticle(db(), site), authorId: (await insertPerson(db())).id });
      return { form: form({ responseId: id, featured: 'yes', returnTo: '/moderation' }), targets: [String(id)] };
    },
    returnsTo: /^\/moderation\?done=featured#results$/,
    verify: async ([id]) => expect(await statusOf(id!)).toMatchObject({ featured: true }),
  },
  decideAppeal: {
    action: decideAppeal,
    prepare: async () => {
      const id = await insertResponse(db(), {
        articleId: await insertArticle(db(), site),
        authorId: (await insertPerson(db())).id,
        status: 'rejected',
      });
      const appealId = await insertAppeal(db(), id);
      return { form: form({ appealId, outcome: 'overturned', returnTo: '/moderation' }), targets: [String(id)] };
    },
    returnsTo: /^\/moderation\?done=appeal-overturned#results$/,
    verify: async ([id]) => {
      expect(await statusOf(id!)).toMatchObject({ status: 'published' });
      expect(
        await db()
          .select()
          .from(appeals)
          .where(eq(appeals.responseId, Number(id))),
      ).toEqual([expect.objectContaining({ outcome: 'overturned', decidedAt: expect.any(Date) })]);
    },
  },
  sanctionReader: {
    action: sanctionReader,
    prepare: async () => {
      const reader = await insertPerson(db());
      return {
        form: form({ userId: reader.id, kind: 'suspend', days: 3, reason: 'Rude.', returnTo: '/moderation' }),
        targets: [reader.id],
      };
    },
    returnsTo: /^\/moderation\?done=suspended#results$/,
    verify: async ([id]) => {
      const [row] = await db().select().from(users).where(eq(users.id, id!));
      expect(row!.suspendedUntil!.getTime()).toBeGreaterThan(Date.now() + 2 * 86_400_000);
    },
  },
  setArticleMode: {
    action: setArticleMode,
    prepare: async () => {
      const articleId = await insertArticle(db(), site, 'open');
      return { form: form({ articleId, mode: 'closed', returnTo: '/moderation' }), targets: [String(articleId)] };
    },
    returnsTo: /^\/moderation\?done=mode#results$/,
    verify: async ([id]) => {
      const [row] = await db()
        .select({ mode: articles.responsesMode })
        .from(articles)
        .where(eq(articles.id, Number(id)));
      expect(row!.mode).toBe('closed');
    },
  },
  saveSettings: {
    action: saveSettings,
    prepare: async () => ({
      form: form({
        defaultResponsesMode: 'open',
        holdFirstResponses: 1,
        bannedWords: '',
        suspectWords: 'idiot',
        maxLinks: 5,
        reportThreshold: 3,
      }),
      targets: ['moderation'],
    }),
    returnsTo: /^\/admin\/settings\?done=settings#results$/,
    verify: async () => {
      expect(await db().select().from(moderationSettings)).toEqual([expect.objectContaining({ maxLinks: 5, suspectWords: ['idiot'] })]);
    },
  },
  setRole: {
    action: setRole,
    prepare: async () => {
      const reader = await insertPerson(db());
      return { form: form({ email: reader.email, role: 'moderator', returnTo: '/admin/people' }), targets: [reader.id] };
    },
    returnsTo: /^\/admin\/people\?done=role#results$/,
    verify: async ([id]) => {
      const [row] = await db().select({ role: users.role }).from(users).where(eq(users.id, id!));
      expect(row!.role).toBe('moderator');
    },
  },
} satisfies Record<string, ActionCase>;

//   The matrix. Columns: signed out, reader, suspended reader, banned reader, moderator, editor, admin.
const ACTION_MATRIX: [keyof typeof ACTIONS, ...Outcomes<Expected>][] = [
  ['approveResponse', 'sign in', 'no', 'no', 'no', 'yes', 'yes', 'yes'],
  ['rejectResponse', 'sign in', 'no', 'no', 'no', 'yes', 'yes', 'yes'],
  ['bulkDecide', 'sign in', 'no', 'no', 'no', 'yes', 'yes', 'yes'],
  ['featureResponse', 'sign in', 'no', 'no', 'no', 'yes', 'yes', 'yes'],
  ['decideAppeal', 'sign in', 'no', 'no', 'no', 'yes', 'yes', 'yes'],
  ['sanctionReader', 'sign in', 'no', 'no', 'no', 'yes', 'yes', 'yes'],
  ['setArticleMode', 'sign in', 'no', 'no', 'no', 'yes', 'yes', 'yes'],
  ['saveSettings', 'sign in', 'no', 'no', 'no', 'no', 'no', 'yes'],
  ['setRole', 'sign in', 'no', 'no', 'no', 'no', 'no', 'yes'],
];

describe.each(ACTION_MATRIX)('%s', (name, ...expected) => {
  const { action, prepare, returnsTo, verify } = ACTIONS[name] as ActionCase;

  it.each(CALLERS.map((caller, index) => [caller, expected[index]!] as const))('%s → %s', async (caller, outcome) => {
    const user = await makeCaller(db(), caller);
    const { form: data, targets } = await prepare();
    signInAs(db(), user);
    const before = await snapshot(db());
    const logId = await lastLogId(db());

    const result = await outcomeOf(action(undefined, data));

    if (outcome === 'yes') {
      expect(result).toEqual({ redirect: expect.stringMatching(returnsTo) });
      const entries = await logSince(db(), logId);
      expect(entries).toHaveLength(targets.length);
      expect(entries.map((entry) => entry.targetId).sort()).toEqual([...targets].sort());
      for (const entry of entries) expect(entry).toMatchObject({ actorId: user!.id, actorName: user!.displayName });
      await verify(targets);
      return;
    }
    if (outcome === 'sign in') expect(result).toEqual({ redirect: expect.stringMatching(/^\/signin\?callbackUrl=/) });
    else expect(result).toEqual({ state: expect.objectContaining({ status: 'error', message: 'You are not allowed to do that.' }) });
    expect(await snapshot(db())).toEqual(before);
  });
});

/** What the staff queries are asked about: one article with one response of each kind of work, and a log entry. */
type QueryFixture = { articleId: number; pendingId: number; reader: CurrentUser; moderator: CurrentUser };

type QueryCase = {
  run: (viewer: CurrentUser | null, fixture: QueryFixture) => Promise<unknown>;
  /** What an allowed viewer reads. */
  check: (result: unknown, fixture: QueryFixture, viewer: CurrentUser) => void;
};

const QUERIES = {
  readQueueCounts: {
    run: (viewer, { articleId }) => readQueueCounts(viewer, articleId),
    check: (result) => expect(result).toEqual({ pending: 1, reported: 1, rejected: 1, appeals: 1, all: 3 }),
  },
  readQueue: {
    run: (viewer, { articleId }) => readQueue(viewer, { tab: 'pending', articleId, cursor: null }),
    check: (result, { pendingId, reader }) =>
      expect(result).toEqual({
        items: [expect.objectContaining({ id: pendingId, status: 'pending', author: expect.objectContaining({ id: reader.id }) })],
        next: null,
      }),
  },
  readArticleChoices: {
    run: (viewer) => readArticleChoices(viewer),
    check: (result, { articleId }) => expect(result).toContainEqual(expect.objectContaining({ id: articleId, mode: 'open' })),
  },
  readArticleModeration: {
    run: (viewer, { articleId }) => readArticleModeration(viewer, articleId),
    check: (result, { articleId }) => expect(result).toMatchObject({ id: articleId, mode: 'open' }),
  },
  readLog: {
    run: (viewer, { articleId }) => readLog(viewer, { articleId }, null),
    check: (result, { pendingId, moderator }) =>
      expect(result).toEqual({
        entries: [expect.objectContaining({ action: 'feature', targetId: String(pendingId), actorId: moderator.id })],
        next: null,
      }),
  },
  readLogActors: {
    run: (viewer) => readLogActors(viewer),
    check: (result, { moderator, reader }) => {
      expect(result).toContainEqual({ id: moderator.id, name: moderator.displayName });
      expect(result).not.toContainEqual(expect.objectContaining({ id: reader.id }));
    },
  },
  readPeople: {
    run: (viewer, { reader }) => readPeople(viewer, reader.email, null),
    check: (result, { reader }, viewer) =>
      expect(result).toEqual({
        staff: expect.arrayContaining([expect.objectContaining({ id: viewer.id, role: 'admin' })]),
        found: [expect.objectContaining({ id: reader.id, email: reader.email })],
        next: null,
      }),
  },
  readSettings: {
    run: (viewer) => readSettings(viewer),
    check: (result) => expect(result).toEqual(DEFAULT_SETTINGS),
  },
} satisfies Record<string, QueryCase>;

//   The matrix. Columns: signed out, reader, suspended reader, banned reader, moderator, editor, admin.
const QUERY_MATRIX: [keyof typeof QUERIES, ...Outcomes<'no' | 'yes'>][] = [
  ['readQueueCounts', 'no', 'no', 'no', 'no', 'yes', 'yes', 'yes'],
  ['readQueue', 'no', 'no', 'no', 'no', 'yes', 'yes', 'yes'],
  ['readArticleChoices', 'no', 'no', 'no', 'no', 'yes', 'yes', 'yes'],
  ['readArticleModeration', 'no', 'no', 'no', 'no', 'yes', 'yes', 'yes'],
  ['readLog', 'no', 'no', 'no', 'no', 'yes', 'yes', 'yes'],
  ['readLogActors', 'no', 'no', 'no', 'no', 'yes', 'yes', 'yes'],
  ['readPeople', 'no', 'no', 'no', 'no', 'no', 'no', 'yes'],
  ['readSettings', 'no', 'no', 'no', 'no', 'no', 'no', 'yes'],
];

describe('staff queries', () => {
  let fixture: QueryFixture;

  beforeAll(async () => {
    const articleId = await insertArticle(db(), site);
    const reader = await insertPerson(db(), 'reader', { displayName: 'Quentin Query' });
    const moderator = await insertPerson(db(), 'moderator');
    const pendingId = await insertResponse(db(), { articleId, authorId: reader.id, status: 'pending' });
    const reported = await insertResponse(db(), { articleId, authorId: reader.id });
    await insertReports(db(), reported, 1);
    await insertAppeal(db(), await insertResponse(db(), { articleId, authorId: reader.id, status: 'rejected' }));
    await writeLog(db(), {
      actor: { id: moderator.id, name: moderator.displayName! },
      action: 'feature',
      target: { type: 'response', id: pendingId },
      subjectId: reader.id,
      articleId,
    });
    fixture = { articleId, pendingId, reader, moderator };
  });

  describe.each(QUERY_MATRIX)('%s', (name, ...expected) => {
    const { run, check } = QUERIES[name] as QueryCase;

    it.each(CALLERS.map((caller, index) => [caller, expected[index]!] as const))('%s → %s', async (caller, outcome) => {
      const viewer = await makeCaller(db(), caller);

      if (outcome === 'yes') check(await run(viewer, fixture), fixture, viewer!);
      else await expect(run(viewer, fixture)).rejects.toBeInstanceOf(NotAllowedError);
    });
  });

  it('are refused to a moderator whose role was taken away since the page loaded', async () => {
    const moderator = await insertPerson(db(), 'moderator');
    await db().update(users).set({ role: 'reader' }).where(eq(users.id, moderator.id));

    await expect(readQueueCounts(await readUser(db(), moderator.id), null)).rejects.toBeInstanceOf(NotAllowedError);
  });
});

describe('the matrix itself', () => {
  it('has a row for every action the moderation modules export, and every staff query', () => {
    const exported = (module: Record<string, unknown>) => Object.keys(module).filter((key) => typeof module[key] === 'function');
    expect(ACTION_MATRIX.map(([name]) => name).sort()).toEqual([...exported(staffActions), ...exported(adminActions)].sort());
    expect(QUERY_MATRIX.map(([name]) => name).sort()).toEqual(
      exported(staffQueries)
        .filter((name) => name.startsWith('read'))
        .sort(),
    );
  });
});
