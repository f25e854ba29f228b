'use client';

import Link from 'next/link';

/** Shown inside the site's frame when a page fails unexpectedly. It says nothing about the cause. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <>
      <h1>Something went wrong</h1>
      <p>This page could not be shown just now. Please try again in a moment.</p>
      <p>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </p>
      <p>
        <Link href="/">Read the latest issue</Link> or <Link href="/issues">browse the archive</Link>.
      </p>
    </>
  );
}
