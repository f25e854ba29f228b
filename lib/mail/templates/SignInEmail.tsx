import { siteName } from '@/lib/site';
import type { MailMessage } from '../message';
import { renderMessage } from '../render';
import { Layout } from './Layout';
import { ActionButton, FinePrint, Paragraph } from './parts';

type Props = { siteName: string; url: string; lifetime: string };

export function SignInEmail({ siteName, url, lifetime }: Props) {
  const opening = `Someone — we hope you — asked to sign in to ${siteName} with this address.`;
  return (
    <Layout
      title={`Sign in to ${siteName}`}
      preview={opening}
      footer={<FinePrint>If you did not ask, ignore this message: nothing happens without that button.</FinePrint>}
    >
      <Paragraph>{opening}</Paragraph>
      <Paragraph>
        Open the link below and press the button on that page to finish signing in. The link works once, for {lifetime}.
      </Paragraph>
      <ActionButton href={url} label="Sign in" />
    </Layout>
  );
}

/** The email with a sign-in link (sent by Auth.js's sendVerificationRequest, lib/auth/index.ts). */
export function signInMessage(to: string, url: string, expires: Date): Promise<MailMessage> {
  const name = siteName();
  const minutes = Math.round((expires.getTime() - Date.now()) / 60_000);
  const lifetime = minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`;
  return renderMessage({ to, subject: `Sign in to ${name}` }, <SignInEmail siteName={name} url={url} lifetime={lifetime} />);
}
