import { config } from '@/lib/config';

/**
 * Where a reader may be sent after signing in: only a path on this site. Anything else — another origin, a
 * protocol-relative "//evil.example", a backslash trick, a control character — becomes the home page.
 */
export function safeCallbackPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 2000) return fallback;
  let candidate = value;
  const { SITE_URL } = config();
  if (candidate.startsWith(SITE_URL + '/') || candidate === SITE_URL) candidate = candidate.slice(SITE_URL.length) || '/';
  if (!candidate.startsWith('/') || candidate.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(candidate)) return fallback;
  try {
    const parsed = new URL(candidate, 'http://internal.invalid');
    if (parsed.origin !== 'http://internal.invalid') return fallback;
    return `${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return fallback;
  }
}

/** The page an emailed sign-in link opens: it shows a button, so that mail scanners following links use nothing up. */
export function confirmSignInUrl(email: string, token: string, callbackPath: string): string {
  const params = new URLSearchParams({ email, token, callbackUrl: callbackPath });
  return `${config().SITE_URL}/signin/confirm?${params}`;
}
