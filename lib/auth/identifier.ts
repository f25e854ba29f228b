import { AuthError } from 'next-auth';
import { normaliseEmail } from '@/lib/accounts/email-address';

/**
 * An address Auth.js was asked to sign in with and that normaliseEmail refuses. An AuthError of the AccessDenied
 * type because of how Auth.js handles what normalizeIdentifier throws: server-side signIn() rethrows an AuthError
 * to its caller (any other error it swallows, answering with an error page URL as if all went well), and the HTTP
 * route sends the browser to /signin?error=AccessDenied rather than reporting a server misconfiguration.
 */
export class EmailAddressRefused extends AuthError {
  static type = 'AccessDenied' as const;

  constructor(message: string) {
    super(message);
    // AuthError appends a link to its documentation, for logs; this message is for the person who typed it.
    this.message = message;
  }
}

/**
 * The Nodemailer provider's normalizeIdentifier: every address Auth.js sends a link to, and so every identifier
 * its callback later finds in the verification token, is normaliseEmail's. Auth.js calls it before it creates a
 * token or sends mail, so a refusal sends nothing.
 */
export function normaliseIdentifier(identifier: string): string {
  const check = normaliseEmail(identifier);
  if (!check.ok) throw new EmailAddressRefused(check.error);
  return check.email;
}
