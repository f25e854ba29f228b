import { safeReturnPath } from './return-path';

/**
 * The one way this site writes an address of the sign-in page. Pages and actions that need a reader send them
 * here with where to come back to; the return path goes through safeReturnPath on the way in, so that no caller
 * can put another site into the sign-in page's own links, and the query is encoded once, here.
 */

/** Why the reader is asked to sign in, which the page says above the form. */
export type SignInReason = 'respond';

/**
 * The problems the page explains: Auth.js's (it sends its errors to this page) and this site's limit on using
 * sign-in links.
 */
export type SignInError = 'Verification' | 'Configuration' | 'AccessDenied' | 'TooManyAttempts';

export type SignInRequest = {
  /** Where to come back to after signing in; the page's own default (the account) when not given. */
  returnTo?: string;
  reason?: SignInReason;
  error?: SignInError;
};

export function signInPath({ returnTo, reason, error }: SignInRequest = {}): string {
  const query = new URLSearchParams();
  if (returnTo !== undefined) query.set('callbackUrl', safeReturnPath(returnTo));
  if (reason) query.set('reason', reason);
  if (error) query.set('error', error);
  const search = query.toString();
  return search ? `/signin?${search}` : '/signin';
}
