import { currentUser } from '@/lib/auth/session';
import { formStamp } from '@/lib/subscriptions/form-stamp';
import { subscriptionOf } from '@/lib/subscriptions/queries';

// What the subscribe forms on cached pages (articles, the footer) ask once loaded: a fresh signed stamp, and whether
// the visitor is signed in and subscribed, so that a signed-in reader gets the one-button form. Personal, so never
// cached. Reading only: nothing here changes anything.
export async function GET() {
  const headers = { 'Cache-Control': 'private, no-store' };
  const user = await currentUser();
  const status = user ? ((await subscriptionOf(user.email))?.status ?? null) : null;
  return Response.json({ signedIn: !!user, status, stamp: formStamp() }, { headers });
}
