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
    // Page scripting is off here, so the document this reader's browser parsed (once it has all arrived) is checked
    // in a page of its own, its scripts removed. Not fetched again: a second request is not what the reader saw
    // (a busy server once answered it with its error page).
    await page.waitForLoadState('load');
    const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
    target = await documentPage(page, page.url(), html);
  }
  try {
    // A sandboxed frame without scripts (the email preview) cannot run axe — Chromium runs the injected code but
    // never its timers, so the check would hang — so its document is checked as a page of its own below.
    const results = await new AxeBuilder({ page: target }).withTags(TAGS).exclude(SANDBOXED).analyze();
    expect(summarise(results.violations), `axe found violations on ${page.url()}`).toEqual([]);
    for (const [index, srcdoc] of (await target.locator(SANDBOXED).evaluateAll(framesDocuments)).entries()) {
      const framed = await documentPage(page, `${new URL(page.url()).origin}/__sandboxed-frame-${index}`, srcdoc);
      try {
        const inner = await new AxeBuilder({ page: framed }).withTags(TAGS).analyze();
        expect(summarise(inner.violations), `axe found violations in frame ${index} of ${page.url()}`).toEqual([]);
      } finally {
        await framed.context().close();
      }
    }
  } finally {
    if (target !== page) await target.context().close();
  }
}

const SANDBOXED = 'iframe[sandbox]';

function framesDocuments(frames: Element[]): string[] {
  return frames.map((frame) => frame.getAttribute('srcdoc') ?? '');
}

function summarise(violations: { id: string; help: string; nodes: { target: unknown[] }[] }[]): string[] {
  return violations.map(
    (violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
}

/** A scripted page of its own in a fresh context, showing `html` at `url` (which is never requested). */
async function documentPage(page: Page, url: string, html: string): Promise<Page> {
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: true });
  const target = await context.newPage();
  await target.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await target.goto(url);
  return target;
}
