import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';

const SECRET = 'a-test-secret-that-is-long-enough-to-sign-with';

beforeAll(() => {
  process.env.AUTH_SECRET = SECRET;
  process.env.SITE_URL = 'https://briefing.example.org';
  process.env.MAIL_FROM = '"The Briefing" <news@mail.example.org>';
});

const unsubscribe = () => import('./unsubscribe');
const signed = (text: string) => createHmac('sha256', SECRET).update(text).digest('base64url');
const USER = '5f0c7a4e-3d5c-4c41-9a53-2f1f0d2b6a10';
const OTHER = '9b8e2d1c-0a4f-4e6b-8c3d-7a6b5c4d3e2f';

describe('unsubscribe tokens', () => {
  it('accepts the token of a reply email sent before purposes were named, HMAC of "unsubscribe:replies:<id>"', async () => {
    const { checkUnsubscribeToken, unsubscribeToken } = await unsubscribe();
    const legacy = signed(`unsubscribe:replies:${USER}`);
    expect(unsubscribeToken('replies', USER)).toBe(legacy);
    expect(checkUnsubscribeToken({ purpose: 'replies', id: USER, token: legacy })).toBe(true);
  });

  it('refuses a token made for another recipient or another purpose', async () => {
    const { checkUnsubscribeToken, unsubscribeToken } = await unsubscribe();
    expect(checkUnsubscribeToken({ purpose: 'replies', id: OTHER, token: unsubscribeToken('replies', USER) })).toBe(false);
    // What a briefing link for the same person would carry: it must not turn off their reply emails.
    expect(checkUnsubscribeToken({ purpose: 'replies', id: USER, token: signed(`unsubscribe:briefing:${USER}`) })).toBe(false);
  });

  it('refuses altered, cut and empty tokens without throwing', async () => {
    const { checkUnsubscribeToken, unsubscribeToken } = await unsubscribe();
    const token = unsubscribeToken('replies', USER);
    const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const wrong of [altered, token.slice(0, -1), `${token}A`, '', 'ü'.repeat(token.length)]) {
      expect(checkUnsubscribeToken({ purpose: 'replies', id: USER, token: wrong })).toBe(false);
    }
  });
});

describe('unsubscribe links', () => {
  it('are absolute, name their purpose, and read back as a link whose token checks', async () => {
    const { checkUnsubscribeToken, readUnsubscribeLink, unsubscribeUrl } = await unsubscribe();
    const page = new URL(unsubscribeUrl('replies', USER));
    const oneClick = new URL(unsubscribeUrl('replies', USER, { oneClick: true }));
    expect(page.origin + page.pathname).toBe('https://briefing.example.org/notifications/unsubscribe');
    expect(oneClick.origin + oneClick.pathname).toBe('https://briefing.example.org/api/notifications/unsubscribe');
    for (const url of [page, oneClick]) {
      const link = readUnsubscribeLink(Object.fromEntries(url.searchParams));
      expect(link).toEqual({ purpose: 'replies', id: USER, token: expect.any(String) });
      expect(checkUnsubscribeToken(link!)).toBe(true);
    }
  });

  it('reads the links reply emails carried before purposes were named (?user=&token=)', async () => {
    const { readUnsubscribeLink } = await unsubscribe();
    expect(readUnsubscribeLink({ user: USER, token: 'abc' })).toEqual({ purpose: 'replies', id: USER, token: 'abc' });
  });

  it('reads nothing from an incomplete link or one for a purpose there is no such email for', async () => {
    const { readUnsubscribeLink } = await unsubscribe();
    expect(readUnsubscribeLink({})).toBeUndefined();
    expect(readUnsubscribeLink({ user: USER })).toBeUndefined();
    expect(readUnsubscribeLink({ purpose: 'replies', id: USER })).toBeUndefined();
    expect(readUnsubscribeLink({ purpose: 'replies', user: USER, token: 'abc' })).toBeUndefined();
    expect(readUnsubscribeLink({ purpose: 'everything', id: USER, token: 'abc' })).toBeUndefined();
    expect(readUnsubscribeLink({ purpose: 'constructor', id: USER, token: 'abc' })).toBeUndefined();
  });
});

describe('List-Unsubscribe headers', () => {
  it('offer the one-click https address and a mailto: whose subject carries the same checked link', async () => {
    const { checkUnsubscribeToken, listUnsubscribeHeaders, readUnsubscribeLink, readUnsubscribeSubject } = await unsubscribe();
    const headers = listUnsubscribeHeaders('briefing', '42');
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const match = /^<(https:[^>]+)>, <(mailto:[^>]+)>$/.exec(headers['List-Unsubscribe']);
    expect(match).not.toBeNull();
    const https = new URL(match![1]!);
    expect(https.origin + https.pathname).toBe('https://briefing.example.org/api/notifications/unsubscribe');
    expect(readUnsubscribeLink(Object.fromEntries(https.searchParams))).toMatchObject({ purpose: 'briefing', id: '42' });
    const mailto = new URL(match![2]!);
    expect(mailto.pathname).toBe('unsubscribe@mail.example.org');
    const subject = mailto.searchParams.get('subject')!;
    const link = readUnsubscribeSubject(`Re: ${subject}`);
    expect(link).toMatchObject({ purpose: 'briefing', id: '42' });
    expect(checkUnsubscribeToken(link!)).toBe(true);
    // Header values stay on one line and inside the angle brackets.
    expect(headers['List-Unsubscribe']).not.toMatch(/[\r\n]/);
    expect(match![2]).not.toMatch(/[\s<>]/);
  });

  it('open the preferences page with the same token', async () => {
    const { checkUnsubscribeToken, preferencesUrl, readUnsubscribeLink } = await unsubscribe();
    const url = new URL(preferencesUrl('follows', USER));
    expect(url.origin + url.pathname).toBe('https://briefing.example.org/email');
    const link = readUnsubscribeLink(Object.fromEntries(url.searchParams));
    expect(link).toMatchObject({ purpose: 'follows', id: USER });
    expect(checkUnsubscribeToken(link!)).toBe(true);
  });

  it('read nothing from a subject that is not an unsubscribe request', async () => {
    const { readUnsubscribeSubject } = await unsubscribe();
    expect(readUnsubscribeSubject('Hello')).toBeUndefined();
    expect(readUnsubscribeSubject('unsubscribe everything 42 abcdefghijklmnopqrstuvwxyz')).toBeUndefined();
  });
});
