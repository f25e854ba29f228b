import { siteName } from '@/lib/site';
import { composeMessage, type MailMessage } from './message';

export function signInMessage(to: string, url: string, expires: Date): MailMessage {
  const name = siteName();
  const minutes = Math.round((expires.getTime() - Date.now()) / 60_000);
  const lifetime = minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`;
  return composeMessage({
    to,
    subject: `Sign in to ${name}`,
    paragraphs: [
      `Someone — we hope you — asked to sign in to ${name} with this address.`,
      `Open the link below and press the button on that page to finish signing in. The link works once, for ${lifetime}.`,
    ],
    action: { label: 'Sign in', url },
    footer: ['If you did not ask, ignore this message: nothing happens without that button.'],
  });
}
