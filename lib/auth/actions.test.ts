import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { log } from '@/lib/ops/log.mjs';
import { rateLimits, signInNetworks, users } from '@/db/schema';
import { signIn, signOut } from '@/lib/auth';
import { currentUser, type CurrentUser } from '@/lib/auth/session';
import { withFreshDatabase } from '@/test/database';
import { redirectOf } from '@/test/redirect';
import { request, resetRequest } from '@/test/request';
import { requestSignIn, signOutAction } from './actions';

/**
 * The sign-in actions as a form calls them, against a real (fresh, migrated) database for the rate limits.
 * Auth.js itself is replaced: these tests check what the action asks of it, not how it sends the link.
 */

vi.mock('next/navigation', () => import('@/test/request').then((mocks) => mocks.navigation()));
vi.mock('next/headers', () => import('@/test/request').then((mocks) => mocks.headers()));
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));
vi.mock('@/lib/auth/session', (importActual) => import('@/test/request').then((mocks) => mocks.session(importActual)));

process.env.SITE_URL = 'http://localhost:3000';

const { connection } = withFreshDatabase();
const db = () => connection().db;

let client = 0;

beforeEach(() => {
  resetRequest();
  vi.mocked(signIn).mockReset().mockResolvedValue(undefined);
  vi.mocked(signOut).mockReset().mockResolvedValue(undefined);
  vi.mocked(currentUser).mockReset().mockResolvedValue(null);
  // Each test from its own network, so that the per-network limit of one does not reach another.
  client += 1;
  from(`203.0.113.${client}`);
  request.forwardedFor = `198.51.100.${client}`;
});

function from(address: string) {
  request.client = address;
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
}

