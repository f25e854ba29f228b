import type { Metadata } from 'next';
import Link from '@/components/Link';
import { readUnsubscribeLink, unsubscribeQuery, UNSUBSCRIBE_PURPOSES, type UnsubscribePurpose } from '@/lib/mail/unsubscribe';
import { singleValues, type RawSearchParams } from '@/lib/routing/search-params';

export const metadata: Metadata = { title: 'Stop emails', robots: { index: false } };

type Props = { searchParams: Promise<RawSearchParams> };

/** What each kind of link stops, as the page asks and then says. */
const WORDS: Record<UnsubscribePurpose, { ask: string; what: string; button: string; done: string; after: string }> = {
  replies: {
    ask: 'Stop reply emails?',
    what: 'We email you when someone replies to one of your responses. Press the button to stop.',
    button: 'Stop reply emails',
    done: 'Reply emails are off',
    after: 'You will not be emailed about replies any more.',
  },
  briefing: {
    ask: 'Unsubscribe from the briefing?',
    what: 'We email you the briefing when each issue is published. Press the button to stop.',
    button: 'Unsubscribe',
    done: 'You are unsubscribed',
    after: 'You will not be sent the briefing any more.',
  },
  follows: {
    ask: 'Stop following articles?',
    what: 'We email you new responses on the articles you follow. Press the button to unfollow them all.',
    button: 'Unfollow all articles',
    done: 'You follow no articles now',
    after: 'You will not be emailed about new responses any more.',
  },
};

/** An unsubscribe link opens this page; the button (a POST) turns that kind of email off, if its token is good. */
export default async function UnsubscribePage({ searchParams }: Props) {
  const { done, ...query } = await singleValues<'purpose' | 'id' | 'user' | 'token' | 'done'>(searchParams);
  const link = readUnsubscribeLink(query);
  // "1" is what the button said before links named their purpose: reply emails.
  const finished = done === '1' ? 'replies' : UNSUBSCRIBE_PURPOSES.find((purpose) => purpose === done);
  if (finished) {
    return (
      <>
        <h1>{WORDS[finished].done}</h1>
        <p role="status">
          {WORDS[finished].after} You can change which emails you get from the link in any of our emails, or in{' '}
          <Link href="/email">your account</Link>.
        </p>
      </>
    );
  }
  if (!link) {
    return (
      <>
        <h1>Stop emails</h1>
        <p>
          This link is incomplete. You can change which emails you get on <Link href="/email">your email page</Link> once signed in.
        </p>
      </>
    );
  }
  const words = WORDS[link.purpose];
  return (
    <>
      <h1>{words.ask}</h1>
      <p>{words.what}</p>
      <form method="post" action={`/api/notifications/unsubscribe?${unsubscribeQuery(link)}`}>
        <button type="submit">{words.button}</button>
      </form>
      <p>
        Or <Link href={`/email?${unsubscribeQuery(link)}`}>choose which emails you get</Link>.
      </p>
    </>
  );
}
