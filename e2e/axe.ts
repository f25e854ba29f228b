import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Every page visited is checked against WCAG 2.2 AA (and the 2.0 and 2.1 A/AA rules it builds on). axe runs as
 * a script in the page, which a page with JavaScript disabled cannot do; there, the document as the reader got
 * it — scripts removed — is loaded into a scripted page of its own and checked there.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const javaScriptEnabled = test.info().project.use.javaScriptEnabled !== false;
  let target = page;
  if (!javaScriptEnabled) {
    // Page scripting is off here, so read the document as the server sent it (what this reader's browser parsed).
    // (Once more if the connection drops: a busy test server may reset a kept-alive one.)
    const sent = await page
      .context()
      .request.get(page.url())
      .catch(() => page.context().request.get(page.url()));
    const html = (await sent.text()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
    const context = await page.context().browser()!.newContext({ javaScriptEnabled: true });
    target = await context.newPage();
    await target.route(page.url(), (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await target.goto(page.url());
  }
  try {
    const results = await new AxeBuilder({ page: target }).withTags(TAGS).analyze();
    const summary = results.violations.map(
      (violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
    expect(summary, `axe found violations on ${page.url()}`).toEqual([]);
  } finally {
    if (target !== page) await target.context().close();
  }
}
