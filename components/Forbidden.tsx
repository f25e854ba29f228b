import type { Metadata } from 'next';
import Link from 'next/link';
import { forbidden } from 'next/navigation';
import { Suspense } from 'react';

export const forbiddenMetadata: Metadata = { title: 'Not allowed', robots: { index: false } };

/** What someone signed in without the right role sees on a staff page. */
export function ForbiddenContent() {
  return (
    <>
      <h1>You cannot see this page</h1>
      <p>This page is for the briefing’s staff, and your account does not have a staff role.</p>
      <p>
        If you should have one, ask an admin. <Link href="/account">Your account</Link> shows who you are signed in as.
      </p>
    </>
  );
}

function ForbiddenSignal(): never {
  forbidden();
}

/**
 * A staff page's answer to a signed-in reader. Calling forbidden() straight from the page would answer 403, but Next
 * (16.4) then sends an empty error document whose content only JavaScript renders (as with notFound(): see
 * NotFound.tsx). Inside a Suspense boundary, the explanation is in the HTML for every reader; on these streamed,
 * dynamic pages the status is then 200 (the headers have gone before the boundary throws), and JavaScript swaps
 * in app/forbidden.tsx. Nothing staff-only is rendered either way, and the staff queries refuse on their own.
 */
export function forbiddenPage() {
  return (
    <Suspense fallback={<ForbiddenContent />}>
      <ForbiddenSignal />
    </Suspense>
  );
}
