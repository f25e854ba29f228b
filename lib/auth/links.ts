import { config } from '@/lib/config';

/** The page an emailed sign-in link opens: it shows a button, so that mail scanners following links use nothing up. */
export function confirmSignInUrl(email: string, token: string, callbackPath: string): string {
  const params = new URLSearchParams({ email, token, callbackUrl: callbackPath });
  return `${config().SITE_URL}/signin/confirm?${params}`;
}
