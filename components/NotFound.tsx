import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { WaysOn } from '@/components/WaysOn';

// No robots tag: Next adds `noindex` to every 404 answer itself.
export const notFoundMetadata: Metadata = { title: 'Page not found' };

/** What a reader sees at an address with nothing behind it. */
export function NotFoundContent() {
  return (
    <>
      <h1>We can’t find that page</h1>
      <p>
        There is no issue, article or author at this address. It may have been mistyped, or the link that brought you here may be out of
        date.
      </p>
      <p>Issues have addresses by their date, like /issues/2010-09-15, and each article sits under its issue.</p>
      <WaysOn />
    </>
  );
}

function NotFoundSignal(): never {
  notFound();
}

/**
 * A page's answer when its issue, article or author does not exist: status 404 with the not-found content in the
 * HTML itself. Calling notFound() straight from a page would also answer 404, but Next (16.4) then sends an empty
 * document whose content only JavaScript renders — a blank page for a reader without it. Thrown inside a Suspense
 * boundary instead, the 404 still reaches the response, and the boundary's fallback (the same content as
 * app/not-found.tsx, which JavaScript swaps in) is in the HTML.
 */
export function notFoundPage() {
  return (
    <Suspense fallback={<NotFoundContent />}>
      <NotFoundSignal />
    </Suspense>
  );
}
