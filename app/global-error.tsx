'use client';

import './globals.css';

/** The last resort, when even the site's frame failed: a page of its own, with no details of the cause. */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en-GB">
      <body>
        <main id="main">
          <h1>Something went wrong</h1>
          <p>The site could not be shown just now. Please try again in a moment.</p>
          <p>
            <button type="button" onClick={reset}>
              Try again
            </button>
          </p>
          {/* A plain link: the client router may be what failed. */}
          <a href="/">Go to the latest issue</a>
        </main>
      </body>
    </html>
  );
}
