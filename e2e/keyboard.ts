import { expect, type Locator, type Page } from '@playwright/test';

/** Presses Tab until `target` has focus, as a keyboard user would; fails if it is not reached in `limit` stops. */
export async function tabTo(page: Page, target: Locator, limit = 30): Promise<void> {
  for (let stop = 0; stop < limit; stop++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target, `not reached by ${limit} presses of Tab`).toBeFocused({ timeout: 1 });
}
