import { absoluteUrl, siteName } from '@/lib/site';
import type { MailMessage } from '../message';
import { renderMessage } from '../render';
import { Layout } from './Layout';
import { ActionButton, FinePrint, Paragraph } from './parts';

type Props = { siteName: string; homeUrl: string };

/**
 * Sent, at most once a day, when someone asks to subscribe an address that already receives the briefing: the
 * form says the same to everyone, so the address's owner learns it here.
 */
export function AlreadySubscribedEmail({ siteName, homeUrl }: Props) {
  const opening = `Someone — we hope you — asked for ${siteName} to be emailed to this address. It already is: there is nothing more to do.`;
  return (
    <Layout
      title={`You already receive ${siteName}`}
      preview={opening}
      footer={<FinePrint>Every briefing has a link to stop it. If you did not ask, ignore this message: nothing has changed.</FinePrint>}
    >
      <Paragraph>{opening}</Paragraph>
      <ActionButton href={homeUrl} label="Read the latest briefing" />
    </Layout>
  );
}

export function alreadySubscribedMessage(to: string): Promise<MailMessage> {
  const name = siteName();
  return renderMessage(
    { to, subject: `You already receive ${name}` },
    <AlreadySubscribedEmail siteName={name} homeUrl={absoluteUrl('/')} />,
  );
}
