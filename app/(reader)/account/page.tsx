import type { Metadata } from 'next';
import Link from '@/components/Link';
import { redirect } from 'next/navigation';
import { ActionButton } from '@/components/forms/ActionButton';
import { ProfileForm } from '@/components/forms/ProfileForm';
import { AccountSubscription } from '@/components/subscribe/AccountSubscription';
import { signOutAction } from '@/lib/auth/actions';
import { currentUser, isSanctioned, sanctionMessage } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { can } from '@/lib/auth/permissions';
import { isStaffRole, ROLE_NAMES } from '@/lib/moderation/access';
import { parseMarkup, plainText } from '@/lib/responses/markup';
import { readOwnResponses } from '@/lib/responses/queries';
import { editableUntil } from '@/lib/responses/rules';
import { signInPath } from '@/lib/routing/sign-in-path';
import { paths } from '@/lib/site';

export const metadata: Metadata = { title: 'Your account', robots: { index: false } };

const STATUS: Record<string, string> = {
  published: 'Published',
  pending: 'Awaiting review',
  rejected: 'Not published',
  removed: 'Removed',
};

export default async function AccountPage() {
  const user = await currentUser();
  if (!user) redirect(signInPath({ returnTo: '/account' }));
  const responses = await readOwnResponses(user.id, null, 50);
  return (
    <>
      <h1>Your account</h1>
      <p>
        Signed in as <strong>{user.email}</strong>
        {isStaffRole(user.role) && <> ({ROLE_NAMES[user.role].toLowerCase()})</>}
        {can(user, 'moderate-responses') && (
          <>
            : <Link href="/moderation">moderation queue</Link>
          </>
        )}
        {can(user, 'manage-subscribers') && (
          <>
            {can(user, 'moderate-responses') ? ', ' : ': '}
            <Link href="/admin/subscribers">subscribers</Link>
          </>
        )}
        .
      </p>
      {isSanctioned(user) && (
        <p className="notice" role="status">
          {sanctionMessage(user)}
        </p>
      )}

      <section aria-labelledby="profile-title">
        <h2 id="profile-title">Your name and emails</h2>
        <ProfileForm profile={{ displayName: user.displayName, affiliation: user.affiliation, notifyReplies: user.notifyReplies }} />
        <p>
          <Link href="/email">All your emails</Link>: the briefing, reply emails and the articles you follow.
        </p>
      </section>

      <AccountSubscription email={user.email} />

      <section aria-labelledby="own-title">
        <h2 id="own-title">Your responses</h2>
        {responses.length === 0 ? (
          <p>You have not responded to an article yet.</p>
        ) : (
          <ol className="own-responses">
            {responses.map((response) => {
              const articlePath = paths.article(response.article.date, response.article.slug);
              const excerpt = plainText(parseMarkup(response.body));
              return (
                <li key={response.id}>
                  <p>
                    On <Link href={`${articlePath}#response-${response.id}`}>{response.article.title}</Link>,{' '}
                    <time dateTime={response.createdAt.toISOString()}>{formatDateTime(response.createdAt)}</time> ·{' '}
                    {STATUS[response.status]}
                  </p>
                  <p className="excerpt">{excerpt.length > 160 ? `${excerpt.slice(0, 159)}…` : excerpt}</p>
                  {response.status !== 'removed' && (
                    <p>
                      <Link href={`/responses/${response.id}`}>
                        {response.status === 'rejected' ? 'Why, and appeal' : editableUntil(response) ? 'Edit or delete' : 'Delete'}
                        <span className="visually-hidden"> this response</span>
                      </Link>
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
        )}
        <p>
          <a href="/account/responses.json" download>
            Download all your responses (JSON)
          </a>
        </p>
      </section>

      <section aria-labelledby="session-title">
        <h2 id="session-title">Sign out</h2>
        <ActionButton action={signOutAction} label="Sign out" pendingLabel="Signing out…" className="button-secondary" />
      </section>

      <section aria-labelledby="delete-title">
        <h2 id="delete-title">Delete your account</h2>
        <p>
          Your email address and name are deleted and you are signed out everywhere. Your responses stay where they are, signed “a former
          reader”, so that the conversations you took part in still make sense. (Delete any you want gone first, above.)
        </p>
        <p>
          <Link href="/account/delete">Delete your account…</Link>
        </p>
      </section>
    </>
  );
}
