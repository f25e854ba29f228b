import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GET as issueRoute } from '@/app/api/control/issues/[date]/route';
import { GET as progressRoute } from '@/app/api/control/sends/[id]/route';
import { POST as startRoute } from '@/app/api/control/sends/route';
import { moderationLog, sends } from '@/db/schema';
import { CLIENT_HEADER, PROXIED_HEADER } from '@/lib/http/client-address.mjs';
import { withRealIssue } from '@/test/real-issue';
import { insertPublishedIssue } from '@/test/send-page';
import { freshAudience } from '@/test/sending';
import { closeControlChannel, controlToken, openControlChannel } from './channel';
import { controlFilePath, readControlFile, writeControlFile } from './file';

/**
 * The control channel's routes (`npm run send` reaching the server that holds the embedded database): the command
 * line on this machine with the server's token gets the send page's command, refusals and all; anyone else gets an
 * answer and nothing done; nothing is ever cached; on PostgreSQL the channel is not there at all.
 */

const { db } = withRealIssue();
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
let folder: string;

beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-control-'));
  openControlChannel(folder, 3999);
});
afterAll(() => {
  closeControlChannel();
  fs.rmSync(folder, { recursive: true, force: true });
});

type Call = { token?: string | null; client?: string | null; headers?: Record<string, string>; body?: unknown };

