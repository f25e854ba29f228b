import type { Metadata } from 'next';
import { SIGN_IN_LINK_MINUTES } from '@/lib/auth/constants';

export const metadata: Metadata = { title: 'Check your email', robots: { index: false } };

export default function CheckEmailPage() {
  return (
    <>
      <h1>Check your email</h1>
      <p role="status">If that address can receive mail, a sign-in link is on its way to it.</p>
      <p>
        Open the link and press the button on the page it opens. The link works once, for {SIGN_IN_LINK_MINUTES} minutes. Nothing arrived?
        Look in your spam folder, or ask for another link.
      </p>
    </>
  );
}
