import type { Metadata } from 'next';
import { EmailSubscribeForm, SubscribeForm } from '@/components/subscribe/SubscribeForm';
import { currentUser } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { siteName } from '@/lib/site';
import { formStamp } from '@/lib/subscriptions/form-stamp';
import { subscriptionOf } from '@/lib/subscriptions/queries';

export const metadata: Metadata = { title: 'Subscribe by email', alternates: { canonical: '/subscribe' } };

/**
 * Subscribing by email. Rendered for each visit (it knows who is signed in), so its stamp is fresh: a visitor gives
 * an address and confirms it from the email; a signed-in reader subscribes with one button.
 */
export default async function SubscribePage() {
  const user = await currentUser();
  const subscription = user ? await subscriptionOf(user.email) : null;
  const stamp = formStamp();
  return (
    <>
      <h1>Subscribe by email</h1>
      <p>Each new briefing of {siteName()}, in your inbox about once a fortnight: every article in full, with a link to its responses.</p>
      {user && subscription?.status === 'active' ? (
        <p className="notice" role="status">
          You receive the briefing at <strong>{user.email}</strong>
          {subscription.confirmedAt && <> (since {formatDateTime(subscription.confirmedAt)})</>}. Every briefing has a link to stop it.
        </p>
      ) : user ? (
        <>
          <p>
            You are signed in as <strong>{user.email}</strong>: subscribe that address with one press, no confirmation email needed.
          </p>
          <SubscribeForm source="subscribe-page" stamp={stamp} viewer={{ signedIn: true, status: subscription?.status ?? null }} />
          <h2>Another address</h2>
          <EmailSubscribeForm source="subscribe-page" stamp={stamp} />
        </>
      ) : (
        <>
          <p>We will email you a link to confirm the address first; nothing is sent to it until you do.</p>
          <EmailSubscribeForm source="subscribe-page" stamp={stamp} />
        </>
      )}
    </>
  );
}
