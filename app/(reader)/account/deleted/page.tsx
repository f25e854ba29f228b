import type { Metadata } from 'next';
import Link from '@/components/Link';
import { redirect } from 'next/navigation';
import { currentUser } from '@/lib/auth/session';
import { paths } from '@/lib/site';

export const metadata: Metadata = { title: 'Your account is deleted', robots: { index: false } };

/**
 * Where deleting the account lands. Its own page, because the home page is cached and the same for everyone, so it
 * cannot carry this message. Dynamic (it reads the session): someone signed in is not told their account is gone.
 */
export default async function AccountDeletedPage() {
  if (await currentUser()) redirect('/account');
  return (
    <>
      <h1>Your account is deleted</h1>
      <p role="status">
        Your email address and name are gone, and you are signed out everywhere. Your responses stay, signed “a former reader”.
      </p>
      <p>
        <Link href={paths.home}>Back to the latest briefing</Link>
      </p>
    </>
  );
}
