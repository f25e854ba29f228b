import type { Metadata } from 'next';
import Link from '@/components/Link';
import { ArticleContent } from '@/components/article/ArticleContent';
import { notFoundPage } from '@/components/NotFound';
import { readArticlePreview } from '@/lib/editorial/article-queries';
import { articleIdOf, articlePaths } from '@/lib/editorial/article-paths';
import { previewViewer } from '@/lib/editorial/preview-page';

export const metadata: Metadata = { title: 'Preview — not published', robots: { index: false } };

/**
 * An article as the site will show it — the article page's own ArticleContent, in the site's layout — and its issue's
 * briefing email, before it is published. For editors only: to anyone else there is nothing here (404, set by
 * proxy.ts). It reads the session, so it is rendered per request and never kept in a shared cache.
 */
export default async function ArticlePreviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const articleId = articleIdOf(id);
  const viewer = await previewViewer();
  const found = viewer && articleId ? await readArticlePreview(viewer, articleId, viewer.email) : null;
  if (!found) return notFoundPage();
  const { article, author, email } = found;
  const published = article.status === 'published' && article.issue.status === 'published';
  return (
    <>
      <div className="preview-banner" role="note" aria-label="Preview">
        <p>
          {published ? (
            <>
              <strong>Preview — published.</strong> Saved changes go to readers at once: this is what they see now.
            </>
          ) : (
            <>
              <strong>Preview — not published.</strong> Readers cannot see this article yet.
            </>
          )}{' '}
          <Link href={articlePaths.editor(article.id)}>Back to the editor</Link>
        </p>
      </div>
      <ArticleContent
        title={article.fields.title}
        standfirst={article.fields.standfirst}
        author={author}
        body={article.fields.body}
        invitation={article.fields.invitation}
        issue={article.issue}
      />
      <section aria-labelledby="email-preview-heading" className="email-preview-section">
        <h2 id="email-preview-heading">In the briefing email</h2>
        <p>
          Subject: <strong>{email.subject}</strong>. The issue’s email as a test copy renders it now, this article’s entry among the others
          {author ? '' : ' (an article without an author is left out until it has one)'}.
        </p>
        {/* The email's own HTML, from our template; sandboxed all the same: no scripts, no forms, no same origin. */}
        <iframe className="email-preview" title={`The email “${email.subject}”, as HTML`} sandbox="" srcDoc={email.html} />
      </section>
    </>
  );
}
