import type { Metadata } from 'next';
import Link from '@/components/Link';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { StaffForm } from '@/components/moderation/StaffForm';
import { StaffNav } from '@/components/moderation/StaffNav';
import { ArticleEditor } from '@/components/editorial/ArticleEditor';
import { EditorMessage } from '@/components/editorial/EditorMessage';
import { SideBySideDiff } from '@/components/editorial/SideBySideDiff';
import { config } from '@/lib/config';
import { autosaveArticleDraft, discardArticleDraft, saveArticleForm } from '@/lib/editorial/article-actions';
import { changedFields, type ArticleFields } from '@/lib/editorial/article-fields';
import { articlePaths } from '@/lib/editorial/article-paths';
import { readAuthorNames, type Autosave, type EditedArticle } from '@/lib/editorial/article-queries';
import { slugify } from '@/lib/issues/slugify';
import { singleValues, type RawSearchParams } from '@/lib/routing/search-params';
import { formatInZone } from '@/lib/sending/zoned-time';
import type { CurrentUser } from '@/lib/auth/session';
import { openArticle } from './open-article';

export const metadata: Metadata = { title: 'Edit an article', robots: { index: false } };

/** What the editor starts from, and what it is told about the editor's unsaved copy. */
type Situation =
  | { kind: 'saved' }
  /** An autosave from the version now saved: offered back, or (asked for) in the form. */
  | { kind: 'unsaved'; autosave: Autosave; inForm: boolean }
  /** An autosave from an older version: someone saved since. Both are shown; the form holds the editor's. */
  | { kind: 'conflict'; autosave: Autosave };

function situationOf(article: EditedArticle, autosave: Autosave | null, asked: boolean): Situation {
  if (!autosave || changedFields(autosave.fields, article.fields).length === 0) return { kind: 'saved' };
  if (autosave.baseVersion !== article.version) return { kind: 'conflict', autosave };
  return { kind: 'unsaved', autosave, inForm: asked };
}

async function Conflict({ viewer, article, autosave }: { viewer: CurrentUser; article: EditedArticle; autosave: Autosave }) {
  const names = await readAuthorNames(viewer, [article.fields.authorId, autosave.fields.authorId]);
  return (
    <section id="conflict" tabIndex={-1} aria-labelledby="conflict-heading" className="conflict">
      <h2 id="conflict-heading">Someone else saved this article since you opened it</h2>
      <p>
        You started from version {autosave.baseVersion}; version {article.version} is saved now. Your text is kept in the form below,
        nothing of it is lost. Choose:
      </p>
      <ul>
        <li>
          <strong>Keep mine</strong>: press “Save my version” below: yours replaces theirs (their version stays in the revisions).
        </li>
        <li>
          <strong>Merge by hand</strong>: change the form below, using the comparison, then save.
        </li>
        <li>
          <strong>Take theirs</strong>: drop your changes and edit the version now saved.
        </li>
      </ul>
      <StaffForm action={discardArticleDraft} fields={{ articleId: article.id }} label="Take theirs">
        <SubmitButton label="Take theirs" pendingLabel="Discarding yours…" className="button-secondary" />
      </StaffForm>
      <SideBySideDiff
        before={{ heading: `Theirs (version ${article.version}, saved)`, fields: article.fields }}
        after={{ heading: 'Yours (not saved)', fields: autosave.fields }}
        authorNames={Object.fromEntries(names)}
        mode="words"
        caption="Their saved version and yours, where they differ"
        markers={{ removed: 'only in theirs', added: 'only in yours' }}
      />
    </section>
  );
}

function UnsavedOffer({ article, autosave }: { article: EditedArticle; autosave: Autosave }) {
  const at = formatInZone(autosave.updatedAt, config().SITE_TIME_ZONE);
  return (
    <section aria-labelledby="unsaved-heading" className="unsaved-offer">
      <h2 id="unsaved-heading">You have unsaved changes</h2>
      <p>
        <Link href={`${articlePaths.editor(article.id)}?restore=1`}>Restore your unsaved changes from {at}</Link>
      </p>
      <StaffForm action={discardArticleDraft} fields={{ articleId: article.id }} label="Discard your unsaved changes">
        <SubmitButton label="Discard them" pendingLabel="Discarding…" className="button-secondary" />
      </StaffForm>
    </section>
  );
}

function proposesSlug(article: EditedArticle): boolean {
  const { slug, title } = article.fields;
  return article.publishedAt === null && (article.version === 1 || slug === '' || slug === slugify(title));
}

/** Edit one article: its fields, with a preview; its unsaved copy and conflicts. 'edit-issues' only. */
export default async function ArticleEditorPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<RawSearchParams>;
}) {
  const opened = await openArticle('/admin/articles/[id]', params);
  if ('answer' in opened) return opened.answer;
  const { viewer, article, authors, autosave } = opened;
  const search = await singleValues<'done' | 'restore' | 'preview'>(searchParams);
  const situation = situationOf(article, autosave, Boolean(search.restore || search.preview));
  const initial: ArticleFields =
    situation.kind === 'conflict' || (situation.kind === 'unsaved' && situation.inForm) ? situation.autosave.fields : article.fields;

  return (
    <>
      <h1>Edit “{article.fields.title}”</h1>
      <StaffNav current="/admin/issues" role={viewer.role} />
      <p className="article-editor__facts">
        Version {article.version}, {article.status === 'draft' ? 'a draft' : article.status}
        {' · '}
        <Link href={articlePaths.revisions(article.id)}>Revisions</Link>
        {' · '}
        <Link href={articlePaths.preview(article.id)}>Preview as readers will see it</Link>
      </p>
      <div id="results" tabIndex={-1}>
        <EditorMessage done={search.done} />
      </div>
      {situation.kind === 'conflict' && <Conflict viewer={viewer} article={article} autosave={situation.autosave} />}
      {situation.kind === 'unsaved' && !situation.inForm && <UnsavedOffer article={article} autosave={situation.autosave} />}
      <ArticleEditor
        key={`${article.version}-${situation.kind}-${initial === article.fields ? 'saved' : 'yours'}`}
        articleId={article.id}
        version={article.version}
        initial={initial}
        kept={autosave?.fields ?? null}
        authors={authors}
        proposeSlug={proposesSlug(article)}
        issueDate={article.issue.date}
        saveLabel={situation.kind === 'conflict' ? 'Save my version' : 'Save'}
        save={saveArticleForm}
        autosave={autosaveArticleDraft}
      />
    </>
  );
}
