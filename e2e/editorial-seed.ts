import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { articles, issues } from '@/db/schema';

/** Where e2e/prepare.ts writes the ids of the article editor's own articles (e2e/editorial-articles.spec.ts). */
export const EDITORIAL_ARTICLES_FILE = 'e2e-editorial-articles.json';

/** What each test of the spec edits, once per project (with JavaScript, and without): no two runs share one. */
export const EDITORIAL_USES = ['save', 'conflict', 'revisions', 'autosave'] as const;
export type EditorialUse = (typeof EDITORIAL_USES)[number];
export const editorialSlug = (use: EditorialUse, js: boolean) => `editor-${use}-${js ? 'js' : 'no-js'}`;

/**
 * Published articles of the fixture issue for the article editor's tests (published, so that renaming one keeps its
 * old address), and the file naming their ids: the tests open the editor at /admin/articles/<id>.
 */
export async function seedEditorialArticles(db: Db, dataDir: string, issueDate: string): Promise<void> {
  const [issue] = await db.select({ id: issues.id }).from(issues).where(eq(issues.date, issueDate));
  const [first] = await db.select({ authorId: articles.authorId }).from(articles).where(eq(articles.issueId, issue!.id));
  const ids: Record<string, number> = {};
  let position = 100;
  for (const use of EDITORIAL_USES)
    for (const js of [true, false]) {
      const slug = editorialSlug(use, js);
      const [row] = await db
        .insert(articles)
        .values({
          issueId: issue!.id,
          position: (position += 1),
          slug,
          title: `The editor’s ${use} article (${js ? 'JS' : 'no JS'})`,
          standfirst: 'An article the article editor’s tests change.',
          body: 'The first words of this article.',
          invitation: 'We would like to hear from you.',
          authorId: first!.authorId,
          status: 'published',
          publishedAt: new Date(),
        })
        .returning({ id: articles.id });
      ids[slug] = row!.id;
    }
  fs.writeFileSync(path.join(dataDir, EDITORIAL_ARTICLES_FILE), JSON.stringify(ids));
}
