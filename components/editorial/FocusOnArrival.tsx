'use client';

import { useEffect } from 'react';

/**
 * Focuses the element with id `target` once the page has come back from a form (the issue editor's move buttons),
 * as the address's fragment does without JavaScript: a client-side navigation scrolls to the fragment but leaves
 * focus where it was, on a button that may have moved away. Runs after every render, since pressing the same button
 * twice comes back to the same address.
 */
export function FocusOnArrival({ target }: { target: string | null }) {
  useEffect(() => {
    if (target) document.getElementById(target)?.focus();
  });
  return null;
}
