import type { Metadata } from 'next';
import Link from '@/components/Link';
import { forbidden } from 'next/navigation';
import { interruptedPage } from './Interrupted';

export const forbiddenMetadata: Metadata = { title: 'Not allowed', robots: { index: false } };

/** What someone signed in without the page's permission sees on a staff page. */
export function ForbiddenContent() {
  return (
    <>
      <h1>You cannot see this page</h1>
      <p>This page is for the briefing’s staff, and your account’s role does not include the work it is for.</p>
      <p>
        If you should have one, ask an admin. <Link href="/account">Your account</Link> shows who you are signed in as.
      </p>
    </>
  );
}

/** A staff page's answer to someone signed in without its permission (see interruptedPage for how). */
export function forbiddenPage() {
  return interruptedPage(forbidden, <ForbiddenContent />);
}
