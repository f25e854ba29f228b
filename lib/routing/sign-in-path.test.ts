import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectSameOriginPath, HOSTILE_TABLE, hostileReturnPath, SITE_URL } from '@/test/hostile-paths';
import { safeReturnPath } from './return-path';
import { signInPath, type SignInError, type SignInReason } from './sign-in-path';

process.env.SITE_URL = SITE_URL;

/** The address as the sign-in page reads it: its path and each query parameter, decoded. */
function read(path: string): { pathname: string; params: [string, string][] } {
  const url = new URL(path, SITE_URL);
  return { pathname: url.pathname, params: [...url.searchParams] };
}

describe('signInPath', () => {
  it('is the bare page when nothing is asked', () => {
    expect(signInPath()).toBe('/signin');
    expect(signInPath({})).toBe('/signin');
  });

  it.each([
    ['/account', '/signin?callbackUrl=%2Faccount'],
    ['/', '/signin?callbackUrl=%2F'],
    ['/responses/12/report', '/signin?callbackUrl=%2Fresponses%2F12%2Freport'],
    // The return path's own query stays inside the one parameter.
    ['/admin/people?q=ann%40example.org&after=x', '/signin?callbackUrl=%2Fadmin%2Fpeople%3Fq%3Dann%2540example.org%26after%3Dx'],
    ['/moderation?tab=pending#item-3', '/signin?callbackUrl=%2Fmoderation%3Ftab%3Dpending%23item-3'],
    ['/search?q=a+b', '/signin?callbackUrl=%2Fsearch%3Fq%3Da%2Bb'],
  ])('encodes %s as a single parameter', (returnTo, expected) => {
    expect(signInPath({ returnTo })).toBe(expected);
    expect(read(expected).params).toEqual([['callbackUrl', returnTo]]);
  });

  it('gives the page the return path as safeReturnPath writes it', () => {
    expect(read(signInPath({ returnTo: '/issues//2010-09-15' })).params).toEqual([['callbackUrl', '/issues/2010-09-15']]);
    expect(read(signInPath({ returnTo: `${SITE_URL}/account` })).params).toEqual([['callbackUrl', '/account']]);
    expect(read(signInPath({ returnTo: '/search?q=a b' })).params).toEqual([['callbackUrl', '/search?q=a%20b']]);
  });

  it.each(['//evil.example', 'https://evil.example/account', 'javascript:alert(1)', '/\\evil.example', '', 'account'])(
    'sends a hostile return path %j home instead',
    (returnTo) => {
      expect(signInPath({ returnTo })).toBe('/signin?callbackUrl=%2F');
    },
  );

  it(`keeps every one of ${HOSTILE_TABLE.length} hostile return paths on this site`, () => {
    for (const returnTo of HOSTILE_TABLE) {
      const { pathname, params } = read(signInPath({ returnTo }));
      expect(pathname).toBe('/signin');
      expect(params.map(([name]) => name)).toEqual(['callbackUrl']);
      expectSameOriginPath(params[0]![1]);
    }
  });

  it('keeps stacked hostile prefixes and arbitrary text on this site, in one parameter', () => {
    fc.assert(
      fc.property(hostileReturnPath, (returnTo) => {
        const { pathname, params } = read(signInPath({ returnTo }));
        expect(pathname).toBe('/signin');
        expect(params).toEqual([['callbackUrl', safeReturnPath(returnTo)]]);
        expectSameOriginPath(params[0]![1]);
      }),
      { numRuns: 1000 },
    );
  });

  it('adds the reason after the return path', () => {
    expect(signInPath({ returnTo: '/responses/resume', reason: 'respond' })).toBe(
      '/signin?callbackUrl=%2Fresponses%2Fresume&reason=respond',
    );
    expect(signInPath({ reason: 'respond' })).toBe('/signin?reason=respond');
  });

  it.each<SignInError>(['Verification', 'Configuration', 'AccessDenied', 'TooManyAttempts'])('names the error %s', (error) => {
    expect(signInPath({ error })).toBe(`/signin?error=${error}`);
  });

  it('encodes a reason or an error so that it cannot add a parameter', () => {
    const reason = 'respond&callbackUrl=//evil.example' as SignInReason;
    const error = 'x#y' as SignInError;
    expect(read(signInPath({ reason, error })).params).toEqual([
      ['reason', reason],
      ['error', error],
    ]);
  });

  it('takes only the reasons and errors the page explains', () => {
    // @ts-expect-error: the page says nothing for a reason it does not know
    expect(signInPath({ reason: 'browse' })).toBe('/signin?reason=browse');
    // @ts-expect-error: nor for an error it does not know
    expect(signInPath({ error: 'Unknown' })).toBe('/signin?error=Unknown');
  });
});
