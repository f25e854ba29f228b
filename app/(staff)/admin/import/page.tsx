import type { Metadata } from 'next';
import { forbiddenPage } from '@/components/Forbidden';
import { IssueImportForm } from '@/components/issues/IssueImportForm';
import { StaffNav } from '@/components/moderation/StaffNav';
import { importIssueUploads } from '@/lib/issues/import-actions';
import { UPLOAD_MAX_FILE_BYTES, UPLOAD_MAX_FILES, UPLOAD_MAX_TOTAL_BYTES } from '@/lib/issues/upload-limits';
import { staffViewer } from '@/lib/moderation/staff-page';

export const metadata: Metadata = { title: 'Import issues', robots: { index: false } };

/** Issues from text files, as `npm run import` takes them, for editors without a command line. */
export default async function ImportPage() {
  const viewer = await staffViewer('/admin/import');
  if (!viewer) return forbiddenPage();
  return (
    <>
      <h1>Import issues</h1>
      <StaffNav current="/admin/import" role={viewer.role} />
      <section aria-labelledby="issue-import-heading">
        <h2 id="issue-import-heading">Upload issue files</h2>
        <p>
          Each file is one issue in the plain-text form the briefing is mailed in: the date on the first line, then each article’s title,
          standfirst, author and paragraphs, separated by blank lines, and a line of three dashes (<code>---</code>) between articles. A
          date that is already on the site updates that issue in place; an unchanged file changes nothing. What an import brings is
          published at once, and a file replaces its issue’s articles, so an import is refused, with nothing stored, if it would touch an
          issue that is a draft or scheduled here, or take out an article readers have responded to or editors have worked on here.
        </p>
        <p>
          At most {UPLOAD_MAX_FILES} files at once, each up to {UPLOAD_MAX_FILE_BYTES / 1024} KB and{' '}
          {Math.floor(UPLOAD_MAX_TOTAL_BYTES / 1024)} KB in all.
        </p>
        <IssueImportForm action={importIssueUploads} />
      </section>
    </>
  );
}
