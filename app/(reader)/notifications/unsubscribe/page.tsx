import type { Metadata } from 'next';
import Link from 'next/link';
import { readUnsubscribeLink, unsubscribeQuery } from '@/lib/mail/unsubscribe';
import { singleValues, type RawSearchParams } from '@/lib/routing/search-params';

export const metadata: Metadata = { title: 'Reply emails', robots: { index: false } };

type Props = { searchParams: Promise<RawSearchParams> };

/** The unsubscribe link in reply emails opens this page; the button (a POST) turns the emails off, if its token is good. */
export default async function UnsubscribePage({ searchParams }: Props) {
  const { done, ...query } = await singleValues<'purpose' | 'id' | 'user' | 'token' | 'done'>(searchParams);
  const link = readUnsubscribeLink(query);
  if (done) {
    return (
      <>
        <h1>Reply emails are off</h1>
        <p role="status">
          You will not be emailed about replies any more. You can turn them back on in <Link href="/account">your account</Link>.
        </p>
      </>
    );
  }
  if (!link) {
    return (
      <>
        <h1>Reply emails</h1>
        <p>
          This link is incomplete. You can change which emails you get in <Link href="/account">your account</Link>.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Stop reply emails?</h1>
      <p>We email you when someone replies to one of your responses. Press the button to stop.</p>
      <form method="post" action={`/api/notifications/unsubscribe?${unsubscribeQuery(link)}`}>
        <button type="submit">Stop reply emails</button>
      </form>
    </>
  );
}
