import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { latestMailTo, linkIn } from './mail';
import { dataDirOf, type ServerName } from './servers';
import { ESTABLISHED_READERS, STAFF, STAFF_SESSIONS_FILE } from './staff';

let counter = 0;

/** A new reader's address, unique across runs and workers. */
export function newAddress(label = 'reader'): string {
  return `${label}-${Date.now().toString(36)}-${test.info().workerIndex}-${++counter}@example.org`;
}

/**
 * Sets a client address of its own for this page's requests: the sign-in limits count per network, and every test
 * runs from the same one. The e2e servers trust this machine as a proxy (TRUST_PROXY=loopback in e2e/serve.ts), so
 * they read the address from X-Forwarded-For as they would behind nginx.
 */
export async function asOwnClient(page: Page): Promise<void> {
  await page.setExtraHTTPHeaders({
    'x-forwarded-for': `10.${test.info().workerIndex}.${++counter % 250}.${Math.floor(Math.random() * 250)}`,
  });
}

/** Signs in through the real flow: the form, the emailed link read from MAIL_DIR, the confirmation button. */
export async function signIn(page: Page, email: string, from = '/signin'): Promise<void> {
  if (!page.url().includes('/signin')) await page.goto(from);
  await page.getByLabel('Your email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page).toHaveURL(/\/signin\/check-email$/);
  const mail = await latestMailTo(email, /Sign in/);
  await page.goto(linkIn(mail, '/signin/confirm?'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Finish signing in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/signin/);
}

/** Chooses a name (and organisation) on the account page. */
export async function nameMyself(page: Page, name: string, affiliation = ''): Promise<void> {
  await page.goto('/account');
  await page.getByLabel('Your name', { exact: true }).fill(name);
  await page.getByLabel('Your organisation (optional)').fill(affiliation);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
}

/** A signed-in, named reader with an address and a client of their own. */
export async function newReader(page: Page, name: string, affiliation = ''): Promise<string> {
  const email = newAddress();
  await asOwnClient(page);
  await signIn(page, email);
  await nameMyself(page, name, affiliation);
  return email;
}

/** A page of its own, signed in as one of the staff accounts (by the session e2e/prepare.ts stored for it). */
export function staffPage(browser: Browser, who: keyof typeof STAFF): Promise<Page> {
  return preparedSessionPage(browser, who);
}

/** A page of its own, signed in as one of the established readers (whose reports count toward hiding). */
export function establishedReaderPage(browser: Browser, who: keyof typeof ESTABLISHED_READERS): Promise<Page> {
  return preparedSessionPage(browser, who);
}

/**
 * A page of its own, signed in by a session e2e/prepare.ts stored (staff or an established reader) — in the shared
 * server's data folder, or in `dataDir` for a test that runs a server of its own.
 */
export async function preparedSessionPage(browser: Browser, who: string, dataDir?: string): Promise<Page> {
  const folder = dataDir ?? dataDirOf(test.info().project.metadata.server as ServerName);
  const tokens = JSON.parse(fs.readFileSync(path.join(folder, STAFF_SESSIONS_FILE), 'utf8')) as Record<string, string>;
  const cookie = {
    name: 'authjs.session-token',
    value: tokens[who]!,
    domain: 'localhost',
    path: '/',
    expires: -1,
    httpOnly: true,
    secure: false,
    sameSite: 'Lax' as const,
  };
  const context = await browser.newContext({
    javaScriptEnabled: test.info().project.use.javaScriptEnabled !== false,
    storageState: { cookies: [cookie], origins: [] },
  });
  return context.newPage();
}
