import { Suspense, type ReactNode } from 'react';

function Interrupt({ interrupt }: { interrupt: () => never }): never {
  return interrupt();
}

/**
 * A page that ends in Next's notFound() or forbidden() with its explanation in the HTML itself. Called straight from
 * a page, either one answers with its status, but Next (16.4) then sends an empty error document whose content only
 * JavaScript renders — a blank page for a reader without it. Thrown inside a Suspense boundary instead, the
 * boundary's fallback (`content`, the same as app/not-found.tsx or app/forbidden.tsx, which JavaScript swaps in) is
 * in the HTML. The status still reaches a page rendered whole before it is sent (the cached reading pages); for a
 * page rendered per request Next has fixed it at 200 by then, so proxy.ts sets that page's 403 or 404 before it
 * renders (pageStatus there).
 */
export function interruptedPage(interrupt: () => never, content: ReactNode) {
  return (
    <Suspense fallback={content}>
      <Interrupt interrupt={interrupt} />
    </Suspense>
  );
}
