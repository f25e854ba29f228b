import type { Metadata } from 'next';
import Link from '@/components/Link';
import { redirect } from 'next/navigation';
import { ReportForm } from '@/components/forms/ReportForm';
import { notFoundPage } from '@/components/NotFound';
import { ResponseBody } from '@/components/ResponseBody';
import { currentUser, isSanctioned, sanctionMessage } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { responseAt } from '@/lib/responses/addressed';
import { signInPath } from '@/lib/routing/sign-in-path';
import { paths } from '@/lib/site';

export const metadata: Metadata = { title: 'Report a response', robots: { index: false } };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ sent?: string }> };

/** Reporting a response to the moderators: signed in, once, never one's own. */
export default async function ReportPage({ params, searchParams }: Props) {
  const { id } = await params;
  const response = await responseAt(id);
  if (!response) return notFoundPage();
  const user = await currentUser();
  if (!user) redirect(signInPath({ returnTo: `/responses/${id}/report` }));
  const articlePath = paths.article(response.issueDate, response.articleSlug);
  const back = (
    <p>
      <Link href={`${articlePath}#responses`}>Back to the conversation</Link>
    </p>
  );
  const { sent } = await searchParams;
  if (sent) {
    return (
      <>
        <h1>Thank you</h1>
        <p role="status">Your report has reached the moderators. Enough reports hide a response until a moderator has looked at it.</p>
        {back}
      </>
    );
  }
  const name = response.authorName ?? 'a former reader';
  const problem =
    response.status !== 'published'
      ? 'This response is not published (it may already have been removed), so there is nothing to report.'
      : response.authorId === user.id
        ? 'This is your own response: you cannot report it, but you can edit or delete it from your account page.'
        : isSanctioned(user)
          ? sanctionMessage(user)
          : null;
  return (
    <>
      <p className="kicker">
        <Link href={articlePath}>{response.articleTitle}</Link>
      </p>
      <h1>Report the response by {name}</h1>
      {response.status === 'published' && (
        <figure className="quoted-response">
          <blockquote>
            <ResponseBody source={response.body} />
          </blockquote>
          <figcaption>
            {name}, <time dateTime={response.createdAt.toISOString()}>{formatDateTime(response.createdAt)}</time>
          </figcaption>
        </figure>
      )}
      {problem ? <p className="notice">{problem}</p> : <ReportForm responseId={response.id} />}
      {back}
    </>
  );
}
