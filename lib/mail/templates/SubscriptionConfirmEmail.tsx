import { siteName } from '@/lib/site';
import type { MailMessage } from '../message';
import { renderMessage } from '../render';
import { Layout } from './Layout';
import { ActionButton, FinePrint, Paragraph } from './parts';

type Props = { siteName: string; url: string; lifetime: string };

/** Asks someone who gave their address on a subscribe form to confirm it (double opt-in). */
export function SubscriptionConfirmEmail({ siteName, url, lifetime }: Props) {
  const opening = `Someone — we hope you — asked for ${siteName} to be emailed to this address.`;
  return (
    <Layout
      title={`Confirm your subscription to ${siteName}`}
      preview={opening}
      footer={<FinePrint>If you did not ask, ignore this message: without that button, nothing is sent to you.</FinePrint>}
    >
      <Paragraph>{opening}</Paragraph>
      <Paragraph>Open the link below and press the button on that page to confirm. The link works for {lifetime}.</Paragraph>
      <ActionButton href={url} label="Confirm your subscription" />
    </Layout>
  );
}

/** The confirmation email, with the link to the confirm page (lib/subscriptions/confirm-token.ts makes it). */
export function subscriptionConfirmMessage(to: string, url: string): Promise<MailMessage> {
  const name = siteName();
  return renderMessage(
    { to, subject: `Confirm your subscription to ${name}` },
    <SubscriptionConfirmEmail siteName={name} url={url} lifetime="7 days" />,
  );
}
