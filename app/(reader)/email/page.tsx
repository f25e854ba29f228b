import type { Metadata } from 'next';
import Link from '@/components/Link';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import type { SubscriberStatus } from '@/db/schema';
import { ActionButton } from '@/components/forms/ActionButton';
import { currentUser } from '@/lib/auth/session';
import { actorOf, VISITOR } from '@/lib/commands/actor';
import { Refusal } from '@/lib/commands/refusal';
import { readUnsubscribeLink } from '@/lib/mail/unsubscribe';
import { rowIdOf } from '@/lib/routing/addresses';
import { singleValues, type RawSearchParams } from '@/lib/routing/search-params';
import { signInPath } from '@/lib/routing/sign-in-path';
import { paths } from '@/lib/site';
import { changeBriefing, changeReplyEmails, unfollowEverything, unfollowFromPreferences } from '@/lib/subscriptions/preference-actions';
import { emailPreferences, type EmailPreferences } from '@/lib/subscriptions/preferences';
import { RESUBSCRIBE_WORDING } from '@/lib/subscriptions/unsubscribe';

// The address may carry an email's token: never sent on to another site. (Not "no-referrer": a form posted from a
// page with that policy says its origin is "null", and the cross-site check refuses it.)
export const metadata: Metadata = { title: 'Your email', robots: { index: false }, referrer: 'same-origin' };

type Props = { searchParams: Promise<RawSearchParams> };

const BRIEFING_STATUS: Record<SubscriberStatus, string> = {
  pending: 'You asked for the briefing but have not confirmed your address yet.',
  active: 'You get the briefing by email.',
  unsubscribed: 'You do not get the briefing (you unsubscribed).',
  bounced: 'You do not get the briefing: email to this address bounced.',
  complained: 'You do not get the briefing: it was reported as spam from this address.',
};

/**
 * Every email a person gets from us, in one place: the briefing, reply emails and the articles they follow. Opened
 * from the link in any of our emails (its token is the authorisation: no sign-in needed) or, signed in, from the
 * account page. What it shows and what its buttons may change are the same rules (lib/subscriptions/authority.ts).
 * Rendered per request, never cached.
 */
export default async function EmailPage({ searchParams }: Props) {
  const query = await singleValues<'purpose' | 'id' | 'token' | 'before'>(searchParams);
  const hasLink = Boolean(query.purpose || query.id || query.token);
  const link = readUnsubscribeLink({ purpose: query.purpose, id: query.id, token: query.token });
  const user = hasLink ? null : await currentUser();
  if (!hasLink && !user) redirect(signInPath({ returnTo: '/email' }));

  let preferences: EmailPreferences;
  try {
    if (hasLink && !link) throw new Refusal('not-allowed', 'This link is incomplete.');
    preferences = await emailPreferences(await getDb(), user ? actorOf(user) : VISITOR, link, rowIdOf(query.before));
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    return (
      <>
        <h1>Your email</h1>
        <p className="notice" role="status">
          {error.message}
        </p>
        <p>
          <Link href="/email">Sign in to change your email settings</Link>.
        </p>
      </>
    );
  }

  const { authority, notifyReplies, follows, moreFollows } = preferences;
  const fields: Record<string, string> = link ? { purpose: link.purpose, id: link.id, token: link.token } : {};
  const status = authority.subscriber?.status;
  const canUnsubscribe = status === 'active' || status === 'pending';
  const canSubscribe = !canUnsubscribe && status !== 'bounced' && status !== 'complained';
  const here = (before: number) => `/email?${new URLSearchParams({ ...fields, before: String(before) })}`;
  return (
    <>
      <h1>Your email</h1>
      <p>
        The emails we send to <strong>{authority.email}</strong>.
        {authority.via === 'token' && ' You opened this page from a link in one of them, so you need not sign in.'}
      </p>

      <section aria-labelledby="briefing-title">
        <h2 id="briefing-title">The briefing</h2>
        <p>{status ? BRIEFING_STATUS[status] : 'You do not get the briefing.'}</p>
        {canSubscribe && <p className="field-help">{RESUBSCRIBE_WORDING}</p>}
        {/* One button in one place, whichever it says, so that its message stays after the page refreshes. */}
        {(canSubscribe || canUnsubscribe) && (
          <ActionButton
            action={changeBriefing}
            fields={{ ...fields, subscribe: canSubscribe ? 'yes' : 'no' }}
            label={canSubscribe ? 'Subscribe to the briefing' : 'Unsubscribe from the briefing'}
            pendingLabel="Saving…"
          />
        )}
      </section>

      {authority.userId ? (
        <>
          <section aria-labelledby="replies-title">
            <h2 id="replies-title">Reply emails</h2>
            <p>{notifyReplies ? 'We email you when someone replies to one of your responses.' : 'We do not email you about replies.'}</p>
            <ActionButton
              action={changeReplyEmails}
              fields={{ ...fields, notify: notifyReplies ? 'no' : 'yes' }}
              label={notifyReplies ? 'Stop reply emails' : 'Email me about replies'}
              pendingLabel="Saving…"
            />
          </section>

          <section aria-labelledby="follows-title">
            <h2 id="follows-title">Articles you follow</h2>
            {follows.length === 0 && !query.before ? (
              <p>You follow no articles. Follow one from its page to be emailed its new responses, at most once an hour.</p>
            ) : (
              <>
                <p>We email you the new responses on these articles, at most once an hour.</p>
                <ul className="follows">
                  {follows.map((article) => (
                    <li key={article.articleId}>
                      <Link href={paths.article(article.date, article.slug)}>{article.title}</Link>{' '}
                      <ActionButton
                        action={unfollowFromPreferences}
                        fields={{ ...fields, articleId: article.articleId }}
                        label="Unfollow"
                        hiddenSuffix={article.title}
                        pendingLabel="Unfollowing…"
                        className="button-secondary"
                      />
                    </li>
                  ))}
                </ul>
                {moreFollows && (
                  <p>
                    <Link href={here(moreFollows)}>More articles you follow</Link>
                  </p>
                )}
                <ActionButton
                  action={unfollowEverything}
                  fields={fields}
                  label="Unfollow all articles"
                  pendingLabel="Unfollowing…"
                  className="button-secondary"
                />
              </>
            )}
          </section>
        </>
      ) : (
        <p>
          This link changes only the briefing. To change reply emails and the articles you follow,{' '}
          <Link href={signInPath({ returnTo: '/email' })}>sign in</Link>.
        </p>
      )}
    </>
  );
}
