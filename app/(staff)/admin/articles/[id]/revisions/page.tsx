import type { Metadata } from 'next';
import Link from '@/components/Link';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { StaffForm } from '@/components/moderation/StaffForm';
import { StaffNav } from '@/components/moderation/StaffNav';
import { EditorMessage } from '@/components/editorial/EditorMessage';
import { SideBySideDiff } from '@/components/editorial/SideBySideDiff';
import type { CurrentUser } from '@/lib/auth/session';
import { config } from '@/lib/config';
import { restoreArticleRevision } from '@/lib/editorial/article-actions';
import { articlePaths } from '@/lib/editorial/article-paths';
import { readAuthorNames, readRevisionPair, readRevisions, type RevisionSummary } from '@/lib/editorial/article-queries';
import type { DiffMode } from '@/lib/editorial/diff';
import { singleValues, type RawSearchParams } from '@/lib/routing/search-params';
import { formatInZone } from '@/lib/sending/zoned-time';
import { openArticle } from '../open-article';

export const metadata: Metadata = { title: 'Revisions of an article', robots: { index: false } };

function kindOf(revision: RevisionSummary): string {
  if (revision.kind === 'restore')
    return revision.restoredFromVersion === null ? 'Restored an earlier version' : `Restored version ${revision.restoredFromVersion}`;
  return revision.kind === 'import' ? 'Imported' : 'Saved';
}

/** A version number from the query, or null. */
function versionOf(value: string | undefined): number | null {
  return value && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : null;
}

async function Comparison({
  viewer,
  articleId,
  from,
  to,
  mode,
}: {
  viewer: CurrentUser;
  articleId: number;
  from: number;
  to: number;
  mode: DiffMode;
}) {
  const pair = await readRevisionPair(viewer, articleId, from, to);
  if (!pair) return <p role="alert">One of those versions is not a revision of this article.</p>;
  const [before, after] = pair;
  const names = await readAuthorNames(viewer, [before.fields.authorId, after.fields.authorId]);
  return (
    <SideBySideDiff
      before={{ heading: `Version ${before.version} (${before.savedByName})`, fields: before.fields }}
      after={{ heading: `Version ${after.version} (${after.savedByName})`, fields: after.fields }}
      authorNames={Object.fromEntries(names)}
      mode={mode}
      caption={`Version ${before.version} and version ${after.version}, where they differ`}
    />
  );
}

/** A revision's choice as the older (`from`) or the newer (`to`) of the two to compare, in the form above the table. */
function CompareChoice({
  name,
  which,
  version,
  checked,
}: {
  name: 'from' | 'to';
  which: 'Older' | 'Newer';
  version: number;
  checked: boolean;
}) {
  return (
    <div className="field--check">
      <input type="radio" form="compare" name={name} value={version} id={`${name}-${version}`} defaultChecked={checked} />
      <label htmlFor={`${name}-${version}`}>
        {`${which}: version `}
        {version}
      </label>
    </div>
  );
}

/** Every save of one article, any two compared side by side, any one restored as a new revision. 'edit-issues' only. */
export default async function RevisionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<RawSearchParams>;
}) {
  const opened = await openArticle('/admin/articles/[id]/revisions', params);
  if ('answer' in opened) return opened.answer;
  const { viewer, article } = opened;
  const search = await singleValues<'done' | 'before' | 'from' | 'to' | 'mode'>(searchParams);
  const page = await readRevisions(viewer, article.id, versionOf(search.before));
  const from = versionOf(search.from);
  const to = versionOf(search.to);
  const mode: DiffMode = search.mode === 'lines' ? 'lines' : 'words';
  const zone = config().SITE_TIME_ZONE;
  const base = articlePaths.revisions(article.id);
  // Checked at first: the newest two on the page, the older on the left.
  const checkedFrom = from ?? page.items[1]?.version;
  const checkedTo = to ?? page.items[0]?.version;

  return (
    <>
      <h1>Revisions of “{article.fields.title}”</h1>
      <StaffNav current="/admin/issues" role={viewer.role} />
      <p>
        <Link href={articlePaths.editor(article.id)}>Back to the editor</Link> (version {article.version} is the one saved now)
      </p>
      <div id="results" tabIndex={-1}>
        <EditorMessage done={search.done} />
      </div>
      {page.items.length === 0 ? (
        <p>No revisions yet: the first save makes one (and keeps the article as it was before it).</p>
      ) : (
        <>
          <form method="get" action={`${base}#comparison`} id="compare" className="inline-form" aria-label="Compare two revisions">
            <div className="field">
              <label htmlFor="compare-mode">Show changes by</label>
              <select id="compare-mode" name="mode" defaultValue={mode}>
                <option value="words">Words</option>
                <option value="lines">Lines</option>
              </select>
            </div>
            {search.before && <input type="hidden" name="before" value={search.before} />}
            <button type="submit">Compare the two chosen</button>
          </form>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Revisions">
            <table className="revisions-table">
              <caption>Revisions, newest first: choose one as “older” and one as “newer” to compare them</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">What</th>
                  <th scope="col">Who</th>
                  <th scope="col">When</th>
                  <th scope="col">Compare</th>
                  <th scope="col">Restore</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((revision) => (
                  <tr key={revision.id}>
                    <th scope="row">{revision.version}</th>
                    <td>{kindOf(revision)}</td>
                    <td>{revision.savedByName}</td>
                    <td>{formatInZone(revision.createdAt, zone)}</td>
                    <td>
                      <CompareChoice name="from" which="Older" version={revision.version} checked={revision.version === checkedFrom} />
                      <CompareChoice name="to" which="Newer" version={revision.version} checked={revision.version === checkedTo} />
                    </td>
                    <td>
                      {revision.version === article.version ? (
                        'Saved now'
                      ) : (
                        <StaffForm
                          action={restoreArticleRevision}
                          fields={{ articleId: article.id, revisionId: revision.id, version: article.version }}
                          label={`Restore version ${revision.version}`}
                        >
                          <SubmitButton
                            label="Restore this revision"
                            pendingLabel="Restoring…"
                            className="button-secondary"
                            hiddenSuffix={`(version ${revision.version})`}
                          />
                        </StaffForm>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {page.next !== null && (
            <nav className="pager" aria-label="Pages of revisions">
              <ul>
                <li>
                  <Link href={`${base}?before=${page.next}`} rel="next">
                    Older revisions
                  </Link>
                </li>
              </ul>
            </nav>
          )}
        </>
      )}
      {from !== null && to !== null && (
        <section id="comparison" tabIndex={-1} aria-labelledby="comparison-heading">
          <h2 id="comparison-heading">
            Version {from} and version {to}
          </h2>
          <Comparison viewer={viewer} articleId={article.id} from={from} to={to} mode={mode} />
        </section>
      )}
    </>
  );
}
