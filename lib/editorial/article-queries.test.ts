import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { articleRevisions, articles } from '@/db/schema';
import { prepareBriefing } from '@/lib/sending/briefing-email';
import { insertArticle, insertPerson } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { readArticlePreview, readRevisions, REVISIONS_PAGE_SIZE } from './article-queries';

// What the editor's pages read: revisions a page at a time, and the preview's email with drafts in it.

const { db, site } = withRealIssue();

describe('readRevisions', () => {
  it('pages newest first by version, each page after the last one’s version', async () => {
    const editor = await insertPerson(db(), 'editor');
    const id = await insertArticle(db(), site());
    const total = REVISIONS_PAGE_SIZE + 5;
    await db()
      .insert(articleRevisions)
      .values(
        Array.from({ length: total }, (_, index) => ({
          articleId: id,
          version: index + 1,
          kind: 'save' as const,
          savedByName: `Save ${index + 1}`,
          title: 'T',
          slug: 's',
          standfirst: '',
          body: '',
          invitation: '',
          responsesMode: 'open' as const,
        })),
      );

    const first = await readRevisions(editor, id, null);
    const second = await readRevisions(editor, id, first.next);

    expect(first.items.map((item) => item.version)).toEqual(Array.from({ length: REVISIONS_PAGE_SIZE }, (_, index) => total - index));
    expect(first.next).toBe(6);
    expect(second).toEqual({ items: [5, 4, 3, 2, 1].map((version) => expect.objectContaining({ version })), next: null });
  });
});

describe('readArticlePreview', () => {
  it('shows the issue’s email with the draft in it, where a send leaves drafts out', async () => {
    const editor = await insertPerson(db(), 'editor');
    const id = await insertArticle(db(), site());
    await db().update(articles).set({ title: 'A draft in the making', status: 'draft' }).where(eq(articles.id, id));

    const preview = await readArticlePreview(editor, id, editor.email);

    expect(preview?.email.html).toContain('A draft in the making');
    expect((await prepareBriefing(db(), site().issueId)).test.html).not.toContain('A draft in the making');
  });
});
