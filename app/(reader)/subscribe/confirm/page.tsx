import type { Metadata } from 'next';
import Link from '@/components/Link';
import { ActionButton } from '@/components/forms/ActionButton';
import { getDb } from '@/db/client';
import { singleValues, type RawSearchParams } from '@/lib/routing/search-params';
import { confirmEmailSubscription } from '@/lib/subscriptions/actions';
import { CONFIRM_ERRORS, subscriberForLink } from '@/lib/subscriptions/subscribe';

export const metadata: Metadata = { title: 'Confirm your subscription', robots: { index: false } };

type Props = { searchParams: Promise<RawSearchParams> };

/**
 * Where the confirmation email's link leads. Opening it changes nothing — mail scanners open links — and shows the
 * address with a button; the button posts to confirmSubscription (lib/subscriptions/subscribe.ts).
 */
export default async function ConfirmSubscriptionPage({ searchParams }: Props) {
  const { subscriber = '', token = '' } = await singleValues<'subscriber' | 'token'>(searchParams);
  const { state, row } = await subscriberForLink(await getDb(), { subscriber, token });
  if (!row) return <Problem title="This link is not valid" message={CONFIRM_ERRORS.invalid} />;
  if (row.status === 'active')
    return (
      <>
        <h1>You are subscribed</h1>
        <p className="notice" role="status">
          The briefing will be emailed to <strong>{row.email}</strong>. Every briefing has a link to stop it.
        </p>
        <p>
          <Link href="/">Read the latest briefing</Link>
        </p>
      </>
    );
  if (state === 'expired') return <Problem title="This link has expired" message={CONFIRM_ERRORS.expired} />;
  if (row.status !== 'pending') return <Problem title="This link is not valid" message={CONFIRM_ERRORS.invalid} />;
  return (
    <>
      <h1>Confirm your subscription</h1>
      <p>
        Press the button to have the briefing emailed to <strong>{row.email}</strong>.
      </p>
      <ActionButton
        action={confirmEmailSubscription}
        label="Confirm subscription"
        pendingLabel="Confirming…"
        fields={{ subscriber, token }}
      />
    </>
  );
}

function Problem({ title, message }: { title: string; message: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link href="/subscribe">Subscribe again</Link>
      </p>
    </>
  );
}
