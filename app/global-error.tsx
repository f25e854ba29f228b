'use client';

import { SomethingWentWrong } from '@/components/SomethingWentWrong';
import './globals.css';

/**
 * The last resort, when even the site's frame failed: a document of its own, so it names itself (no metadata of the
 * layout reaches it) — every page needs a title, this one too.
 */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en-GB">
      <head>
        <title>Something went wrong</title>
      </head>
      <body>
        <main id="main">
          <SomethingWentWrong reset={reset} />
        </main>
      </body>
    </html>
  );
}
