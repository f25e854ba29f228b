import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectSameOriginPath, HOSTILE_TABLE, hostileReturnPath, SITE_URL } from '@/test/hostile-paths';
import { safeReturnPath } from './return-path';

process.env.SITE_URL = SITE_URL;

describe('safeReturnPath', () => {
  it.each([
    '/',
    '/account',
    '/responses/resume',
    '/responses/12/report',
    '/issues/2010-09-15?x=1#r',
    '/issues/2010-09-15/we-should-value-local-diversity#response-4',
    '/moderation?tab=pending#item-3',
    '/admin/people?q=ann%40example.org',
    '/search?q=caf%C3%A9&page=2',
    '/issues?next=//evil.example', // a query can say anything: it is not where the browser goes
    '/authors/stian-westlake/before/2010-09-15.3',
    '/a/b%2Fc', // an encoded slash after the first segment cannot make the path leave the site
  ])('keeps %s exactly', (path) => {
    expect(safeReturnPath(path)).toBe(path);
  });

  it.each([
    ['http://localhost:3000/account', '/account'],
    ['http://localhost:3000', '/'],
    ['HTTP://LOCALHOST:3000/issues/2010-09-15?x=1#r', '/issues/2010-09-15?x=1#r'],
    ['http://localhost:3000/moderation?tab=pending#item-3', '/moderation?tab=pending#item-3'],
    ['http://reader:secret@localhost:3000/account', '/account'],
  ])('turns %s, on this site, into its path', (url, path) => {
    expect(safeReturnPath(url)).toBe(path);
  });

  it.each([
    ['/issues/./2010-09-15', '/issues/2010-09-15'],
    ['/issues/x/../2010-09-15', '/issues/2010-09-15'],
    ['/issues//2010-09-15', '/issues/2010-09-15'],
    ['/issues\\2010-09-15', '/issues/2010-09-15'],
    // Each of these resolves to "//evil.example", a link to another host, before its slashes are collapsed.
    ['/.//evil.example', '/evil.example'],
    ['/..//evil.example', '/evil.example'],
    ['/%2e%2e//evil.example', '/evil.example'],
    ['/a/../..//evil.example/x', '/evil.example/x'],
  ])('makes %s canonical: %s', (input, path) => {
    expect(safeReturnPath(input)).toBe(path);
  });

  it.each([
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/%2f/evil.example',
    '/%2Fevil.example',
    '%2F%2Fevil.example',
    '/%5cevil.example',
    '/%5C%5Cevil.example',
    '/.//%2fevil.example',
    '/%09/evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    ' //evil.example',
    ' /account',
    '／／evil.example',
    '/／evil.example',
    '/%EF%BC%8Fevil.example',
    '/＼evil.example',
    'https://evil.example/account',
    'https://localhost:3000/account', // another scheme is another origin
    'http://localhost:3001/account',
    'http://localhost:3000@evil.example/',
    'http:evil.example',
    'HtTp://evil.example',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'blob:http://localhost:3000/4d9c-11ef',
    'account',
    '?x=1',
    '#r',
    '',
    `/${'a'.repeat(2000)}`,
  ])('refuses %j', (value) => {
    expect(safeReturnPath(value)).toBe('/');
  });

  it.each([undefined, null, 42, ['/account'], { toString: () => '/account' }])('refuses %j, not a string', (value) => {
    expect(safeReturnPath(value)).toBe('/');
  });

  it("falls back to the caller's fallback", () => {
    expect(safeReturnPath('//evil.example', '/account')).toBe('/account');
    expect(safeReturnPath(undefined, '/moderation')).toBe('/moderation');
    expect(safeReturnPath('/responses/resume', '/account')).toBe('/responses/resume');
  });

  it(`keeps every one of ${HOSTILE_TABLE.length} hostile values on this site`, () => {
    expect(HOSTILE_TABLE.length).toBeGreaterThanOrEqual(500);
    for (const value of HOSTILE_TABLE) expectSameOriginPath(safeReturnPath(value));
  });

  it('keeps stacked hostile prefixes and arbitrary text on this site, and is its own canonical form', () => {
    fc.assert(
      fc.property(hostileReturnPath, (value) => {
        const output = safeReturnPath(value);
        expectSameOriginPath(output);
        expect(safeReturnPath(output)).toBe(output);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps generated ordinary paths, queries and fragments exactly', () => {
    const segment = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,12}$/).filter((text) => text !== '.' && !text.startsWith('..'));
    const word = fc.stringMatching(/^[a-z0-9]{1,8}$/);
    const ordinary = fc
      .tuple(
        fc.array(segment, { maxLength: 4 }),
        fc.option(fc.array(fc.tuple(word, word), { minLength: 1, maxLength: 3 }), { nil: undefined }),
        fc.option(word, { nil: undefined }),
      )
      .map(([segments, query, fragment]) => {
        const search = query ? `?${query.map(([key, value]) => `${key}=${value}`).join('&')}` : '';
        return `/${segments.join('/')}${search}${fragment ? `#${fragment}` : ''}`;
      });
    fc.assert(
      fc.property(ordinary, (path) => {
        expect(safeReturnPath(path)).toBe(path);
      }),
      { numRuns: 1000 },
    );
  });
});
