import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ActionButton } from '@/components/forms/ActionButton';
import { EditResponseForm } from '@/components/forms/EditResponseForm';
import { notFoundPage } from '@/components/NotFound';
import { ResponseBody } from '@/components/ResponseBody';
import { currentUser } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { deleteResponse } from '@/lib/responses/actions';
import { readResponse } from '@/lib/responses/queries';
import { editableUntil } from '@/lib/responses/rules';
import { paths } from '@/lib/site';

export const metadata: Metadata = { title: 'Your response', robots: { index: false } };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ posted?: string }> };

/**
 * One's own response: where it stands (published, awaiting review), and edit (within 15 minutes) or delete. Anyone
 * else is sent to the response in its thread.
 */
export default async function OwnResponsePage({ params, searchParams }: Props) {
  const { id } = await params;
  const response = /^[1-9]\d{0,9}$/.test(id) ? await readResponse(Number(id)) : null;
  if (!response) return notFoundPage();
  const articlePath = paths.article(response.issueDate, response.articleSlug);
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/responses/${id}`)}`);
  if (response.authorId !== user.id) redirect(`${articlePath}#response-${response.id}`);
  const until = editableUntil(response);
  const { posted } = await searchParams;
  return (
    <>
      <p className="kicker">
        <Link href={articlePath}>{response.articleTitle}</Link>
      </p>
      <h1>Your response</h1>
      {posted === 'pending' || response.status === 'pending' ? (
        <p className="notice" role="status">
          Thank you. Responses to this article are read by a moderator before they appear; yours will appear under the article once
          approved.
        </p>
      ) : response.status === 'removed' ? (
        <p className="notice">This response has been removed.</p>
      ) : response.status === 'rejected' ? (
        <p className="notice">This response was not published.</p>
      ) : (
        <p>
          Posted <time dateTime={response.createdAt.toISOString()}>{formatDateTime(response.createdAt)}</time>.{' '}
          <Link href={`${articlePath}#response-${response.id}`}>See it in the conversation</Link>.
        </p>
      )}
      {response.status !== 'removed' &&
        (until ? (
          <section aria-labelledby="edit-title">
            <h2 id="edit-title">Edit</h2>
            <p>
              You can change it until <time dateTime={until.toISOString()}>{formatDateTime(until)}</time>.
            </p>
            <EditResponseForm responseId={response.id} body={response.body} />
          </section>
        ) : (
          <div className="response__body">
            <ResponseBody source={response.body} />
          </div>
        ))}
      {response.status !== 'removed' && (
        <section aria-labelledby="delete-title">
          <h2 id="delete-title">Delete</h2>
          <p>Deleting takes it away from the conversation (replies to it stay, beside a note that it was removed by its author).</p>
          <ActionButton
            action={deleteResponse}
            fields={{ responseId: response.id }}
            label="Delete this response"
            pendingLabel="Deleting…"
            className="button-danger"
          />
        </section>
      )}
    </>
  );
}
