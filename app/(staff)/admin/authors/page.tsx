import type { Metadata } from 'next';
import Link from '@/components/Link';
import { forbiddenPage } from '@/components/Forbidden';
import { AuthorForm } from '@/components/editorial/AuthorForm';
import { StaffNav } from '@/components/moderation/StaffNav';
import { readAuthorList } from '@/lib/editorial/admin-queries';
import { createAuthorFromForm } from '@/lib/editorial/author-actions';
import { editorialPaths } from '@/lib/editorial/paths';
import { staffViewer } from '@/lib/moderation/staff-page';
import { rowIdOf } from '@/lib/routing/addresses';
import { singleValues, type RawSearchParams } from '@/lib/routing/search-params';

export const metadata: Metadata = { title: 'Authors', robots: { index: false } };

/** The authors, newest first, each leading to their own page to correct; and a form for a new one. */
export default async function AuthorsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const viewer = await staffViewer('/admin/authors');
  if (!viewer) return forbiddenPage();
  const { before } = await singleValues<'before'>(searchParams);
  const list = await readAuthorList(viewer, rowIdOf(before));
  return (
    <>
      <h1>Authors</h1>
      <StaffNav current="/admin/authors" role={viewer.role} />
      <section aria-labelledby="new-author-heading">
        <h2 id="new-author-heading">New author</h2>
        <AuthorForm action={createAuthorFromForm} idPrefix="new-author" label="New author" submit="Add the author" pending="Adding…" />
      </section>
      <section aria-labelledby="all-authors-heading">
        <h2 id="all-authors-heading">All authors</h2>
        {list.authors.length === 0 ? (
          <p>{before ? 'No more authors.' : 'There is no author yet.'}</p>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="authors-caption">
            <table className="issues-table">
              <caption id="authors-caption">Authors, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Address</th>
                  <th scope="col">Articles</th>
                </tr>
              </thead>
              <tbody>
                {list.authors.map((author) => (
                  <tr key={author.id}>
                    <th scope="row">
                      <Link href={editorialPaths.author(author.id)}>{author.name}</Link>
                    </th>
                    <td>/authors/{author.slug}</td>
                    <td>{author.articles}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {list.next !== null && (
        <nav className="pager" aria-label="Pages of authors">
          <ul>
            <li>
              <Link href={`/admin/authors?${new URLSearchParams({ before: String(list.next) })}`} rel="next">
                More authors
              </Link>
            </li>
          </ul>
        </nav>
      )}
    </>
  );
}
