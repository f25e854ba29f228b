import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { WaysOn } from '@/components/WaysOn';
import { interruptedPage } from './Interrupted';

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

/** A page's answer when its issue, article, author or response does not exist (see interruptedPage for how). */
export function notFoundPage() {
  return interruptedPage(notFound, <NotFoundContent />);
}
