import type { Metadata } from 'next';
import Link from '@/components/Link';
import { redirect } from 'next/navigation';
import { ActionButton } from '@/components/forms/ActionButton';
import { notFoundPage } from '@/components/NotFound';
import { ResponseBody } from '@/components/ResponseBody';
import { currentUser } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { deleteResponse } from '@/lib/responses/actions';
import { responseAt } from '@/lib/responses/addressed';
import { signInPath } from '@/lib/routing/sign-in-path';
import { paths } from '@/lib/site';

export const metadata: Metadata = { title: 'Delete your response', robots: { index: false } };

type Props = { params: Promise<{ id: string }> };

/**
 * The second step of deleting one's response: what goes, and the button that deletes it. A page of its own rather
 * than a script's dialog, so that it asks with JavaScript off too; the action refuses a delete that does not come
 * from this form.
 */
export default async function DeleteResponsePage({ params }: Props) {
  const { id } = await params;
  const response = await responseAt(id);
  if (!response) return notFoundPage();
  const user = await currentUser();
  if (!user) redirect(signInPath({ returnTo: `/responses/${id}/delete` }));
  const articlePath = paths.article(response.issueDate, response.articleSlug);
  if (response.authorId !== user.id) redirect(`${articlePath}#response-${response.id}`);
  // Already gone: its own page says so.
  if (response.status === 'removed') redirect(`/responses/${response.id}`);
  return (
    <>
      <p className="kicker">
        <Link href={articlePath}>{response.articleTitle}</Link>
      </p>
      <h1>Delete your response?</h1>
      <figure className="quoted-response">
        <blockquote>
          <ResponseBody source={response.body} />
        </blockquote>
        <figcaption>
          Posted <time dateTime={response.createdAt.toISOString()}>{formatDateTime(response.createdAt)}</time>
        </figcaption>
      </figure>
      <p>Deleting takes it away from the conversation for good; replies to it stay, beside a note that it was removed by its author.</p>
      <div className="confirm-actions">
        <ActionButton
          action={deleteResponse}
          fields={{ responseId: response.id, confirm: 'yes' }}
          label="Delete it"
          pendingLabel="Deleting…"
          className="button-danger"
        />
        <Link href={`/responses/${response.id}`}>Keep it</Link>
      </div>
    </>
  );
}
