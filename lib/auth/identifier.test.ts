import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { verificationTokens } from '@/db/schema';
import { EMAIL_ERRORS } from '@/lib/accounts/email-address';
import { signIn } from '@/lib/auth';
import { sendMail } from '@/lib/mail/send';
import { withFreshDatabase } from '@/test/database';
import { resetRequest } from '@/test/request';
import { EmailAddressRefused } from './identifier';
import { withSignInTicket } from './link-ticket';

/**
 * The real Auth.js, configured by lib/auth/index.ts, asked for a sign-in link as sendSignInLink asks it (with its ticket):
 * the address it stores and mails is normaliseEmail's, and a refused address sends nothing and stores nothing.
 * Only the mail transport and Next's request (headers, cookies) are replaced.
 */

vi.mock('@/lib/mail/send', () => import('@/test/request').then((mocks) => mocks.mail()));
vi.mock('next/headers', () => import('@/test/request').then((mocks) => mocks.headers()));

process.env.SITE_URL = 'http://localhost:3000';

const { connection } = withFreshDatabase();
const tokensFor = (identifier: string) =>
  connection()
    .db.select({ identifier: verificationTokens.identifier })
    .from(verificationTokens)
    .where(eq(verificationTokens.identifier, identifier));

beforeEach(() => {
  resetRequest();
  vi.mocked(sendMail).mockClear();
  // Auth.js logs every refusal with its stack; the assertions below say what matters.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

describe('signing in through Auth.js', () => {
  it('mails the link to the normalised address and keys the token by it', async () => {
    await withSignInTicket(() => signIn('nodemailer', { email: '  Name@BÜCHER.Example ', redirect: false }));

    expect(sendMail).toHaveBeenCalledTimes(1);
    const message = vi.mocked(sendMail).mock.calls[0]![0];
    expect(message.to).toBe('name@xn--bcher-kva.example');
    expect(message.text).toContain(`email=${encodeURIComponent('name@xn--bcher-kva.example')}`);
    expect(await tokensFor('name@xn--bcher-kva.example')).toHaveLength(1);
  });

  it.each([
    ['a Cyrillic look-alike', '\u0430dmin@example.org', EMAIL_ERRORS.mixedScripts],
    ['a hidden zero-width space', 'ad\u200bmin@example.org', EMAIL_ERRORS.invisible],
    ['a second, fullwidth @', 'name@evil.example＠example.org', EMAIL_ERRORS.manyAts],
  ])('refuses %s before any mail or token', async (_what, email, message) => {
    const refusal = await withSignInTicket(() => signIn('nodemailer', { email, redirect: false })).then(
      () => null,
      (error: unknown) => error,
    );

    expect(refusal).toBeInstanceOf(EmailAddressRefused);
    expect((refusal as Error).message).toBe(message);
    expect(sendMail).not.toHaveBeenCalled();
    expect(await connection().db.select().from(verificationTokens)).toHaveLength(1); // the first test's, alone
  });
});
