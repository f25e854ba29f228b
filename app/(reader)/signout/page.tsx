import type { Metadata } from 'next';
import Link from '@/components/Link';
import { ActionButton } from '@/components/forms/ActionButton';
import { signOutAction } from '@/lib/auth/actions';
import { currentUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Sign out', robots: { index: false } };

/** The site's own sign-out page (Auth.js sends /api/auth/signout here): one button, which works without JavaScript. */
export default async function SignOutPage() {
  const user = await currentUser();
  if (!user) {
    return (
      <>
        <h1>You are signed out</h1>
        <p>
          <Link href="/signin">Sign in</Link> again, or go on <Link href="/">reading</Link>.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Sign out</h1>
      <p>
        You are signed in as <strong>{user.email}</strong>. Signing out ends this session on this device.
      </p>
      <ActionButton action={signOutAction} label="Sign out" pendingLabel="Signing out…" />
    </>
  );
}
