import { and, eq } from 'drizzle-orm';
import { expect, vi } from 'vitest';
import type { Db } from '@/db/client';
import {
  appeals,
  articles,
  follows,
  issues,
  moderationSettings,
  reports,
  responseDrafts,
  responses,
  subscribers,
  users,
} from '@/db/schema';
import type { FormState } from '@/lib/actions/guard';
import { signIn, signOut } from '@/lib/auth';
import type { CurrentUser } from '@/lib/auth/session';
import {
  readArticleChoices,
  readArticleModeration,
  readLog,
  readLogActors,
  readPeople,
  readQueue,
  readQueueCounts,
  readSettings,
} from '@/lib/moderation/queries';
import { unsubscribeToken, type UnsubscribePurpose } from '@/lib/mail/unsubscribe';
import { writeLog, type LogAction } from '@/lib/moderation/log';
import { sendMail } from '@/lib/mail/send';
import type { SendState } from '@/db/schema';
import { readRecentSends, readSendFailures, readSendOfIssue, readSendProgress } from '@/lib/sending/queries';
import { readBriefingPreview, readSendIdAt, readSendPageIssue } from '@/lib/sending/send-page-queries';
import { readAuthorForEditing, readAuthorList, readEditorialIssues, readIssueForEditing } from '@/lib/editorial/admin-queries';
import { editorialIssue } from './editorial';
import { DEFAULT_SETTINGS } from '@/lib/moderation/settings';
import { blockedEmailDomains } from '@/lib/subscriptions/admin';
import {
  readBlockedDomains,
  readRecentSendRates,
  readSubscriberCounts,
  readSubscriberExport,
  readSubscriberGrowth,
  readSubscribers,
} from '@/lib/subscriptions/admin-queries';
import { CONSENT_WORDING } from '@/lib/subscriptions/consent';
import { confirmationToken } from '@/lib/subscriptions/confirm-token';
import { formStamp } from '@/lib/subscriptions/form-stamp';
import { checkInboxAnswer } from '@/lib/subscriptions/subscribe';
import {
  form,
  insertAppeal,
  insertArticle,
  insertPerson,
  insertReports,
  insertResponse,
  lastLogId,
  logSince,
  responseRow,
  userRow,
  type Site,
} from './moderation';
import { insertDelivery, insertSend as insertBareSend, insertSubscriber } from './subscriber-fixtures';
import { insertPublishedIssue, insertSend, sendRow, type DeliveryFixture } from './send-page';
import { ARTICLE_EDITOR_ACTION_CASES, ARTICLE_EDITOR_QUERY_CASES, insertRevisions } from './article-editor-cases';
import { readPublishPage, readPublishPreview } from '@/lib/editorial/publish-page-queries';
import { articleRow, insertDraftIssue, insertPublishedIssue as insertEditorialIssue, issueRow } from './publish-fixtures';

/**
 * What lib/auth/authorisation.test.ts calls each server action and staff query with: for each, a use that an
 * allowed caller can make, and what that use must have done. Who may call them is not here: the test works it
 * out from lib/auth/permissions.ts and what each one declares.
 */

export type Context = { db: Db; site: Site };

/** What calling an action did: where it sent the caller, or what it returned. */
export type Outcome = { redirect: string } | { state: FormState };

/**
 * One use of an action by `caller` (null when signed out): the form to send, and the checks for a call that was
 * allowed. A refused call is checked by the test itself (it must change nothing).
 */
export type ActionCase = (
  context: Context,
  caller: CurrentUser | null,
) => Promise<{ form: FormData; done: (outcome: Outcome) => Promise<void> }>;

/** A staff action, as the queue and admin pages use it: what it acts on (the log names them) and the form. */
type StaffWork = {
  prepare: (context: Context) => Promise<{ form: FormData; targets: string[] }>;
  /** Where a successful call sends the caller back to. */
  returnsTo: RegExp;
  /** What a successful call changed, checked beyond the log. */
  verify: (context: Context, targets: string[]) => Promise<void>;
};

/** Done, for staff work: sent back, one log entry per target made by the caller, and the change itself. */
function staffAction(work: StaffWork): ActionCase {
  return async (context, caller) => {
    const { form: data, targets } = await work.prepare(context);
    const logId = await lastLogId(context.db);
    return {
      form: data,
      done: async (outcome) => {
        expect(outcome).toEqual({ redirect: expect.stringMatching(work.returnsTo) });
        const entries = await logSince(context.db, logId);
        expect(entries.map((entry) => entry.targetId).sort()).toEqual([...targets].sort());
        for (const entry of entries) expect(entry).toMatchObject({ actorId: caller!.id, actorName: caller!.displayName });
        await work.verify(context, targets);
      },
    };
  };
}

/**
 * Work on an issue's send from its page: the form (for a fresh issue of its own, and a send in a state when
 * `given`), then back to the page saying `done`, one log entry of `logged` by the caller, and the send as `expect`s.
 */
