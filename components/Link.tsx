import NextLink from 'next/link';
import type { ComponentProps } from 'react';

/**
 * The site's links: Next's Link, client-side navigation and all, but without prefetching. Next fetches the page
 * behind every link in view once the browser is idle — twelve on the archive's first screen, fifty as it is scrolled
 * (e2e/reading.spec.ts) — costing each reader main-thread time and data and the server a request per link, for pages
 * its cache serves in milliseconds when they are clicked. A link that should prefetch says so (`prefetch`).
 * eslint.config.mjs keeps next/link from being imported anywhere else.
 */
export default function Link(props: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={false} {...props} />;
}
