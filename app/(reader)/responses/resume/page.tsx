import type { Metadata } from 'next';
import Link from '@/components/Link';
import { redirect } from 'next/navigation';
import { ResponseForm } from '@/components/ResponseForm';
import { getDb } from '@/db/client';
import { currentUser } from '@/lib/auth/session';
import { readDraft } from '@/lib/responses/drafts';
import { readResponse } from '@/lib/responses/queries';
import { signInPath } from '@/lib/routing/sign-in-path';

export const metadata: Metadata = { title: 'Post your response', robots: { index: false } };

/**
 * Back from signing in with a response written before: here it is, ready to post — with a name field too if the
 * reader has not chosen one yet.
 */
export default async function ResumeDraftPage() {
  const user = await currentUser();
  if (!user) redirect(signInPath({ returnTo: '/responses/resume', reason: 'respond' }));
  const draft = await readDraft(await getDb());
  if (!draft) {
    return (
      <>
        <h1>Nothing waiting to be posted</h1>
        <p>
          There is no unposted response in this browser. <Link href="/">Go to the latest issue</Link>.
        </p>
      </>
    );
  }
  const answered = draft.replyToId ? await readResponse(draft.replyToId) : null;
  return (
    <>
      <h1>Post your response</h1>
      <p role="status">
        {user.displayName
          ? 'You are signed in. Your response is below, as you wrote it: post it when you are ready.'
          : 'You are signed in. Choose the name to show beside your responses, then post what you wrote.'}
      </p>
      <ResponseForm
        articleId={draft.articleId}
        replyTo={answered ? { id: answered.id, name: answered.authorName ?? 'a former reader' } : undefined}
        premoderated={answered?.responsesMode === 'premoderated'}
        initialBody={draft.body}
        askName={!user.displayName}
        draft
      />
    </>
  );
}
