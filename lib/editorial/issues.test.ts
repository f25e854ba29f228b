import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { issues } from '@/db/schema';
import { COMMAND_LINE } from '@/lib/commands/actor';
import { run } from '@/test/commands';
import { editorialSnapshot } from '@/test/editorial';
import { lastLogId, logSince } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { expectRefusal } from '@/test/refused';
import { currentArticleAddress, currentIssueDate } from './addresses';
import { createIssue, SUMMARY_MAX, updateIssue } from './issues';

// Making and correcting issues from /admin/issues and the issue editor.

const { db, site } = withRealIssue();

const unchanged = () => editorialSnapshot(db());

async function issueRow(id: number) {
  const [row] = await db().select().from(issues).where(eq(issues.id, id));
  return row!;
}

let day = 0;
/** A date no other test uses. */
const freshDate = () => `2040-01-${String(++day).padStart(2, '0')}`;

describe('creating an issue', () => {
  it('makes a draft with its date, number and summary, and logs it', async () => {
    const date = freshDate();
    const logId = await lastLogId(db());

    const { output, tags } = await run(createIssue, COMMAND_LINE, { date, number: 41, summary: '  Water and power.\r\n' });

    expect(output.date).toBe(date);
    expect(await issueRow(output.id)).toMatchObject({ date, number: 41, summary: 'Water and power.', status: 'draft', publishedAt: null });
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        action: 'issue-create',
        targetType: 'issue',
        targetId: String(output.id),
        before: null,
        after: { date, number: 41, summary: 'Water and power.' },
      }),
    ]);
    expect(tags).toEqual([]); // a draft is on no page
  });

  it('takes an issue with neither number nor summary', async () => {
    const { output } = await run(createIssue, COMMAND_LINE, { date: freshDate() });
    expect(await issueRow(output.id)).toMatchObject({ number: null, summary: '' });
  });

  it('refuses a date another issue has, saying so beside the date', async () => {
    await expectRefusal(
      () => run(createIssue, COMMAND_LINE, { date: '2010-09-15' }),
      { code: 'conflict', message: 'There is already an issue dated 15 September 2010: each issue has a date of its own.', field: 'date' },
      { unchanged, logOf: db() },
    );
  });

  it('refuses a number another issue has, naming that issue', async () => {
    const date = freshDate();
    await run(createIssue, COMMAND_LINE, { date, number: 7 });
    await expectRefusal(
      () => run(createIssue, COMMAND_LINE, { date: freshDate(), number: 7 }),
      { code: 'conflict', message: expect.stringMatching(/^Number 7 is the issue of \d+ January 2040 already\.$/), field: 'number' },
      { unchanged, logOf: db() },
    );
  });

  it.each([
    ['a date that is no day', { date: '2040-02-30' }, 'invalid', 'date'],
    ['a number below 1', { date: '2040-03-01', number: 0 }, 'invalid', 'number'],
    ['a number with a fraction', { date: '2040-03-01', number: 1.5 }, 'invalid', 'number'],
    ['a summary over the limit', { date: '2040-03-01', summary: 's'.repeat(SUMMARY_MAX + 1) }, 'invalid', 'summary'],
  ] as const)('refuses %s', async (_what, input, code, field) => {
    await expectRefusal(
      () => run(createIssue, COMMAND_LINE, input),
      { code, message: expect.any(String), field },
      { unchanged, logOf: db() },
    );
  });
});

describe('correcting an issue', () => {
  it('changes a draft’s date, number and summary, logging before → after, with no old address kept', async () => {
    const oldDate = freshDate();
    const { output } = await run(createIssue, COMMAND_LINE, { date: oldDate, number: 100 });
    const newDate = freshDate();
    const logId = await lastLogId(db());

    const result = await run(updateIssue, COMMAND_LINE, { issueId: output.id, date: newDate, number: 101, summary: 'New.' });

    expect(result.output).toEqual({ date: newDate });
    expect(await issueRow(output.id)).toMatchObject({ date: newDate, number: 101, summary: 'New.' });
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        action: 'issue-update',
        targetId: String(output.id),
        before: { date: oldDate, number: 100, summary: '' },
        after: { date: newDate, number: 101, summary: 'New.' },
      }),
    ]);
    expect(await currentIssueDate(db(), oldDate)).toBeNull();
    expect(result.tags).toContain('issue-dates');
  });

  it('keeps a published issue’s old date, and its articles’ old addresses, leading to the new ones', async () => {
    const { issueId } = site();
    const [article] = await db().query.articles.findMany({ where: (a, { eq: equal }) => equal(a.issueId, issueId), limit: 1 });

    const { tags } = await run(updateIssue, COMMAND_LINE, { issueId, date: '2010-09-16', number: null, summary: '' });

    expect(await currentIssueDate(db(), '2010-09-15')).toBe('2010-09-16');
    expect(await currentArticleAddress(db(), '2010-09-15', article!.slug)).toEqual({ date: '2010-09-16', slug: article!.slug });
    expect(tags).toEqual(
      expect.arrayContaining([`issue:${issueId}`, 'issue-dates', 'archive', 'feed', 'sitemap', `author:${site().authorId}`]),
    );

    // Moving back makes the old date the issue's own again, and the other date a redirect.
    await run(updateIssue, COMMAND_LINE, { issueId, date: '2010-09-15', number: null, summary: '' });
    expect(await currentIssueDate(db(), '2010-09-15')).toBeNull();
    expect(await currentIssueDate(db(), '2010-09-16')).toBe('2010-09-15');
  });

  it('refuses a date another issue has', async () => {
    const { output } = await run(createIssue, COMMAND_LINE, { date: freshDate() });
    await expectRefusal(
      () => run(updateIssue, COMMAND_LINE, { issueId: output.id, date: '2010-09-15', summary: '' }),
      { code: 'conflict', message: 'There is already an issue dated 15 September 2010: each issue has a date of its own.', field: 'date' },
      { unchanged, logOf: db() },
    );
  });

  it('refuses a save that changes nothing, and an issue that is not there', async () => {
    const date = freshDate();
    const { output } = await run(createIssue, COMMAND_LINE, { date, summary: 'Same.' });
    await expectRefusal(
      () => run(updateIssue, COMMAND_LINE, { issueId: output.id, date, number: null, summary: ' Same. ' }),
      { code: 'conflict', message: 'Nothing to change: the issue is already as given.' },
      { unchanged, logOf: db() },
    );
    await expectRefusal(
      () => run(updateIssue, COMMAND_LINE, { issueId: 999_999, date: freshDate() }),
      { code: 'not-found', message: 'There is no such issue (any more).' },
      { unchanged, logOf: db() },
    );
  });
});
