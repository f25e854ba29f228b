import type { Metadata } from 'next';
import Link from '@/components/Link';
import { SignInForm } from '@/components/forms/SignInForm';
import { ActionButton } from '@/components/forms/ActionButton';
import { signOutAction } from '@/lib/auth/actions';
import { currentUser } from '@/lib/auth/session';
import { safeReturnPath } from '@/lib/routing/return-path';
import type { SignInError, SignInReason } from '@/lib/routing/sign-in-path';
import { singleValues, type RawSearchParams } from '@/lib/routing/search-params';

export const metadata: Metadata = { title: 'Sign in', robots: { index: false } };

type Props = { searchParams: Promise<RawSearchParams> };

const ERRORS: Record<SignInError, string> = {
  Verification: 'That sign-in link has expired or has already been used. Ask for a new one below.',
  Configuration: 'Signing in is not working just now. Please try again later.',
  AccessDenied: 'That account cannot sign in.',
  TooManyAttempts: 'Too many sign-in attempts from your network. Please wait a few minutes, then use your link again.',
};

const REASONS: Record<SignInReason, string> = {
  respond: 'Sign in to post your response. What you wrote is kept, and you can post it as soon as you are back.',
};

/** The entry of `table` named by a query parameter: only the table's own names (not "constructor"). */
function entryFor<Name extends string>(table: Record<Name, string>, name: string | undefined): string | undefined {
  return name !== undefined && Object.hasOwn(table, name) ? table[name as Name] : undefined;
}

export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl, error, reason } = await singleValues<'callbackUrl' | 'error' | 'reason'>(searchParams);
  const back = safeReturnPath(callbackUrl, '/account');
  const user = await currentUser();
  if (user) {
    return (
      <>
        <h1>You are signed in</h1>
        <p>
          As <strong>{user.email}</strong>. <Link href={back}>Continue</Link> or go to <Link href="/account">your account</Link>.
        </p>
        <ActionButton action={signOutAction} label="Sign out" pendingLabel="Signing out…" className="button-secondary" />
      </>
    );
  }
  const notice = entryFor(REASONS, reason);
  return (
    <>
      <h1>Sign in</h1>
      {error && (
        <p className="form-error" role="alert">
          {entryFor(ERRORS, error) ?? 'Something went wrong while signing in. Please ask for a new link.'}
        </p>
      )}
      {notice && <p className="notice">{notice}</p>}
      <p>We will email you a link to sign in: no password to remember. New here? The same link makes your account.</p>
      <SignInForm callbackUrl={back} />
    </>
  );
}
