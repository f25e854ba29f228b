import { parse } from 'csv-parse/sync';
import { describe, expect, it, vi } from 'vitest';
import { GET as failuresCsv } from '@/app/(staff)/admin/issues/[date]/send/failures.csv/route';
import { GET as progressJson } from '@/app/(staff)/admin/issues/[date]/send/progress/route';
import { makeCaller, signInAs, type Caller } from '@/test/moderation';
import { withRealIssueForActions } from '@/test/real-issue';
import { insertPublishedIssue, insertSend } from '@/test/send-page';

/** The send page's JSON and CSV: staff with 'send-issues' only, never cached, CSV cells safe in a spreadsheet. */

vi.mock('next/navigation', () => import('@/test/request').then((mocks) => mocks.navigation()));
vi.mock('next/headers', () => import('@/test/request').then((mocks) => mocks.headers()));
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));
vi.mock('@/lib/auth/session', (importActual) => import('@/test/request').then((mocks) => mocks.session(importActual)));

const { db } = withRealIssueForActions();

async function as(caller: Caller) {
  signInAs(db(), await makeCaller(db(), caller));
}

const at = (date: string) => ({ params: Promise.resolve({ date }) });
const ROUTES = [
  ['progress', (date: string) => progressJson(new Request(`http://localhost:3000/admin/issues/${date}/send/progress`), at(date))],
  ['failures.csv', (date: string) => failuresCsv(new Request(`http://localhost:3000/admin/issues/${date}/send/failures.csv`), at(date))],
] as const;

describe.each(ROUTES)('%s', (name, get) => {
  it.each([
    ['signed out', 401],
    ['reader', 403],
    ['moderator', 403],
  ] as const)('answers %s with %i, reading nothing', async (caller, status) => {
    const issue = await insertPublishedIssue(db());
    await insertSend(db(), issue.id, 'sending', [{ status: 'failed', email: `secret-${name}-${caller.replace(' ', '-')}@example.org` }]);
    await as(caller);

    const response = await get(issue.date);

    expect(response.status).toBe(status);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(await response.text()).not.toContain('secret');
  });

  it('answers 404 for an issue without a send', async () => {
    const issue = await insertPublishedIssue(db());
    await as('editor');
    const response = await get(issue.date);
    expect(response.status).toBe(404);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('the progress', () => {
  it('gives an editor the counts, never cached', async () => {
    const issue = await insertPublishedIssue(db());
    await insertSend(db(), issue.id, 'sending', [
      { status: 'sent' },
      { status: 'sent' },
      { status: 'failed' },
      { status: 'queued' },
      { status: 'skipped' },
    ]);
    await as('editor');

    const response = await ROUTES[0][1](issue.date);

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(await response.json()).toMatchObject({
      state: 'sending',
      audience: 5,
      sent: 2,
      failed: 1,
      uncertain: 0,
      skipped: 1,
      remaining: 1,
    });
  });
});

describe('the failures as CSV', () => {
  it('lists the failed and uncertain as filtered, with formula cells neutralised', async () => {
    const issue = await insertPublishedIssue(db());
    await insertSend(db(), issue.id, 'done', [
      { status: 'failed', email: 'ann@example.org', answer: '=HYPERLINK("http://evil.example","550")' },
      { status: 'uncertain', email: 'bob@example.org', answer: null },
      { status: 'sent', email: 'cy@example.org' },
      { status: 'failed', email: 'dee@other.example', answer: '550 5.1.1 no such user' },
    ]);
    await as('admin');

    const all = await failuresCsv(new Request(`http://localhost:3000/admin/issues/${issue.date}/send/failures.csv`), at(issue.date));
    expect(all.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(all.headers.get('content-disposition')).toBe(`attachment; filename="failures-${issue.date}.csv"`);
    const rows = parse(await all.text()) as string[][];
    expect(rows.map((row) => row.slice(0, 4))).toEqual([
      ['email', 'status', 'attempts', 'answer'],
      ['ann@example.org', 'failed', '1', `'=HYPERLINK("http://evil.example","550")`],
      ['bob@example.org', 'uncertain', '1', ''],
      ['dee@other.example', 'failed', '1', '550 5.1.1 no such user'],
    ]);

    const filtered = await failuresCsv(
      new Request(`http://localhost:3000/admin/issues/${issue.date}/send/failures.csv?status=failed&q=example.org`),
      at(issue.date),
    );
    expect((parse(await filtered.text()) as string[][]).map((row) => row[0])).toEqual(['email', 'ann@example.org']);
  });
});
