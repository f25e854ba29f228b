import Link from '@/components/Link';
import { subscriptionOf } from '@/lib/subscriptions/queries';
import { AccountSubscribeForm } from './SubscribeForm';

/** The account page's part about the briefing by email: whether the reader's address receives it, and a button if not. */
export async function AccountSubscription({ email }: { email: string }) {
  const subscription = await subscriptionOf(email);
  return (
    <section aria-labelledby="subscription-title">
      <h2 id="subscription-title">Your email subscription</h2>
      {subscription?.status === 'active' ? (
        <p>
          You receive each briefing at <strong>{email}</strong>. Every briefing has a link to stop it.
        </p>
      ) : (
        <>
          <p>
            You do not receive the briefing by email
            {subscription?.status === 'pending' ? ' yet: the address is waiting to be confirmed' : ''}.{' '}
            <Link href="/subscribe">About subscribing</Link>
          </p>
          <AccountSubscribeForm />
        </>
      )}
    </section>
  );
}
