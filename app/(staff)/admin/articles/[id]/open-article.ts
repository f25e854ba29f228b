import { forbiddenPage } from '@/components/Forbidden';
import { notFoundPage } from '@/components/NotFound';
import { articleIdOf, articlePaths } from '@/lib/editorial/article-paths';
import { readArticleEditor } from '@/lib/editorial/article-queries';
import { staffViewer } from '@/lib/moderation/staff-page';

/** The article's staff pages, each with its own address (where signing in comes back to). */
const ARTICLE_PAGES = {
  '/admin/articles/[id]': articlePaths.editor,
  '/admin/articles/[id]/revisions': articlePaths.revisions,
};

/**
 * Shared by the article editor (./page.tsx) and its revisions (./revisions/page.tsx): the viewer and the article as
 * the editor reads it; or, in `answer`, the page to show instead (not allowed, or no such article).
 */
export async function openArticle(page: keyof typeof ARTICLE_PAGES, params: Promise<{ id: string }>) {
  const { id } = await params;
  const articleId = articleIdOf(id);
  const viewer = await staffViewer(page, articleId ? ARTICLE_PAGES[page](articleId) : '/admin/issues');
  if (!viewer) return { answer: forbiddenPage() };
  const found = articleId ? await readArticleEditor(viewer, articleId, viewer.id) : null;
  if (!found) return { answer: notFoundPage() };
  return { viewer, ...found };
}
