import type { Metadata } from 'next';
import Link from '@/components/Link';
import { forbiddenPage } from '@/components/Forbidden';
import { notFoundPage } from '@/components/NotFound';
import { ScheduleForm, UnpublishForm } from '@/components/editorial/PublishForms';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { StaffForm } from '@/components/moderation/StaffForm';
import { DoneMessage, StaffNav } from '@/components/moderation/StaffNav';
import { BriefingPreview } from '@/components/sending/BriefingPreview';
import type { ArticleStatus } from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/session';
import { config } from '@/lib/config';
import type { Finding } from '@/lib/editorial/checklist';
import {
  cancelIssueSchedule,
  publishIssueNow,
  publishOneArticle,
  republishOneArticle,
  scheduleIssuePublish,
  unpublishOneArticle,
} from '@/lib/editorial/publish-actions';
import { readPublishPage, readPublishPreview, type PublishPage } from '@/lib/editorial/publish-page-queries';
import { publishPaths } from '@/lib/editorial/publish-path';
import { UNPUBLISHED_NOTE_MAX } from '@/lib/editorial/publishing';
import { tomorrowMorning, zoneLabel } from '@/lib/editorial/zone-label';
import { formatIssueDate } from '@/lib/issues/dates';
import { staffViewer } from '@/lib/moderation/staff-page';
import { sendPagePath } from '@/lib/sending/send-page-path';
import { formatInZone, instantToLocalInput } from '@/lib/sending/zoned-time';

export const metadata: Metadata = { title: 'Publish an issue', robots: { index: false } };

const STATUS_WORDS: Record<ArticleStatus, string> = { draft: 'Draft', published: 'Published', unpublished: 'Unpublished' };

function FindingItem({ finding, date }: { finding: Finding; date: string }) {
  return (
    <li>
      {finding.article ? (
        <Link href={publishPaths.articleEditor(finding.article.id)}>{finding.article.title}</Link>
      ) : (
        <Link href={publishPaths.issueEditor(date)}>The issue</Link>
      )}
      : {finding.message}
    </li>
  );
}