function request(method: string, address: string, { token = controlToken(), client = '127.0.0.1', headers = {}, body }: Call) {
  const all: Record<string, string> = { ...headers };
  if (token !== null) all.authorization = `Bearer ${token}`;
  if (client !== null) all[CLIENT_HEADER] = client;
  if (body !== undefined) all['content-type'] = 'application/json';
  return new Request(`http://127.0.0.1:3999${address}`, {
    method,
    headers: all,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const getIssue = (date: string, call: Call = {}) =>
  issueRoute(request('GET', `/api/control/issues/${date}`, call), { params: Promise.resolve({ date }) });
const start = (body: unknown, call: Call = {}) => startRoute(request('POST', '/api/control/sends', { ...call, body }), undefined);
const getProgress = (id: string, call: Call = {}) =>
  progressRoute(request('GET', `/api/control/sends/${id}`, call), { params: Promise.resolve({ id }) });

async function sendsOf(issueId: number) {
  return db().select().from(sends).where(eq(sends.issueId, issueId));
}

async function sendLogEntries() {
  return db()
    .select({ action: moderationLog.action, actorName: moderationLog.actorName })
    .from(moderationLog)
    .where(eq(moderationLog.targetType, 'send'));
}

async function json(response: Response) {
  expect(response.headers.get('cache-control')).toBe('private, no-store');
  return (await response.json()) as Record<string, unknown>;
}

describe.skipIf(onPostgres)('on the embedded database', () => {
  beforeEach(async () => {
    await freshAudience(db(), 3, 'control');
  });

  it('gives the command line on this machine the issue, starts its send as the command line, and shows its progress', async () => {
    const issue = await insertPublishedIssue(db());

    const found = await getIssue(issue.date);
    expect(found.status).toBe(200);
    expect(await json(found)).toEqual({ issueId: issue.id, date: issue.date, send: null, activeSubscribers: 3 });

    const started = await start({ date: issue.date, audienceSeen: 3 });
    expect(started.status).toBe(201);
    const { sendId, audience } = (await json(started)) as { sendId: number; audience: number };
    expect(audience).toBe(3);
    expect(await sendsOf(issue.id)).toEqual([expect.objectContaining({ id: sendId, state: 'sending', startedByName: 'command line' })]);
    expect(await sendLogEntries()).toContainEqual({ action: 'send-start', actorName: 'command line' });

    const progress = await getProgress(String(sendId));
    expect(progress.status).toBe(200);
    expect(await json(progress)).toMatchObject({ sendId, state: 'sending', audience: 3, queued: 3, sent: 0 });
    expect(await json(await getIssue(issue.date))).toMatchObject({ send: { id: sendId, state: 'sending' } });
  });

  it.each<[string, Call]>([
    ['no token', { token: null }],
    ['a wrong token', { token: 'x'.repeat(43) }],
    ['an empty token', { token: '' }],
    ['the token in another scheme', { token: null, headers: { authorization: `Basic ${controlToken()}` } }],
  ])('answers %s with 401 and does nothing', async (_case, call) => {
    const issue = await insertPublishedIssue(db());
    const logged = (await sendLogEntries()).length;

    const answers = [
      await getIssue(issue.date, call),
      await start({ date: issue.date, audienceSeen: 3 }, call),
      await getProgress('1', call),
    ];

    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(Object.keys(await json(answer))).toEqual(['error']);
    }
    expect(await sendsOf(issue.id)).toEqual([]);
    expect(await sendLogEntries()).toHaveLength(logged);
  });

  it.each<[string, Call]>([
    ['another machine', { client: '203.0.113.7' }],
    ['this network', { client: '192.168.1.20' }],
    ['no recorded address (not started by server.mjs)', { client: null }],
    ['a proxy on this machine (Forwarded)', { headers: { forwarded: 'for=203.0.113.7' } }],
    ['a proxy on this machine (X-Real-IP)', { headers: { 'x-real-ip': '203.0.113.7' } }],
    // deploy/nginx sends X-Forwarded-For alone, which Next adds to every request anyway: server.mjs says it came in.
    ['a proxy on this machine (X-Forwarded-For, as server.mjs records it)', { headers: { [PROXIED_HEADER]: '1' } }],
  ])('refuses %s with 403 even with the token, and does nothing', async (_case, call) => {
    const issue = await insertPublishedIssue(db());
    const answers = [
      await getIssue(issue.date, call),
      await start({ date: issue.date, audienceSeen: 3 }, call),
      await getProgress('1', call),
    ];
    for (const answer of answers)
      expect([answer.status, await json(answer)]).toEqual([403, { error: expect.stringContaining('this machine') }]);
    expect(await sendsOf(issue.id)).toEqual([]);
  });

  it('takes IPv6 loopback as this machine', async () => {
    const issue = await insertPublishedIssue(db());
    expect((await getIssue(issue.date, { client: '::1' })).status).toBe(200);
  });

  it("refuses what the send page refuses, with the command's message, and starts nothing", async () => {
    const sent = await insertPublishedIssue(db());
    expect((await start({ date: sent.date, audienceSeen: 3 })).status).toBe(201);
    const again = await start({ date: sent.date, audienceSeen: 3 });
    expect([again.status, await json(again)]).toEqual([
      409,
      { code: 'conflict', error: `The issue of ${sent.date} is being sent: an issue is sent once.` },
    ]);

    const moved = await insertPublishedIssue(db());
    const stale = await start({ date: moved.date, audienceSeen: 300 });
    expect(stale.status).toBe(409);
    expect((await json(stale)).error).toBe(
      'The page showed 300 active subscribers, but there are now 3. Nothing was sent: please check the number and confirm again.',
    );
    expect(await sendsOf(moved.id)).toEqual([]);

    const draft = await insertPublishedIssue(db(), 'draft');
    const unpublished = await start({ date: draft.date, audienceSeen: 3 });
    expect([unpublished.status, (await json(unpublished)).error]).toEqual([
      409,
      `The issue of ${draft.date} is not published yet: publish it before sending it.`,
    ]);
    expect(await sendsOf(draft.id)).toEqual([]);
  });

  it('answers 404 for an issue or a send that is not there, and 400 for a request that is not one', async () => {
    expect((await getIssue('1999-01-01')).status).toBe(404);
    expect((await getIssue('not-a-date')).status).toBe(404);
    expect((await start({ date: '1999-01-01', audienceSeen: 3 })).status).toBe(404);
    expect((await getProgress('999999')).status).toBe(404);
    expect((await getProgress('1e3')).status).toBe(404);
    for (const body of [{ date: '2010-09-15' }, { date: '2010-02-30', audienceSeen: 1 }, { date: '2010-09-15', audienceSeen: -1 }, 'yes']) {
      const answer = await start(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      await json(answer);
    }
  });
});

describe('the channel itself', () => {
  it.skipIf(onPostgres)(
    "keeps the server's address and token in the data folder, for this user only, and removes them when closed",
    async () => {
      const file = controlFilePath(folder);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(readControlFile(folder)).toEqual({ url: 'http://127.0.0.1:3999', token: controlToken(), pid: process.pid });
      expect(controlToken()).toMatch(/^[\w-]{43}$/); // 256 bits

      closeControlChannel();
      try {
        expect(fs.existsSync(file)).toBe(false);
        const issue = await insertPublishedIssue(db());
        expect((await getIssue(issue.date, { token: 'x'.repeat(43) })).status).toBe(404);
      } finally {
        openControlChannel(folder, 3999);
      }
    },
  );

  it("gives every server start a token of its own, and leaves a newer server's file alone when an older one closes", () => {
    const first = controlToken();
    openControlChannel(folder, 3999);
    expect(controlToken()).not.toBe(first);
    expect(readControlFile(folder)?.token).toBe(controlToken());

    const newer = { url: 'http://127.0.0.1:4000', token: 'y'.repeat(43), pid: process.pid + 1 };
    writeControlFile(folder, newer);
    closeControlChannel();
    expect(readControlFile(folder)).toEqual(newer);
    openControlChannel(folder, 3999);
  });

  it.skipIf(!onPostgres)('is not there on PostgreSQL, even for the right token from this machine', async () => {
    const issue = await insertPublishedIssue(db());
    const answers = [await getIssue(issue.date), await start({ date: issue.date, audienceSeen: 0 }), await getProgress('1')];
    for (const answer of answers) expect(answer.status).toBe(404);
    expect(await sendsOf(issue.id)).toEqual([]);
  });
});
