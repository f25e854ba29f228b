import type { Db } from '@/db/client';
import { articles, authors, issues } from '@/db/schema';

/**
 * Draft issues for e2e/editorial-publish.spec.ts, made by e2e/prepare.ts: each test (and each project of a test
 * that runs with and without JavaScript) publishes an issue of its own. All are dated before the newest issue
 * (2010-09-15), so publishing them never changes which issue the home page shows to the other specs.
 */
export const PUBLISH_DRAFTS = {
  now: { date: '2010-09-08', words: '8 September 2010' },
  unpublish: { date: '2010-07-07', words: '7 July 2010' },
  unpublishNoJs: { date: '2010-07-14', words: '14 July 2010' },
  schedule: { date: '2010-07-21', words: '21 July 2010' },
} as const;

/** The two articles of each draft: complete, so that the checklist has nothing to block. */
type DraftArticle = { slug: string; title: string; standfirst: string; body: string; invitation: string };

export function draftArticles(date: string): [DraftArticle, DraftArticle] {
  const body = Array.from(
    { length: 12 },
    () => 'Local papers keep a town honest, and a briefing like this one keeps an eye on the places they used to cover.',
  ).join(' ');
  return [
    {
      slug: `first-story-${date}`,
      title: `The first story of ${date}`,
      standfirst: 'A first standfirst.',
      body,
      invitation: 'Tell us what you think.',
    },
    {
      slug: `second-story-${date}`,
      title: `The second story of ${date}`,
      standfirst: 'A second standfirst.',
      body,
      invitation: 'Tell us what you think.',
    },
  ];
}

export async function insertPublishDrafts(db: Db): Promise<void> {
  const [author] = await db.insert(authors).values({ slug: 'penny-publisher', name: 'Penny Publisher' }).returning({ id: authors.id });
  for (const { date } of Object.values(PUBLISH_DRAFTS)) {
    const [issue] = await db.insert(issues).values({ date, summary: 'A draft for the publishing tests.' }).returning({ id: issues.id });
    await db
      .insert(articles)
      .values(draftArticles(date).map((article, index) => ({ ...article, issueId: issue!.id, position: index + 1, authorId: author!.id })));
  }
}