/** The limits count in fixed windows: start a test that counts several hits well inside one, never across an edge. */
async function awayFromWindowEdge(windowSeconds: number, marginMs = 10_000) {
  const size = windowSeconds * 1000;
  const left = size - (Date.now() % size);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

const counters = (key: string) => db().select({ count: rateLimits.count }).from(rateLimits).where(eq(rateLimits.key, key));

describe('requestSignIn', () => {
  it.each([
    ['not-an-address', 'An email address needs an @, like name@example.org.'],
    ['аdmin@example.org', 'This address mixes alphabets in a way that could imitate another address; please type it in one alphabet.'],
    ['admin@ехаmple.org', 'This address mixes alphabets in a way that could imitate another address; please type it in one alphabet.'],
    ['ad\u200bmin@example.org', expect.stringContaining('invisible or control character')],
  ])('refuses %j beside the field, without counting or sending anything', async (email, message) => {
    const before = await db().select().from(rateLimits);
    const state = await requestSignIn(undefined, form({ email, callbackUrl: '/account' }));

    expect(state).toMatchObject({ status: 'error', fieldErrors: { email: message }, values: { email, callbackUrl: '/account' } });
    expect(signIn).not.toHaveBeenCalled();
    expect(await db().select().from(rateLimits)).toEqual(before);
  });

  it('counts and sends to the stored spelling of an address typed in fullwidth letters or with an IDN domain', async () => {
    await redirectOf(requestSignIn(undefined, form({ email: 'Ｒｅａｄｅｒ＠Bücher.example' })));
    expect(signIn).toHaveBeenCalledWith('nodemailer', { email: 'reader@xn--bcher-kva.example', redirectTo: '/', redirect: false });
    expect(await counters('signin:address:reader@xn--bcher-kva.example')).toEqual([{ count: 1 }]);
  });

  it('asks Auth.js for a link to the address, lower-cased and trimmed, and shows the check-your-email page', async () => {
    expect(await counters('signin:address:reader@example.org')).toEqual([]);

    const url = await redirectOf(
      requestSignIn(undefined, form({ email: '  Reader@Example.ORG ', callbackUrl: '/issues/2010-09-15?x=1#r' })),
    );

    expect(url).toBe('/signin/check-email');
    expect(signIn).toHaveBeenCalledTimes(1);
    expect(signIn).toHaveBeenCalledWith('nodemailer', {
      email: 'reader@example.org',
      redirectTo: '/issues/2010-09-15?x=1#r',
      redirect: false,
    });
    expect(await counters(`signin:address-network:reader@example.org:203.0.113.${client}`)).toEqual([{ count: 1 }]);
    expect(await counters('signin:address:reader@example.org')).toEqual([{ count: 1 }]);
    expect(await counters(`signin:network:203.0.113.${client}`)).toEqual([{ count: 1 }]);
    // Asking makes no account: that happens when the link is used.
    expect(await db().select().from(users).where(eq(users.email, 'reader@example.org'))).toEqual([]);
  });

  it('refuses the sixth request for one address from one network within 15 minutes, counting the refusal nowhere', async () => {
    await awayFromWindowEdge(15 * 60);
    for (let i = 0; i < 5; i += 1) {
      expect(await redirectOf(requestSignIn(undefined, form({ email: i % 2 ? 'often@example.org' : 'OFTEN@example.org ' })))).toBe(
        '/signin/check-email',
      );
    }

    const state = await requestSignIn(undefined, form({ email: 'often@example.org' }));

    expect(state.status).toBe('error');
    expect(state.message).toMatch(
      /^Several sign-in links have already been sent to this address\. Please use the latest one, or ask again in \d+ (seconds?|minutes)\.$/,
    );
    expect(state.values).toEqual({ email: 'often@example.org' });
    expect(signIn).toHaveBeenCalledTimes(5);
    expect(await counters(`signin:address-network:often@example.org:203.0.113.${client}`)).toEqual([{ count: 5 }]);
    expect(await counters('signin:address:often@example.org')).toEqual([{ count: 5 }]);
    expect(await counters(`signin:network:203.0.113.${client}`)).toEqual([{ count: 5 }]);
  });

  it('lets a reader sign in from their own network while a stranger floods their address from another', async () => {
    await awayFromWindowEdge(60 * 60);
    from('192.0.2.66');
    for (let i = 0; i < 40; i += 1) await requestSignIn(undefined, form({ email: 'victim@example.org' })).catch(() => undefined);
    expect(signIn).toHaveBeenCalledTimes(5);

    from('203.0.113.200');
    expect(await redirectOf(requestSignIn(undefined, form({ email: 'victim@example.org' })))).toBe('/signin/check-email');
    expect(signIn).toHaveBeenCalledTimes(6);
    // The stranger's 35 refused requests counted nowhere: the address is 6 links in, not 41.
    expect(await counters('signin:address:victim@example.org')).toEqual([{ count: 6 }]);
  });

  it('limits one address across many networks to 15 links an hour', async () => {
    await awayFromWindowEdge(60 * 60);
    for (let i = 0; i < 15; i += 1) {
      from(`192.0.2.${100 + Math.floor(i / 5)}`);
      await redirectOf(requestSignIn(undefined, form({ email: 'inbox@example.org' })));
    }
    from('192.0.2.150');
    const state = await requestSignIn(undefined, form({ email: 'inbox@example.org' }));
    expect(state.message).toMatch(/^Many sign-in links have been asked for this address from several places\./);
    expect(signIn).toHaveBeenCalledTimes(15);
    expect(await counters('signin:network:192.0.2.150')).toEqual([]);
  });

  it('waives the address-wide limit on a network the reader has signed in from before', async () => {
    await awayFromWindowEdge(60 * 60);
    await db().insert(users).values({ email: 'regular@example.org' });
    await db().insert(signInNetworks).values({ email: 'regular@example.org', network: '203.0.113.250' });
    for (let i = 0; i < 15; i += 1) {
      from(`192.0.2.${200 + Math.floor(i / 5)}`);
      await redirectOf(requestSignIn(undefined, form({ email: 'regular@example.org' })));
    }

    from('203.0.113.251');
    expect((await requestSignIn(undefined, form({ email: 'regular@example.org' }))).status).toBe('error');
    from('203.0.113.250');
    expect(await redirectOf(requestSignIn(undefined, form({ email: 'regular@example.org' })))).toBe('/signin/check-email');
  });

  it('counts the network server.mjs recorded, whatever X-Forwarded-For the client wrote', async () => {
    await awayFromWindowEdge(15 * 60);
    for (let i = 0; i < 5; i += 1) {
      request.forwardedFor = `10.9.8.${i}`;
      await redirectOf(requestSignIn(undefined, form({ email: 'forger@example.org' })));
    }
    request.forwardedFor = '10.9.8.77';
    expect((await requestSignIn(undefined, form({ email: 'forger@example.org' }))).status).toBe('error');
    expect(await counters(`signin:address-network:forger@example.org:203.0.113.${client}`)).toEqual([{ count: 5 }]);
  });

  it('counts an IPv6 client by its /64, so fresh addresses from one network share a limit', async () => {
    await awayFromWindowEdge(15 * 60);
    for (let i = 1; i <= 5; i += 1) {
      from(`2001:db8:1:2::${i.toString(16)}`);
      await redirectOf(requestSignIn(undefined, form({ email: 'six@example.org' })));
    }
    from('2001:db8:1:2:ffff::1');
    expect((await requestSignIn(undefined, form({ email: 'six@example.org' }))).status).toBe('error');
    from('2001:db8:1:3::1');
    expect(await redirectOf(requestSignIn(undefined, form({ email: 'six@example.org' })))).toBe('/signin/check-email');
  });

  it('refuses the 21st request from one network within the hour', async () => {
    await awayFromWindowEdge(60 * 60);
    for (let i = 0; i < 20; i += 1) await redirectOf(requestSignIn(undefined, form({ email: `crowd-${i}@example.org` })));

    const state = await requestSignIn(undefined, form({ email: 'crowd-20@example.org' }));

    expect(state.status).toBe('error');
    expect(state.message).toMatch(/^Too many sign-in requests from your network\. Please try again in \d+ (seconds?|minutes|hours?)\.$/);
    expect(signIn).toHaveBeenCalledTimes(20);
  });

  it.each(
    ['https://evil.example', '//evil.example', '/\\evil', 'javascript:alert(1)', '/%2f/evil.example', '／／evil.example'].map(
      (callbackUrl, index) => ({ callbackUrl, index }),
    ),
  )('sends the reader home after signing in, not to $callbackUrl', async ({ callbackUrl, index }) => {
    // An address per case: five requests for one address within minutes is the limit.
    const email = `careful-${index}@example.org`;
    const url = await redirectOf(requestSignIn(undefined, form({ email, callbackUrl })));

    expect(url).toBe('/signin/check-email');
    expect(signIn).toHaveBeenCalledWith('nodemailer', { email, redirectTo: '/', redirect: false });
  });

  it('sends the reader to the canonical path when dot segments would lead to another host', async () => {
    await redirectOf(requestSignIn(undefined, form({ email: 'dots@example.org', callbackUrl: '/.//evil.example' })));
    expect(signIn).toHaveBeenCalledWith('nodemailer', { email: 'dots@example.org', redirectTo: '/evil.example', redirect: false });
  });

  it('keeps a callback on this site given as an absolute URL, as a path', async () => {
    await redirectOf(requestSignIn(undefined, form({ email: 'absolute@example.org', callbackUrl: 'HTTP://LOCALHOST:3000/account' })));
    expect(signIn).toHaveBeenCalledWith('nodemailer', { email: 'absolute@example.org', redirectTo: '/account', redirect: false });
  });

  it('says so when the link cannot be sent', async () => {
    vi.mocked(signIn).mockRejectedValueOnce(new Error('SMTP down'));
    const error = vi.spyOn(log(), 'error').mockImplementation(() => {});

    const state = await requestSignIn(undefined, form({ email: 'unlucky@example.org' }));

    expect(state).toMatchObject({
      status: 'error',
      message: 'We could not send the email just now. Please try again in a few minutes.',
      values: { email: 'unlucky@example.org' },
    });
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });
});

describe('signOutAction', () => {
  it('ends the session and goes home', async () => {
    const reader: CurrentUser = {
      id: 'not-in-the-database',
      email: 'leaving@example.org',
      role: 'reader',
      displayName: 'Leaving',
      affiliation: null,
      notifyReplies: true,
      suspendedUntil: new Date(Date.now() + 86_400_000), // a suspended reader may still sign out
      banned: false,
      sanctionReason: null,
      createdAt: new Date(),
    };
    vi.mocked(currentUser).mockResolvedValue(reader);

    expect(await signOutAction(undefined, form({}))).toEqual({ status: 'done' });
    expect(signOut).toHaveBeenCalledWith({ redirectTo: '/' });
  });

  it('sends a signed-out reader to sign in instead', async () => {
    expect(await redirectOf(signOutAction(undefined, form({})))).toBe('/signin?callbackUrl=%2F');
    expect(signOut).not.toHaveBeenCalled();
  });
});
