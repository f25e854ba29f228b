import { subscribersCsv } from '@/lib/subscriptions/export';

// The subscribers as CSV, for staff with 'manage-subscribers' (lib/subscriptions/export.ts checks and logs).
export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  return subscribersCsv(new URL(request.url));
}
