import 'server-only';
import { DrizzleAdapter } from '@auth/drizzle-adapter';
import NextAuth from 'next-auth';
import Nodemailer from 'next-auth/providers/nodemailer';
import { getDb } from '@/db/client';
import { accounts, sessions, users, verificationTokens } from '@/db/schema';
import { config } from '@/lib/config';
import { clientNetwork } from '@/lib/http/client';
import { sendMail } from '@/lib/mail/send';
import { signInMessage } from '@/lib/mail/templates/SignInEmail';
import { safeReturnPath } from '@/lib/routing/return-path';
import { SIGN_IN_LINK_MINUTES } from './constants';
import { holdsSignInTicket } from './link-ticket';
import { rememberSignInNetwork } from './sign-in-networks';
import { confirmSignInUrl } from './links';
import { normaliseIdentifier } from './identifier';
import { authSecret } from './secret';
import { log } from '@/lib/ops/log.mjs';

/**
 * Auth.js: passwordless sign-in by email, database sessions (so that ending a session, a suspension or a role
 * change takes effect on the next request), our own pages. Built lazily, per request, because the database
 * opens on first use and never at build time.
 */

export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const { SITE_URL, SMTP_URL } = config();
  // Every URL Auth.js builds uses this origin, never the request's Host header (which a client chooses).
  process.env.AUTH_URL = `${SITE_URL}/api/auth`;
  return {
    secret: authSecret(),
    trustHost: true,
    adapter: DrizzleAdapter(await getDb(), {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    }),
    session: { strategy: 'database', maxAge: 30 * 24 * 60 * 60, updateAge: 24 * 60 * 60 },
    pages: { signIn: '/signin', signOut: '/signout', verifyRequest: '/signin/check-email', error: '/signin' },
    providers: [
      Nodemailer({
        // Not used: sendVerificationRequest below sends through lib/mail, which knows SMTP_URL or the outbox.
        server: SMTP_URL ?? 'smtp://localhost:25',
        maxAge: SIGN_IN_LINK_MINUTES * 60,
        // Instead of Auth.js's own (NFKC, lower case, one @): ours also converts IDN domains and refuses look-alikes.
        normalizeIdentifier: normaliseIdentifier,
        async sendVerificationRequest({ identifier, token, url, expires }) {
          const callbackPath = safeReturnPath(new URL(url).searchParams.get('callbackUrl'));
          await sendMail(await signInMessage(identifier, confirmSignInUrl(identifier, token, callbackPath), expires));
        },
      }),
    ],
    events: {
      // The network a link was used from is the reader's own: the address-wide limit will not keep them out there.
      async signIn({ user }) {
        if (!user.email) return;
        try {
          await rememberSignInNetwork(user.email, await clientNetwork());
        } catch (error) {
          log().error({ err: error }, 'Could not record the network a reader signed in from');
        }
      },
    },
    callbacks: {
      // A link is sent only by sendSignInLink (after the address rules and the limits), never by Auth.js's own
      // endpoint or any other way in. Using a link that was sent is not a verification request: it passes.
      signIn: ({ email }) => !email?.verificationRequest || holdsSignInTicket(),
      // Only ever back to this site.
      redirect: ({ url }) => `${SITE_URL}${safeReturnPath(url)}`,
      // Pages ask lib/auth/session.ts for what they need; the session itself carries only the user's id.
      session: ({ session, user }) => ({ expires: session.expires, user: { id: user.id } }) as never,
    },
  };
});
