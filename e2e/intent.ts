import type { Page } from '@playwright/test';

/**
 * Reaches for a reading page as a reader with a mouse does — the pointer moves over it — and waits until React has
 * hydrated it. Reading pages start their scripts only at such a first intent (lib/http/scripts-on-intent.mjs), so a
 * test of what those scripts do (a client-side navigation, a form answering in place) begins here; a click on its
 * own would be over before they ran, and be answered as without JavaScript.
 */
export async function reachFor(page: Page): Promise<void> {
  await page.mouse.move(2, 2);
  await page.mouse.move(8, 8);
  // React marks each element it has hydrated with a property of its own (__reactFiber$…).
  await page.waitForFunction(() => {
    const main = document.querySelector('main');
    return main !== null && Object.keys(main).some((key) => key.startsWith('__reactFiber$'));
  });
}
