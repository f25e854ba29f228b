import type { Metadata } from 'next';
import Link from '@/components/Link';
import { redirect } from 'next/navigation';
import { AppealForm } from '@/components/forms/AppealForm';
import { EditResponseForm } from '@/components/forms/EditResponseForm';
import { notFoundPage } from '@/components/NotFound';
import { ResponseBody } from '@/components/ResponseBody';
import { currentUser } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { rejectionText } from '@/lib/moderation/reasons';
import { responseAt } from '@/lib/responses/addressed';
import { editableUntil } from '@/lib/responses/rules';
import { signInPath } from '@/lib/routing/sign-in-path';
import { paths } from '@/lib/site';

export const metadata: Metadata = { title: 'Your response', robots: { index: false } };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ posted?: string; appealed?: string }> };

/** Why a response waits for a moderator, as its author is told. */
const HELD: Record<string, string> = {
  premoderated: 'Responses to this article are read by a moderator before they appear.',
  'first-responses': 'A new reader’s first responses are read by a moderator before they appear.',
  'suspect-words': 'It uses words our filters ask a moderator to read first.',
  links: 'It has more links than responses usually carry, so a moderator reads it first.',
  reports: 'Readers reported it, so it is hidden while a moderator looks at it.',
};

/**
 * One's own response: where it stands (published, awaiting review and why, rejected and why, with an appeal), and edit (within 15 minutes) or delete. Anyone
 * else is sent to the response in its thread.
 */
export default async function OwnResponsePage({ params, searchParams }: Props) {
  const { id } = await params;
  const response = await responseAt(id);
  if (!response) return notFoundPage();
  const articlePath = paths.article(response.issueDate, response.articleSlug);
  const user = await currentUser();
  if (!user) redirect(signInPath({ returnTo: `/responses/${id}` }));
  if (response.authorId !== user.id) redirect(`${articlePath}#response-${response.id}`);
  const until = editableUntil(response);
  const { posted, appealed } = await searchParams;
  return (
    <>
      <p className="kicker">
        <Link href={articlePath}>{response.articleTitle}</Link>
      </p>
      <h1>Your response</h1>
      {response.status === 'pending' ? (
        <p className="notice" role="status">
          {posted === 'pending' ? 'Thank you. ' : ''}
          {HELD[response.heldFor ?? 'premoderated'] ?? HELD.premoderated} It will appear under the article once a moderator has approved it.
        </p>
      ) : response.status === 'removed' ? (
        <p className="notice">This response has been removed.</p>
      ) : response.status === 'rejected' ? (
        <section className="notice" aria-labelledby="rejected-title" role={posted === 'rejected' ? 'status' : undefined}>
          <h2 id="rejected-title">Not published</h2>
          <p>
            <strong>Reason:</strong> {rejectionText(response.rejectionReason)}
          </p>
          {response.rejectionNote && (
            <p>
              <strong>{response.rejectionReason === 'banned-words' ? 'Detail:' : 'The moderator’s note:'}</strong> {response.rejectionNote}
            </p>
          )}
        </section>
      ) : (
        <p>
          Posted <time dateTime={response.createdAt.toISOString()}>{formatDateTime(response.createdAt)}</time>.{' '}
          <Link href={`${articlePath}#response-${response.id}`}>See it in the conversation</Link>.
        </p>
      )}
      {response.status === 'rejected' && (
        <section aria-labelledby="appeal-title">
          <h2 id="appeal-title">Appeal</h2>
          {response.appeal?.createdAt ? (
            <p role={appealed ? 'status' : undefined}>
              {response.appeal.outcome === 'upheld'
                ? 'You appealed, and the moderators kept their decision.'
                : `You appealed on ${formatDateTime(response.appeal.createdAt)}; a moderator will look at it again.`}
            </p>
          ) : (
            <>
              <p>If you think this is a mistake, you can ask the moderators to look again, once.</p>
              <AppealForm responseId={response.id} />
            </>
          )}
        </section>
      )}
      {response.status !== 'removed' &&
        response.status !== 'rejected' &&
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
          <p>
            <Link href={`/responses/${response.id}/delete`}>Delete this response…</Link>
          </p>
        </section>
      )}
    </>
  );
}
