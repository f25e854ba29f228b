import type { Metadata } from 'next';
import Link from '@/components/Link';
import { forbiddenPage } from '@/components/Forbidden';
import { notFoundPage } from '@/components/NotFound';
import { AuthorForm } from '@/components/editorial/AuthorForm';
import { StaffNav } from '@/components/moderation/StaffNav';
import { readAuthorForEditing } from '@/lib/editorial/admin-queries';
import { saveAuthor } from '@/lib/editorial/author-actions';
import { editorialPaths } from '@/lib/editorial/paths';
import { staffViewer } from '@/lib/moderation/staff-page';
import { rowIdOf } from '@/lib/routing/addresses';
import { singleValues, type RawSearchParams } from '@/lib/routing/search-params';

export const metadata: Metadata = { title: 'Edit an author', robots: { index: false } };

const DONE: Record<string, string> = { 'author-created': 'The author is added.', 'author-saved': 'The author is saved.' };

/** One author's name, address and bio. The address is fixed once they have a published article. */
export default async function AuthorPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<RawSearchParams>;
}) {
  const { id } = await params;
  const viewer = await staffViewer('/admin/authors/[id]', `/admin/authors/${encodeURIComponent(id)}`);
  if (!viewer) return forbiddenPage();
  const authorId = rowIdOf(id);
  const author = authorId === null ? null : await readAuthorForEditing(viewer, authorId);
  if (!author) return notFoundPage();
  const { done } = await singleValues<'done'>(searchParams);
  const message = done ? DONE[done] : undefined;
  return (
    <>
      <h1>{author.name}</h1>
      <StaffNav current="/admin/authors" role={viewer.role} />
      <div id="results" tabIndex={-1}>
        {message && (
          <p className="form-done" role="status">
            {message}
          </p>
        )}
      </div>
      <p>
        <Link href={editorialPaths.authors}>All authors</Link>
        {author.published && (
          <>
            {' · '}
            <Link href={`/authors/${author.slug}`}>Their page on the site</Link>
          </>
        )}
      </p>
      <AuthorForm
        action={saveAuthor}
        hidden={{ authorId: author.id }}
        values={{ name: author.name, bio: author.bio }}
        slug={{
          value: author.slug,
          help: author.published
            ? `Their page is /authors/${author.slug}. They have published articles, so readers may have the link: it can no longer change.`
            : `Their page will be /authors/<address>: lower-case letters, digits and hyphens. It can change until they publish.`,
        }}
        idPrefix="author"
        label={`${author.name}: name, address and bio`}
        submit="Save"
        pending="Saving…"
      />
    </>
  );
}