/** The checklist: what blocks publishing, then what is only worth a look, each linking to where it is fixed. */
function Checklist({ findings, date }: { findings: Finding[]; date: string }) {
  const blocks = findings.filter((finding) => finding.level === 'block');
  const warnings = findings.filter((finding) => finding.level === 'warn');
  return (
    <section aria-labelledby="checklist-heading">
      <h2 id="checklist-heading">Checklist</h2>
      {findings.length === 0 && <p>Nothing to fix: every article has its title, text, author and standfirst, and every link works.</p>}
      {blocks.length > 0 && (
        <>
          <h3 id="blocks-heading">To fix before publishing ({blocks.length})</h3>
          <ul aria-labelledby="blocks-heading" className="checklist checklist--blocks">
            {blocks.map((finding, index) => (
              <FindingItem key={index} finding={finding} date={date} />
            ))}
          </ul>
        </>
      )}
      {warnings.length > 0 && (
        <>
          <h3 id="warnings-heading">Worth a look ({warnings.length})</h3>
          <ul aria-labelledby="warnings-heading" className="checklist">
            {warnings.map((finding, index) => (
              <FindingItem key={index} finding={finding} date={date} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function PublishNow({ page, viewer }: { page: PublishPage; viewer: CurrentUser }) {
  const { issue, activeSubscribers } = page;
  const maySend = can(viewer, 'send-issues') && !page.hasSend;
  return (
    <section aria-labelledby="publish-heading">
      <h2 id="publish-heading">Publish now</h2>
      <StaffForm
        action={publishIssueNow}
        fields={{ issueId: issue.id, date: issue.date, audienceSeen: maySend ? activeSubscribers : null }}
        className="stacked-form"
        label="Publish now"
      >
        <p>The issue and its draft articles appear at once on the site, the archive, the feed and the sitemap.</p>
        {maySend && (
          <div className="field--check">
            <input type="checkbox" id="publish-send" name="send" value="yes" />
            <label htmlFor="publish-send">and send it to {activeSubscribers} subscribers now</label>
          </div>
        )}
        <SubmitButton label="Publish now" pendingLabel="Publishing…" />
      </StaffForm>
    </section>
  );
}

function Schedule({ page, zone }: { page: PublishPage; zone: string }) {
  const { issue } = page;
  const scheduled = issue.status === 'scheduled' && issue.scheduledFor;
  const first = scheduled
    ? {
        day: instantToLocalInput(issue.scheduledFor!, zone).slice(0, 10),
        time: instantToLocalInput(issue.scheduledFor!, zone).slice(11),
        at: issue.scheduledFor!,
      }
    : tomorrowMorning(new Date(), zone);
  return (
    <section aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">{scheduled ? 'Scheduled' : 'Schedule'}</h2>
      {scheduled && <p>It will be published at {formatInZone(issue.scheduledFor!, zone)}.</p>}
      <ScheduleForm
        action={scheduleIssuePublish}
        issueId={issue.id}
        date={issue.date}
        day={first.day}
        time={first.time}
        zoneLabel={zoneLabel(first.at, zone)}
        submitLabel={scheduled ? 'Change the time' : 'Schedule'}
      />
      {scheduled && (
        <StaffForm action={cancelIssueSchedule} fields={{ issueId: issue.id, date: issue.date }} label="Cancel the schedule">
          <SubmitButton label="Cancel the schedule" pendingLabel="Cancelling…" className="button-secondary" />
        </StaffForm>
      )}
    </section>
  );
}

function ArticleActions({ article, date }: { article: PublishPage['articles'][number]; date: string }) {
  const fields = { articleId: article.id, date };
  if (article.status === 'draft')
    return (
      <StaffForm action={publishOneArticle} fields={fields} label={`Publish “${article.title}”`}>
        <SubmitButton label="Publish" pendingLabel="Publishing…" hiddenSuffix={`“${article.title}”`} />
      </StaffForm>
    );
  if (article.status === 'published')
    return (
      <UnpublishForm action={unpublishOneArticle} articleId={article.id} date={date} title={article.title} noteMax={UNPUBLISHED_NOTE_MAX} />
    );
  return (
    <>
      <p>Readers see: “{article.unpublishedNote}”</p>
      <StaffForm action={republishOneArticle} fields={fields} label={`Republish “${article.title}”`}>
        <SubmitButton label="Republish" pendingLabel="Republishing…" className="button-secondary" hiddenSuffix={`“${article.title}”`} />
      </StaffForm>
    </>
  );
}

function Articles({ page }: { page: PublishPage }) {
  const published = page.issue.status === 'published';
  return (
    <section aria-labelledby="articles-heading">
      <h2 id="articles-heading">Articles</h2>
      {page.articles.length === 0 ? (
        <p>
          None yet: <Link href={publishPaths.issueEditor(page.issue.date)}>add articles in the issue editor</Link>.
        </p>
      ) : (
        <ol className="publish-articles">
          {page.articles.map((article) => (
            <li key={article.id}>
              <h3>
                <Link href={publishPaths.articleEditor(article.id)}>{article.title}</Link>
              </h3>
              <p>
                {STATUS_WORDS[article.status]}
                {!published && article.status === 'draft' ? ': published with the issue' : ''}
              </p>
              {published && <ArticleActions article={article} date={page.issue.date} />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function State({ page, zone }: { page: PublishPage; zone: string }) {
  const { issue, blockedSchedule } = page;
  return (
    <>
      {issue.status === 'published' && issue.publishedAt && (
        <p>
          Published {formatInZone(issue.publishedAt, zone)}. <Link href={`/issues/${issue.date}`}>See it on the site</Link>
          {' · '}
          <Link href={sendPagePath(issue.date)}>Send it</Link>
        </p>
      )}
      {issue.status === 'draft' && <p>A draft: readers cannot see it yet.</p>}
      {blockedSchedule && (
        <div className="notice" role="note">
          <p>
            It was to be published at {formatInZone(blockedSchedule.at, zone)}, but the checklist stopped it, so it is a draft again:{' '}
            {blockedSchedule.reason}
          </p>
        </div>
      )}
    </>
  );
}

/** Check, publish (now or at a time, sending it too), and later unpublish or republish an issue's articles. 'edit-issues'. */
export default async function PublishPage({
  params,
  searchParams,
}: {
  params: Promise<{ date: string }>;
  searchParams: Promise<{ done?: string }>;
}) {
  const { date } = await params;
  const viewer = await staffViewer('/admin/issues/[date]/publish', publishPaths.page(date));
  if (!viewer) return forbiddenPage();
  const page = await readPublishPage(viewer, date);
  if (!page) return notFoundPage();
  const { done } = await searchParams;
  const zone = config().SITE_TIME_ZONE;
  const { issue } = page;
  const blocked = page.findings.some((finding) => finding.level === 'block');
  const preview = page.articles.length ? await readPublishPreview(viewer, issue.id, viewer.email) : null;

  return (
    <>
      <h1>Publish the issue of {formatIssueDate(issue.date)}</h1>
      <StaffNav current="/admin/issues" role={viewer.role} />
      <div id="results" tabIndex={-1}>
        <DoneMessage done={typeof done === 'string' ? done : undefined} />
      </div>
      <State page={page} zone={zone} />
      <Checklist findings={page.findings} date={issue.date} />
      {issue.status !== 'published' &&
        (blocked ? (
          <p>Fix what the checklist lists first; then you can publish or schedule it.</p>
        ) : (
          <>
            <PublishNow page={page} viewer={viewer} />
            <Schedule page={page} zone={zone} />
          </>
        ))}
      {issue.status === 'scheduled' && blocked && <Schedule page={page} zone={zone} />}
      <Articles page={page} />
      {preview && <BriefingPreview {...preview} />}
    </>
  );
}
