'use client';

import { SomethingWentWrong } from '@/components/SomethingWentWrong';
import './globals.css';

/** The last resort, when even the site's frame failed: a document of its own. */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en-GB">
      <body>
        <main id="main">
          <SomethingWentWrong reset={reset} />
        </main>
      </body>
    </html>
  );
}