function sendPageAction(work: {
  given?: { state: SendState; deliveries?: DeliveryFixture[] };
  fields: (ids: { issueId: number; sendId: number | null; date: string; active: number }) => Record<string, string | number>;
  done: string;
  logged: LogAction;
  verify: (send: Awaited<ReturnType<typeof sendRow>>, caller: CurrentUser) => void | Promise<void>;
}): ActionCase {
  return async ({ db }, caller) => {
    const issue = await insertPublishedIssue(db);
    const sendId = work.given ? await insertSend(db, issue.id, work.given.state, work.given.deliveries) : null;
    const active = (await db.select().from(subscribers).where(eq(subscribers.status, 'active'))).length;
    const logId = await lastLogId(db);
    return {
      form: form({ ...work.fields({ issueId: issue.id, sendId, date: issue.date, active }), date: issue.date }),
      done: async (outcome) => {
        expect(outcome).toEqual({ redirect: `/admin/issues/${issue.date}/send?done=${work.done}#results` });
        const entries = await logSince(db, logId);
        expect(entries).toEqual([expect.objectContaining({ action: work.logged, actorId: caller!.id })]);
        await work.verify(await sendRow(db, issue.id), caller!);
      },
    };
  };
}

/**
 * Work on an issue from its publish page: the form for a fresh issue (or article) of its own, then back to the page
 * saying `done`, one log entry about `target` by the caller, and the change `verify` checks.
 */
function publishPageAction(
  prepare: (db: Db) => Promise<{ fields: Record<string, string | number>; done: string; target: string; verify: () => Promise<void> }>,
): ActionCase {
  return async ({ db }, caller) => {
    const work = await prepare(db);
    const logId = await lastLogId(db);
    return {
      form: form(work.fields),
      done: async (outcome) => {
        expect(outcome).toEqual({ redirect: `/admin/issues/${work.fields.date}/publish?done=${work.done}#results` });
        expect(await logSince(db, logId)).toEqual([expect.objectContaining({ targetId: work.target, actorId: caller!.id })]);
        await work.verify();
      },
    };
  };
}

/**
 * Work in the editorial admin: the form (made with rows of its own), then where a successful call goes and one log
 * entry of `logged` by the caller.
 */
function editorialCase<Form extends Record<string, string | number>>(work: {
  form: (db: Db) => Promise<Form>;
  redirect: (form: Form) => RegExp;
  logged: LogAction;
}): ActionCase {
  return async ({ db }, caller) => {
    const fields = await work.form(db);
    const logId = await lastLogId(db);
    return {
      form: form(fields),
      done: async (outcome) => {
        expect(outcome).toEqual({ redirect: expect.stringMatching(work.redirect(fields)) });
        expect(await logSince(db, logId)).toEqual([expect.objectContaining({ action: work.logged, actorId: caller!.id })]);
      },
    };
  };
}

const someReader = (db: Db) => insertPerson(db).then((reader) => reader.id);

/** A response by `author` (someone else when signed out) on a fresh open article. */
async function responseBy(context: Context, author: CurrentUser | null, status: 'published' | 'rejected' = 'published') {
  const articleId = await insertArticle(context.db, context.site);
  return insertResponse(context.db, { articleId, authorId: author?.id ?? (await someReader(context.db)), status });
}

let addresses = 0;
let importedIssues = 0;

/** The fields of a link from one of our emails, as the preferences page's forms carry them. */
function linkFields(purpose: UnsubscribePurpose, id: string | number) {
  return { purpose, id: String(id), token: unsubscribeToken(purpose, String(id)) };
}

/** A reader of their own who follows two fresh articles: what an email preferences form acts on by its link. */
async function followingReader(context: Context) {
  const reader = await insertPerson(context.db);
  const articleIds = [await insertArticle(context.db, context.site), await insertArticle(context.db, context.site)];
  await context.db.insert(follows).values(articleIds.map((articleId) => ({ userId: reader.id, articleId })));
  return {
    reader,
    articleIds,
    followed: async () => (await context.db.select().from(follows).where(eq(follows.userId, reader.id))).map((row) => row.articleId),
  };
}

