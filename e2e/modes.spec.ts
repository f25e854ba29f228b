import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe';
import { newReader, staffPage } from './readers';

// An article's responses mode, switched by a moderator from the queue: closed shows why and no form. (Premoderated
// is in moderation.spec.ts.) The article is e2e/fixtures' own, so no other test meets a closed form.

const CLOSED = { path: '/issues/2010-08-18/a-discussion-now-closed', title: 'A discussion now closed' };

test('a moderator closes an article: readers are told, and there is no form', async ({ page, browser }) => {
  const moderator = await staffPage(browser, 'moderator');
  await moderator.goto('/moderation');
  await moderator.getByLabel('Article').selectOption({ label: `2010-08-18: ${CLOSED.title}` });
  await moderator.getByRole('button', { name: 'Show' }).click();
  const modes = moderator.getByRole('group', { name: `Responses to “${CLOSED.title}”` });
  await modes.getByLabel('Closed').check();
  await modes.getByRole('button', { name: 'Change' }).click();
  await expect(moderator.getByRole('status').filter({ hasText: 'responses setting is changed' })).toBeVisible();
  await expect(modes.getByLabel('Closed')).toBeChecked();

  await newReader(page, 'Pat Patient');
  await page.goto(CLOSED.path);
  await expect(page.getByRole('region', { name: 'Respond' })).toContainText('Responses to this article are closed.');
  await expect(page.getByLabel('Your response', { exact: true })).toHaveCount(0);
  await expectAccessible(page);

  await moderator.goto('/moderation/log?action=article-mode');
  await expect(
    moderator
      .getByRole('row')
      .filter({ hasText: `Article “${CLOSED.title}”` })
      .first(),
  ).toContainText('Responses: open → closed');
});
