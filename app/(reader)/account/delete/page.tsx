import type { Metadata } from 'next';
import Link from '@/components/Link';
import { redirect } from 'next/navigation';
import { DeleteAccountForm } from '@/components/forms/DeleteAccountForm';
import { currentUser } from '@/lib/auth/session';
import { signInPath } from '@/lib/routing/sign-in-path';

export const metadata: Metadata = { title: 'Delete your account', robots: { index: false } };

/** The second step of deleting the account: what goes and what stays, then "delete" typed to confirm. */
export default async function DeleteAccountPage() {
  const user = await currentUser();
  if (!user) redirect(signInPath({ returnTo: '/account/delete' }));
  return (
    <>
      <h1>Delete your account?</h1>
      <p>
        The account of <strong>{user.email}</strong> goes for good: your email address and name are deleted and you are signed out
        everywhere. Your responses stay where they are, signed “a former reader”, so that the conversations you took part in still make
        sense — <Link href="/account">delete any you want gone first</Link>.
      </p>
      <DeleteAccountForm />
      <p>
        <Link href="/account">Keep my account</Link>
      </p>
    </>
  );
}