export const ACTION_CASES: Record<string, ActionCase> = {
  // Staff work: the queue.
  approveResponse: staffAction({
    prepare: async ({ db, site }) => {
      const id = await insertResponse(db, { articleId: await insertArticle(db, site), authorId: await someReader(db), status: 'pending' });
      return { form: form({ responseId: id, returnTo: '/moderation' }), targets: [String(id)] };
    },
    returnsTo: /^\/moderation\?done=approved#results$/,
    verify: async ({ db }, [id]) => expect(await responseRow(db, Number(id))).toMatchObject({ status: 'published', heldFor: null }),
  }),
  rejectResponse: staffAction({
    prepare: async ({ db, site }) => {
      const id = await insertResponse(db, { articleId: await insertArticle(db, site), authorId: await someReader(db) });
      await insertReports(db, id, 2);
      return { form: form({ responseId: id, reason: 'spam', returnTo: '/moderation' }), targets: [String(id)] };
    },
    returnsTo: /^\/moderation\?done=rejected#results$/,
    verify: async ({ db }, [id]) =>
      expect(await responseRow(db, Number(id))).toMatchObject({ status: 'rejected', rejectionReason: 'spam' }),
  }),
  bulkDecide: staffAction({
    prepare: async ({ db, site }) => {
      const articleId = await insertArticle(db, site);
      const ids = [
        await insertResponse(db, { articleId, authorId: await someReader(db), status: 'pending' }),
        await insertResponse(db, { articleId, authorId: await someReader(db), status: 'pending' }),
      ];
      return { form: form({ decision: 'approve', selected: ids, returnTo: '/moderation' }), targets: ids.map(String) };
    },
    returnsTo: /^\/moderation\?done=bulk-approved#results$/,
    verify: async ({ db }, ids) => {
      for (const id of ids) expect(await responseRow(db, Number(id))).toMatchObject({ status: 'published' });
    },
  }),
  featureResponse: staffAction({
    prepare: async ({ db, site }) => {
      const id = await insertResponse(db, { articleId: await insertArticle(db, site), authorId: await someReader(db) });
      return { form: form({ responseId: id, featured: 'yes', returnTo: '/moderation' }), targets: [String(id)] };
    },
    returnsTo: /^\/moderation\?done=featured#results$/,
    verify: async ({ db }, [id]) => expect(await responseRow(db, Number(id))).toMatchObject({ featured: true }),
  }),
  decideAppeal: staffAction({
    prepare: async ({ db, site }) => {
      const id = await insertResponse(db, { articleId: await insertArticle(db, site), authorId: await someReader(db), status: 'rejected' });
      const appealId = await insertAppeal(db, id);
      return { form: form({ appealId, outcome: 'overturned', returnTo: '/moderation' }), targets: [String(id)] };
    },
    returnsTo: /^\/moderation\?done=appeal-overturned#results$/,
    verify: async ({ db }, [id]) => {
      expect(await responseRow(db, Number(id))).toMatchObject({ status: 'published' });
      expect(
        await db
          .select()
          .from(appeals)
          .where(eq(appeals.responseId, Number(id))),
      ).toEqual([expect.objectContaining({ outcome: 'overturned', decidedAt: expect.any(Date) })]);
    },
  }),
  sanctionReader: staffAction({
    prepare: async ({ db }) => {
      const reader = await insertPerson(db);
      return {
        form: form({ userId: reader.id, kind: 'suspend', days: 3, reason: 'Rude.', returnTo: '/moderation' }),
        targets: [reader.id],
      };
    },
    returnsTo: /^\/moderation\?done=suspended#results$/,
    verify: async ({ db }, [id]) => {
      expect((await userRow(db, id!)).suspendedUntil!.getTime()).toBeGreaterThan(Date.now() + 2 * 86_400_000);
    },
  }),
  setArticleMode: staffAction({
    prepare: async ({ db, site }) => {
      const articleId = await insertArticle(db, site, 'open');
      return { form: form({ articleId, mode: 'closed', returnTo: '/moderation' }), targets: [String(articleId)] };
    },
    returnsTo: /^\/moderation\?done=mode#results$/,
    verify: async ({ db }, [id]) => {
      const [row] = await db
        .select({ mode: articles.responsesMode })
        .from(articles)
        .where(eq(articles.id, Number(id)));
      expect(row!.mode).toBe('closed');
    },
  }),

  // Staff work: the admin pages.
  saveSettings: staffAction({
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
    verify: async ({ db }) => {
      expect(await db.select().from(moderationSettings)).toEqual([expect.objectContaining({ maxLinks: 5, suspectWords: ['idiot'] })]);
    },
  }),
  setRole: staffAction({
    prepare: async ({ db }) => {
      const reader = await insertPerson(db);
      return { form: form({ email: reader.email, role: 'moderator', returnTo: '/admin/people' }), targets: [reader.id] };
    },
    returnsTo: /^\/admin\/people\?done=role#results$/,
    verify: async ({ db }, [id]) => expect((await userRow(db, id!)).role).toBe('moderator'),
  }),

  // Staff work: the subscribers page.
  importSubscribers: async (context) => {
    addresses += 1;
    const email = `imported-${addresses}@matrix.example`;
    const data = form({ mode: 'consented', note: 'Matrix sign-up sheet' });
    data.append('file', new File([`email\n${email}\n`], 'list.csv', { type: 'text/csv' }));
    return {
      form: data,
      done: async (outcome) => {
        expect(outcome).toEqual({
          state: expect.objectContaining({ status: 'done', message: 'Imported 1 address; 0 skipped.' }),
        });
        expect(await context.db.select().from(subscribers).where(eq(subscribers.email, email))).toEqual([
          expect.objectContaining({ status: 'active', consentSource: 'import', consentNote: 'Matrix sign-up sheet' }),
        ]);
      },
    };
  },
  saveBlockedDomains: staffAction({
    prepare: async () => {
      addresses += 1;
      return { form: form({ domains: `matrix-${addresses}.example` }), targets: ['blocked-email-domains'] };
    },
    returnsTo: /^\/admin\/subscribers\?done=domains#results$/,
    verify: async ({ db }) => expect((await blockedEmailDomains(db))[0]).toMatch(/^matrix-\d+\.example$/),
  }),
  unsubscribeByStaff: staffAction({
    prepare: async ({ db }) => {
      const { id } = await insertSubscriber(db);
      return { form: form({ subscriberId: id, returnTo: '/admin/subscribers' }), targets: [String(id)] };
    },
    returnsTo: /^\/admin\/subscribers\?done=unsubscribed#results$/,
    verify: async ({ db }, [id]) => {
      const [row] = await db
        .select({ status: subscribers.status })
        .from(subscribers)
        .where(eq(subscribers.id, Number(id)));
      expect(row!.status).toBe('unsubscribed');
    },
  }),

  // Editorial work: issues imported from uploaded files (each call a new date, so that each creates its issue).
  importIssueUploads: async (context) => {
    importedIssues += 1;
    const date = `1999-01-${String(importedIssues).padStart(2, '0')}`;
    const data = new FormData();
    data.append('files', new File([`${date}\n\nMatrix title\n\nA standfirst.\n\nMatrix Writer\n\nA body.\n`], 'matrix.txt'));
    return {
      form: data,
      done: async (outcome) => {
        expect(outcome).toEqual({
          state: expect.objectContaining({ status: 'done', message: 'Imported 1 file: 1 created, 0 updated, 0 unchanged.' }),
        });
        expect(await context.db.select().from(issues).where(eq(issues.date, date))).toEqual([
          expect.objectContaining({ status: 'published' }),
        ]);
      },
    };
  },

  // Staff work: sending an issue.
  sendTestCopy: async ({ db, site }, caller) => {
    vi.mocked(sendMail).mockClear();
    const logId = await lastLogId(db);
    return {
      form: form({ issueId: site.issueId, date: '2010-09-15' }),
      done: async (outcome) => {
        expect(outcome).toEqual({ redirect: '/admin/issues/2010-09-15/send?done=test-sent#results' });
        expect(await logSince(db, logId)).toEqual([
          expect.objectContaining({ action: 'send-test', targetId: String(site.issueId), actorId: caller!.id }),
        ]);
        expect(vi.mocked(sendMail).mock.calls.map(([message]) => message.to)).toEqual([caller!.email]);
      },
    };
  },
  sendToSubscribers: sendPageAction({
    fields: ({ issueId, active }) => ({ issueId, audienceSeen: active, confirm: 'yes' }),
    done: 'sending',
    logged: 'send-start',
    verify: (send, caller) => expect(send).toMatchObject({ state: 'sending', startedById: caller.id }),
  }),
  scheduleSending: sendPageAction({
    fields: ({ issueId }) => ({ issueId, at: '2099-06-01T09:00' }),
    done: 'scheduled',
    logged: 'send-schedule',
    verify: (send) => expect(send).toMatchObject({ state: 'scheduled', scheduledFor: new Date('2099-06-01T08:00:00Z') }),
  }),
  unscheduleSending: sendPageAction({
    given: { state: 'scheduled' },
    fields: ({ sendId }) => ({ sendId: sendId! }),
    done: 'unscheduled',
    logged: 'send-unschedule',
    verify: (send) => expect(send).toMatchObject({ state: 'cancelled', startedAt: null }),
  }),
  confirmLateSending: sendPageAction({
    given: { state: 'late' },
    fields: ({ sendId }) => ({ sendId: sendId! }),
    done: 'sending',
    logged: 'send-start',
    verify: (send) => expect(send).toMatchObject({ state: 'sending' }),
  }),
  pauseSending: sendPageAction({
    given: { state: 'sending', deliveries: [{ status: 'queued' }] },
    fields: ({ sendId }) => ({ sendId: sendId! }),
    done: 'paused',
    logged: 'send-pause',
    verify: (send, caller) => expect(send).toMatchObject({ state: 'paused', pauseReason: `Paused by ${caller.displayName}` }),
  }),
  resumeSending: sendPageAction({
    given: { state: 'paused', deliveries: [{ status: 'queued' }] },
    fields: ({ sendId }) => ({ sendId: sendId! }),
    done: 'resumed',
    logged: 'send-resume',
    verify: (send) => expect(send).toMatchObject({ state: 'sending', pauseReason: null }),
  }),
  cancelSending: sendPageAction({
    given: { state: 'sending', deliveries: [{ status: 'queued' }, { status: 'sent' }] },
    fields: ({ sendId }) => ({ sendId: sendId!, confirm: 'yes' }),
    done: 'send-cancelled',
    logged: 'send-cancel',
    verify: (send) => expect(send).toMatchObject({ state: 'cancelled' }),
  }),
  retryFailedDeliveries: sendPageAction({
    given: { state: 'done', deliveries: [{ status: 'failed', answer: '550 no' }, { status: 'sent' }] },
    fields: ({ sendId }) => ({ sendId: sendId! }),
    done: 'retrying',
    logged: 'send-retry-failed',
    verify: (send) => expect(send).toMatchObject({ state: 'sending' }),
  }),
  resendUncertainDeliveries: sendPageAction({
    given: { state: 'done', deliveries: [{ status: 'uncertain' }, { status: 'sent' }] },
    fields: ({ sendId }) => ({ sendId: sendId!, confirm: 'yes' }),
    done: 'resending',
    logged: 'send-resend-uncertain',
    verify: (send) => expect(send).toMatchObject({ state: 'sending' }),
  }),

  // Staff work: publishing an issue (lib/editorial/publish-actions.ts).
  publishIssueNow: publishPageAction(async (db) => {
    const { issueId, date } = await insertDraftIssue(db);
    return {
      fields: { issueId, date },
      done: 'published',
      target: String(issueId),
      verify: async () => expect(await issueRow(db, issueId)).toMatchObject({ status: 'published' }),
    };
  }),
  scheduleIssuePublish: publishPageAction(async (db) => {
    const { issueId, date } = await insertDraftIssue(db);
    return {
      fields: { issueId, date, day: '2099-06-01', time: '09:00' },
      done: 'publish-scheduled',
      target: String(issueId),
      verify: async () => expect(await issueRow(db, issueId)).toMatchObject({ status: 'scheduled', scheduledFor: expect.any(Date) }),
    };
  }),
  cancelIssueSchedule: publishPageAction(async (db) => {
    const { issueId, date } = await insertDraftIssue(db, [{}], { status: 'scheduled', scheduledFor: new Date('2099-06-01T08:00:00Z') });
    return {
      fields: { issueId, date },
      done: 'publish-unscheduled',
      target: String(issueId),
      verify: async () => expect(await issueRow(db, issueId)).toMatchObject({ status: 'draft', scheduledFor: null }),
    };
  }),
  publishOneArticle: publishPageAction(async (db) => {
    const { date, articleIds } = await insertEditorialIssue(db, ['draft']);
    return {
      fields: { articleId: articleIds[0]!, date },
      done: 'article-published',
      target: String(articleIds[0]),
      verify: async () => expect(await articleRow(db, articleIds[0]!)).toMatchObject({ status: 'published' }),
    };
  }),
  unpublishOneArticle: publishPageAction(async (db) => {
    const { date, articleIds } = await insertEditorialIssue(db, ['published']);
    return {
      fields: { articleId: articleIds[0]!, date, note: 'Withdrawn for a correction.' },
      done: 'article-unpublished',
      target: String(articleIds[0]),
      verify: async () =>
        expect(await articleRow(db, articleIds[0]!)).toMatchObject({
          status: 'unpublished',
          unpublishedNote: 'Withdrawn for a correction.',
        }),
    };
  }),
  republishOneArticle: publishPageAction(async (db) => {
    const { date, articleIds } = await insertEditorialIssue(db, ['unpublished']);
    return {
      fields: { articleId: articleIds[0]!, date },
      done: 'article-republished',
      target: String(articleIds[0]),
      verify: async () => expect(await articleRow(db, articleIds[0]!)).toMatchObject({ status: 'published', unpublishedNote: null }),
    };
  }),

  // Readers: reporting and appealing.
  reportResponse: async (context, caller) => {
    const id = await responseBy(context, null);
    return {
      form: form({ responseId: id, reason: 'spam', note: '' }),
      done: async (outcome) => {
        expect(outcome).toEqual({ redirect: `/responses/${id}/report?sent=1` });
        const filed = await context.db
          .select()
          .from(reports)
          .where(and(eq(reports.responseId, id), eq(reports.reporterId, caller!.id)));
        expect(filed).toEqual([expect.objectContaining({ reason: 'spam', resolvedAt: null })]);
      },
    };
  },
  appealRejection: async (context, caller) => {
    const id = await responseBy(context, caller, 'rejected');
    return {
      form: form({ responseId: id, note: 'It was on topic.' }),
      done: async (outcome) => {
        expect(outcome).toEqual({ redirect: `/responses/${id}?appealed=1` });
        const filed = await context.db.select().from(appeals).where(eq(appeals.responseId, id));
        expect(filed).toEqual([expect.objectContaining({ note: 'It was on topic.', decidedAt: null })]);
      },
    };
  },

  // Readers: responding.
  postResponse: async (context, caller) => {
    const articleId = await insertArticle(context.db, context.site);
    const body = `Posted by ${caller?.displayName ?? 'someone signed out'}.`;
    return {
      form: form({ articleId, body }),
      done: async (outcome) => {
        if (!caller) {
          // Signed out, the text waits as a draft while the reader signs in.
          expect(outcome).toEqual({ redirect: '/signin?callbackUrl=%2Fresponses%2Fresume&reason=respond' });
          expect(await context.db.select().from(responseDrafts).where(eq(responseDrafts.articleId, articleId))).toEqual([
            expect.objectContaining({ body }),
          ]);
          return;
        }
        const [posted] = await context.db.select().from(responses).where(eq(responses.articleId, articleId));
        expect(posted).toMatchObject({ authorId: caller.id, body });
        expect(outcome).toEqual({
          redirect: expect.stringMatching(new RegExp(`#response-${posted!.id}$|^/responses/${posted!.id}\\?posted=`)),
        });
      },
    };
  },
  editResponse: async (context, caller) => {
    const id = await responseBy(context, caller);
    return {
      form: form({ responseId: id, body: 'Edited, within the quarter of an hour.' }),
      done: async (outcome) => {
        expect(outcome).toEqual({ redirect: expect.stringMatching(new RegExp(`#response-${id}$`)) });
        expect(await responseRow(context.db, id)).toMatchObject({
          body: 'Edited, within the quarter of an hour.',
          editedAt: expect.any(Date),
        });
      },
    };
  },
  deleteResponse: async (context, caller) => {
    const id = await responseBy(context, caller);
    return {
      form: form({ responseId: id, confirm: 'yes' }),
      done: async (outcome) => {
        expect(outcome).toEqual({ redirect: expect.stringMatching(/#responses$/) });
        expect(await responseRow(context.db, id)).toMatchObject({ status: 'removed', removedBy: 'author' });
      },
    };
  },

  // Readers: their account.
  saveProfile: async (context, caller) => ({
    // The same name (a sanctioned reader may not change it), and reply emails switched off.
    form: form({ displayName: caller?.displayName ?? 'Someone', affiliation: '' }),
    done: async (outcome) => {
      expect(outcome).toEqual({ state: { status: 'done', message: 'Saved.' } });
      expect(await userRow(context.db, caller!.id)).toMatchObject({ displayName: caller!.displayName, notifyReplies: false });
    },
  }),
  deleteAccount: async (context, caller) => ({
    form: form({ confirm: 'delete' }),
    done: async (outcome) => {
      expect(outcome).toEqual({ redirect: '/account/deleted' });
      expect(await context.db.select().from(users).where(eq(users.id, caller!.id))).toEqual([]);
    },
  }),

  // Subscribing by email.
  requestSubscription: async (context) => {
    addresses += 1;
    const email = `subscriber-${addresses}@example.org`;
    return {
      form: form({ email, source: 'footer', stamp: formStamp(Date.now() - 10_000), website: '' }),
      done: async (outcome) => {
        expect(outcome).toEqual({ state: { status: 'done', message: checkInboxAnswer(email) } });
        expect(await context.db.select().from(subscribers).where(eq(subscribers.email, email))).toEqual([
          expect.objectContaining({ status: 'pending', consentSource: 'footer', consentWording: CONSENT_WORDING.footer }),
        ]);
      },
    };
  },
  subscribeWithAccount: async (context, caller) => ({
    form: form({ returnTo: '/subscribe' }),
    done: async (outcome) => {
      expect(outcome).toEqual({ state: { status: 'done', message: `Subscribed: the briefing will be emailed to ${caller!.email}.` } });
      expect(await context.db.select().from(subscribers).where(eq(subscribers.email, caller!.email))).toEqual([
        expect.objectContaining({ status: 'active', consentSource: 'account' }),
      ]);
    },
  }),
  confirmEmailSubscription: async (context) => {
    addresses += 1;
    const [pending] = await context.db
      .insert(subscribers)
      .values({ email: `pending-${addresses}@example.org`, consentSource: 'article', consentWording: 'Words.', consentAt: new Date() })
      .returning();
    const link = { subscriber: String(pending!.id), token: confirmationToken(pending!) };
    return {
      form: form(link),
      done: async (outcome) => {
        expect(outcome).toEqual({ redirect: `/subscribe/confirm?${new URLSearchParams(link)}` });
        expect(await context.db.select().from(subscribers).where(eq(subscribers.id, pending!.id))).toEqual([
          expect.objectContaining({ status: 'active', confirmedAt: expect.any(Date) }),
        ]);
      },
    };
  },

  // Readers: their emails, by a link from an email (no sign-in needed), on the preferences page.
  changeBriefing: async (context) => {
    addresses += 1;
    const now = new Date();
    const [row] = await context.db
      .insert(subscribers)
      .values({
        email: `matrix-subscriber-${addresses}@example.org`,
        status: 'active',
        consentSource: 'subscribe-page',
        consentWording: 'Send me the briefing.',
        consentAt: now,
        confirmedAt: now,
      })
      .returning({ id: subscribers.id });
    return {
      form: form({ ...linkFields('briefing', row!.id), subscribe: 'no' }),
      done: async (outcome) => {
        expect(outcome).toEqual({ state: { status: 'done', message: 'You are unsubscribed from the briefing.' } });
        const [after] = await context.db.select().from(subscribers).where(eq(subscribers.id, row!.id));
        expect(after).toMatchObject({ status: 'unsubscribed' });
      },
    };
  },
  changeReplyEmails: async (context) => {
    const reader = await insertPerson(context.db, 'reader', { notifyReplies: true });
    return {
      form: form({ ...linkFields('replies', reader.id), notify: 'no' }),
      done: async (outcome) => {
        expect(outcome).toEqual({ state: { status: 'done', message: 'Reply emails are off.' } });
        expect(await userRow(context.db, reader.id)).toMatchObject({ notifyReplies: false });
      },
    };
  },
  unfollowFromPreferences: async (context) => {
    const { reader, articleIds, followed } = await followingReader(context);
    return {
      form: form({ ...linkFields('follows', reader.id), articleId: articleIds[0] }),
      done: async (outcome) => {
        expect(outcome).toEqual({ state: { status: 'done', message: 'You no longer follow that article.' } });
        expect(await followed()).toEqual([articleIds[1]]);
      },
    };
  },
  unfollowEverything: async (context) => {
    const { reader, followed } = await followingReader(context);
    return {
      form: form(linkFields('replies', reader.id)),
      done: async (outcome) => {
        expect(outcome).toEqual({ state: { status: 'done', message: 'You follow no articles now.' } });
        expect(await followed()).toEqual([]);
      },
    };
  },

  // Readers: following an article, from its page.
  changeFollow: async (context, caller) => {
    const articleId = await insertArticle(context.db, context.site);
    return {
      form: form({ articleId, follow: 'yes', returnTo: '/issues' }),
      done: async (outcome) => {
        expect(outcome).toEqual({ state: expect.objectContaining({ status: 'done', values: { follow: 'yes' } }) });
        expect(await context.db.select().from(follows).where(eq(follows.articleId, articleId))).toEqual([
          expect.objectContaining({ userId: caller!.id }),
        ]);
      },
    };
  },

  // Signing in and out.
  requestSignIn: async () => {
    vi.mocked(signIn).mockClear();
    addresses += 1;
    const email = `matrix-${addresses}@example.org`;
    return {
      form: form({ email }),
      done: async (outcome) => {
        expect(outcome).toEqual({ redirect: '/signin/check-email' });
        expect(signIn).toHaveBeenCalledWith('nodemailer', expect.objectContaining({ email }));
      },
    };
  },
  // The editorial admin: issues, their articles, authors.
  createNewIssue: editorialCase({
    form: async () => ({ date: editorialIssue.freeDate(), number: '', summary: 'A new one.' }),
    redirect: () => /^\/admin\/issues\/\d{4}-\d{2}-\d{2}\?done=issue-created#results$/,
    logged: 'issue-create',
  }),
  saveIssueDetails: editorialCase({
    form: async (db) => {
      const issue = await editorialIssue.draft(db);
      return { issueId: issue.id, date: editorialIssue.freeDate(), number: '', summary: 'Changed.' };
    },
    redirect: (form) => new RegExp(`^/admin/issues/${form.date}\\?done=issue-saved#results$`),
    logged: 'issue-update',
  }),
  addArticleToIssue: editorialCase({
    form: async (db) => ({ issueId: (await editorialIssue.draft(db)).id }),
    redirect: () => /^\/admin\/articles\/\d+$/,
    logged: 'article-add',
  }),
  removeDraftArticle: editorialCase({
    form: async (db) => {
      const issue = await editorialIssue.draft(db, 1);
      return { articleId: issue.articleIds[0]!, issue: issue.date, confirm: 'yes' };
    },
    redirect: (form) => new RegExp(`^/admin/issues/${form.issue}\\?done=article-removed#results$`),
    logged: 'article-remove',
  }),
  moveArticleInIssue: editorialCase({
    form: async (db) => {
      const issue = await editorialIssue.draft(db, 2);
      return { articleId: issue.articleIds[1]!, direction: 'up', from: '2', issue: issue.date };
    },
    redirect: (form) =>
      new RegExp(
        `^/admin/issues/${form.issue}\\?done=article-moved&moved=${form.articleId}&focus=move-${form.articleId}-down#move-${form.articleId}-down$`,
      ),
    logged: 'article-move',
  }),
  createAuthorFromForm: editorialCase({
    form: async () => ({ name: 'Matrix Author', bio: '' }),
    redirect: () => /^\/admin\/authors\/\d+\?done=author-created#results$/,
    logged: 'author-create',
  }),
  saveAuthor: editorialCase({
    form: async (db) => {
      const authorId = await editorialIssue.author(db);
      return { authorId, name: 'Matrix Author Renamed', slug: `matrix-renamed-${authorId}`, bio: 'Bio.' };
    },
    redirect: (form) => new RegExp(`^/admin/authors/${form.authorId}\\?done=author-saved#results$`),
    logged: 'author-update',
  }),
  signOutAction: async () => {
    vi.mocked(signOut).mockClear();
    return {
      form: form({}),
      done: async (outcome) => {
        expect(outcome).toEqual({ state: { status: 'done' } });
        expect(signOut).toHaveBeenCalledWith({ redirectTo: '/' });
      },
    };
  },

  // The article editor (test/article-editor-cases.ts).
  ...ARTICLE_EDITOR_ACTION_CASES,
};

/** What the staff queries are asked about: one article with one response of each kind of work, and a log entry. */
export type QueryFixture = {
  articleId: number;
  pendingId: number;
  reader: CurrentUser;
  moderator: CurrentUser;
  /** A subscriber of its own, and a send that reached them and bounced. */
  subscriberEmail: string;
  sendId: number;
  /** An issue with a send that has one failure, and the real issue's id. */
  sent: { issueId: number; date: string; sendId: number };
  realIssueId: number;
  /** A draft issue with one complete article, ready to publish. */
  draft: { issueId: number; date: string; articleIds: number[] };
  /** The real issue's author. */
  authorId: number;
};

/** The queries' fixture, made once: everything an allowed viewer should read back. */
export async function prepareQueryFixture({ db, site }: Context): Promise<QueryFixture> {
  const articleId = await insertArticle(db, site);
  const reader = await insertPerson(db, 'reader', { displayName: 'Quentin Query' });
  const moderator = await insertPerson(db, 'moderator');
  const pendingId = await insertResponse(db, { articleId, authorId: reader.id, status: 'pending' });
  await insertRevisions(db, articleId); // what the article editor's queries read
  const reported = await insertResponse(db, { articleId, authorId: reader.id });
  await insertReports(db, reported, 1);
  await insertAppeal(db, await insertResponse(db, { articleId, authorId: reader.id, status: 'rejected' }));
  await writeLog(db, {
    actor: { id: moderator.id, name: moderator.displayName! },
    action: 'feature',
    target: { type: 'response', id: pendingId },
    subjectId: reader.id,
    articleId,
  });
  const subscriber = await insertSubscriber(db, { email: 'query-fixture@subscribers.example' });
  const bareSendId = await insertBareSend(db, { startedAt: new Date() });
  await insertDelivery(db, bareSendId, subscriber);
  const issue = await insertPublishedIssue(db);
  const sendId = await insertSend(db, issue.id, 'done', [{ status: 'sent' }, { status: 'failed', answer: '550 5.1.1 no such user' }]);
  return {
    articleId,
    pendingId,
    reader,
    moderator,
    subscriberEmail: subscriber.email,
    sendId: bareSendId,
    sent: { issueId: issue.id, date: issue.date, sendId },
    realIssueId: site.issueId,
    draft: await insertDraftIssue(db),
    authorId: site.authorId,
  };
}

export type QueryCase = {
  run: (viewer: CurrentUser | null, fixture: QueryFixture) => Promise<unknown>;
  /** What an allowed viewer reads. */
  check: (result: unknown, fixture: QueryFixture, viewer: CurrentUser) => void;
};

export const QUERY_CASES: Record<string, QueryCase> = {
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
        staff: expect.arrayContaining([expect.objectContaining({ id: viewer.id, role: viewer.role })]),
        found: [expect.objectContaining({ id: reader.id, email: reader.email })],
        next: null,
      }),
  },
  readSettings: {
    run: (viewer) => readSettings(viewer),
    check: (result) => expect(result).toEqual(DEFAULT_SETTINGS),
  },
  readSubscriberCounts: {
    run: (viewer) => readSubscriberCounts(viewer),
    check: (result) => expect(result).toMatchObject({ active: expect.any(Number), total: expect.any(Number) }),
  },
  readSubscriberGrowth: {
    run: (viewer) => readSubscriberGrowth(viewer),
    check: (result) => {
      const points = result as { month: string; active: number }[];
      expect(points).toHaveLength(12);
      expect(points.at(-1)!.active).toBeGreaterThanOrEqual(1);
    },
  },
  readSubscribers: {
    run: (viewer, { subscriberEmail }) => readSubscribers(viewer, { query: subscriberEmail, status: 'active' }, null),
    check: (result, { subscriberEmail }) =>
      expect(result).toEqual({ items: [expect.objectContaining({ email: subscriberEmail, status: 'active' })], next: null }),
  },
  readSubscriberExport: {
    run: (viewer, { subscriberEmail }) => readSubscriberExport(viewer, { query: subscriberEmail, status: null }),
    check: (result, { subscriberEmail }) => expect(result).toEqual([expect.objectContaining({ email: subscriberEmail })]),
  },
  readRecentSendRates: {
    run: (viewer) => readRecentSendRates(viewer),
    check: (result, { sendId }) =>
      expect(result).toContainEqual(expect.objectContaining({ sendId, rates: expect.objectContaining({ delivered: 1 }) })),
  },
  readBlockedDomains: {
    run: (viewer) => readBlockedDomains(viewer),
    check: (result) => expect(Array.isArray(result)).toBe(true),
  },
  readEditorialIssues: {
    // Every page (other cases' issues may fill the first): the first call is the one a refusal comes from.
    run: async (viewer) => {
      const all: Awaited<ReturnType<typeof readEditorialIssues>>['issues'] = [];
      for (let cursor: string | null = null, first = true; first || cursor; first = false) {
        const page: Awaited<ReturnType<typeof readEditorialIssues>> = await readEditorialIssues(viewer, cursor);
        all.push(...page.issues);
        cursor = page.next;
      }
      return { issues: all, next: null };
    },
    check: (result, { sent }) =>
      expect((result as Awaited<ReturnType<typeof readEditorialIssues>>).issues).toContainEqual(
        expect.objectContaining({ id: sent.issueId, status: 'published', send: expect.objectContaining({ state: 'done' }) }),
      ),
  },
  readIssueForEditing: {
    run: (viewer) => readIssueForEditing(viewer, '2010-09-15'),
    check: (result, { realIssueId, articleId }) =>
      expect(result).toMatchObject({
        issue: { id: realIssueId },
        articles: expect.arrayContaining([expect.objectContaining({ id: articleId })]),
      }),
  },
  readAuthorList: {
    run: (viewer) => readAuthorList(viewer, null),
    check: (result) => expect((result as Awaited<ReturnType<typeof readAuthorList>>).authors.length).toBeGreaterThan(0),
  },
  readAuthorForEditing: {
    run: (viewer, { authorId }) => readAuthorForEditing(viewer, authorId),
    check: (result, { authorId }) => expect(result).toMatchObject({ id: authorId, published: true }),
  },
  readSendPageIssue: {
    run: (viewer, { sent }) => readSendPageIssue(viewer, sent.date),
    check: (result, { sent }) =>
      expect(result).toMatchObject({
        issue: { id: sent.issueId, status: 'published' },
        send: { id: sent.sendId },
        activeSubscribers: expect.any(Number),
      }),
  },
  readSendIdAt: {
    run: (viewer, { sent }) => readSendIdAt(viewer, sent.date),
    check: (result, { sent }) => expect(result).toBe(sent.sendId),
  },
  readBriefingPreview: {
    run: (viewer, { realIssueId }) => readBriefingPreview(viewer, realIssueId, 'preview@example.org'),
    check: (result) =>
      expect(result).toMatchObject({ to: 'preview@example.org', subject: expect.any(String), html: expect.stringContaining('<') }),
  },
  readPublishPage: {
    run: (viewer, { draft }) => readPublishPage(viewer, draft.date),
    check: (result, { draft }) =>
      expect(result).toMatchObject({
        issue: { id: draft.issueId, status: 'draft' },
        articles: [expect.objectContaining({ id: draft.articleIds[0], status: 'draft' })],
        findings: [],
      }),
  },
  readPublishPreview: {
    run: (viewer, { draft }) => readPublishPreview(viewer, draft.issueId, 'preview@example.org'),
    check: (result) => expect(result).toMatchObject({ to: 'preview@example.org', html: expect.stringContaining('Article 1 of') }),
  },
  readSendProgress: {
    run: (viewer, { sent }) => readSendProgress(viewer, sent.sendId),
    check: (result, { sent }) => expect(result).toMatchObject({ sendId: sent.sendId, state: 'done', sent: 1, failed: 1 }),
  },
  readSendFailures: {
    run: (viewer, { sent }) => readSendFailures(viewer, sent.sendId, { limit: 10 }),
    check: (result) =>
      expect(result).toEqual({ items: [expect.objectContaining({ status: 'failed', answer: '550 5.1.1 no such user' })], next: null }),
  },
  readSendOfIssue: {
    run: (viewer, { sent }) => readSendOfIssue(viewer, sent.issueId),
    check: (result, { sent }) => expect(result).toMatchObject({ id: sent.sendId, state: 'done' }),
  },
  readRecentSends: {
    run: (viewer) => readRecentSends(viewer),
    check: (result, { sent }) => expect(result).toContainEqual(expect.objectContaining({ id: sent.sendId, date: sent.date })),
  },

  // The article editor (test/article-editor-cases.ts).
  ...ARTICLE_EDITOR_QUERY_CASES,
};
