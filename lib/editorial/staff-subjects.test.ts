import { describe, expect, it } from 'vitest';
import { STAFF_PAGES, type StaffPage } from '@/lib/moderation/staff-page';
import { withRealIssue } from '@/test/real-issue';
import { PAGES_WITH_SUBJECTS, staffSubjectMissing } from './staff-subjects';

const { db } = withRealIssue();

describe('the subject of a staff page', () => {
  it('is known for every staff page with a parameter, so none of them answers 200 about nothing', () => {
    const withParameter = (Object.keys(STAFF_PAGES) as StaffPage[]).filter((page) => page.includes('['));
    expect(Object.keys(PAGES_WITH_SUBJECTS).sort()).toEqual(withParameter.sort());
  });

  it('is found when the issue, article or author is there, and missing when it is not or the address is malformed', async () => {
    const [article] = await db().query.articles.findMany({ limit: 1 });
    expect(await staffSubjectMissing('/admin/issues/[date]/send', '/admin/issues/2010-09-15/send')).toBe(false);
    expect(await staffSubjectMissing('/admin/articles/[id]', `/admin/articles/${article!.id}`)).toBe(false);
    expect(await staffSubjectMissing('/admin/authors/[id]', `/admin/authors/${article!.authorId}`)).toBe(false);
    expect(await staffSubjectMissing('/admin/issues/[date]', '/admin/issues/2010-09-16')).toBe(true);
    expect(await staffSubjectMissing('/admin/issues/[date]', '/admin/issues/2010-02-31')).toBe(true);
    expect(await staffSubjectMissing('/admin/articles/[id]/revisions', '/admin/articles/99999999999/revisions')).toBe(true);
    expect(await staffSubjectMissing('/admin/authors/[id]', '/admin/authors/%31')).toBe(true);
    expect(await staffSubjectMissing('/admin/issues', '/admin/issues')).toBe(false);
  });
});
