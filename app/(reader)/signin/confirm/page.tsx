import type { Metadata } from 'next';
import { SignInForm } from '@/components/forms/SignInForm';
import { safeReturnPath } from '@/lib/routing/return-path';
import { signInLinkIsLive } from '@/lib/auth/sign-in-link';
import { singleValues, type RawSearchParams } from '@/lib/routing/search-params';

export const metadata: Metadata = { title: 'Finish signing in', robots: { index: false } };

type Props = { searchParams: Promise<RawSearchParams> };

/**
 * Where the emailed link leads. Opening it uses nothing up: mail scanners open links to check them, so the sign-in
 * happens only when a person presses the button, which POSTs the token to Auth.js.
 */
export default async function ConfirmSignInPage({ searchParams }: Props) {
  const { email, token, callbackUrl } = await singleValues<'email' | 'token' | 'callbackUrl'>(searchParams);
  if (!email || !token || !/^[\w-]{16,200}$/.test(token)) {
    return (
      <>
        <h1>This sign-in link is incomplete</h1>
        <p>
          Part of the link seems to be missing — some mail programs break long links. <a href="/signin">Ask for a new one</a>.
        </p>
      </>
    );
  }
  const back = safeReturnPath(callbackUrl);
  if (!(await signInLinkIsLive(email, token))) {
    return (
      <>
        <h1>This sign-in link has expired or was already used</h1>
        <p>Each link works once, for a limited time. We can send you a new one:</p>
        <SignInForm callbackUrl={back} email={email} />
      </>
    );
  }
  const action = `/api/auth/callback/nodemailer?${new URLSearchParams({ email, token, callbackUrl: back })}`;
  return (
    <>
      <h1>Finish signing in</h1>
      <p>
        You are signing in as <strong>{email}</strong>.
      </p>
      <form method="post" action={action}>
        <button type="submit">Sign in</button>
      </form>
    </>
  );
}
