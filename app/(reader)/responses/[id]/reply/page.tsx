import type { Metadata } from 'next';
import Link from '@/components/Link';
import { notFoundPage } from '@/components/NotFound';
import { ResponseBody } from '@/components/ResponseBody';
import { ResponseForm } from '@/components/ResponseForm';
import { formatDateTime } from '@/lib/format';
import { isReplyTarget, responseAt } from '@/lib/responses/addressed';
import { paths } from '@/lib/site';

export const metadata: Metadata = { title: 'Reply', robots: { index: false } };
// The response as it is now (it may have been removed since the thread was cached).
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

/** Replying to one response: it is quoted above the form. Works signed out too (the reply is kept through sign-in). */
export default async function ReplyPage({ params }: Props) {
  const { id } = await params;
  const response = await responseAt(id);
  if (!isReplyTarget(response)) return notFoundPage();
  const articlePath = paths.article(response.issueDate, response.articleSlug);
  const name = response.authorName ?? 'a former reader';
  if (response.responsesMode === 'closed') {
    return (
      <>
        <h1>Responses are closed</h1>
        <p>
          <Link href={`${articlePath}#response-${response.id}`}>Back to the conversation</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <p className="kicker">
        <Link href={articlePath}>{response.articleTitle}</Link>
      </p>
      <h1>Reply to {name}</h1>
      <figure className="quoted-response">
        <blockquote>
          <ResponseBody source={response.body} />
        </blockquote>
        <figcaption>
          {name}
          {response.authorAffiliation && `, ${response.authorAffiliation}`},{' '}
          <time dateTime={response.createdAt.toISOString()}>{formatDateTime(response.createdAt)}</time>
        </figcaption>
      </figure>
      <ResponseForm
        articleId={response.articleId}
        replyTo={{ id: response.id, name }}
        premoderated={response.responsesMode === 'premoderated'}
      />
    </>
  );
}
