import 'server-only';
import { and, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { getDb, queryRows } from '@/db/client';
import { issues, sends, subscribers, subscriberStatuses, type Subscriber, type SubscriberStatus } from '@/db/schema';
import { emailSearchForms } from '@/lib/accounts/email-address';
import { staffQuery } from '@/lib/auth/staff-query';
import { blockedEmailDomains } from './admin';
import { issueDeliveryRates, type DeliveryRates } from './rates';

/** What the subscribers page reads: never cached, each a staffQuery that checks 'manage-subscribers' first. */

export const SUBSCRIBERS_PAGE_SIZE = 50;
/** Months the growth chart shows, the current one last. */
export const GROWTH_MONTHS = 12;
/** Sends whose rates the page shows, newest first. */
export const RECENT_SENDS = 6;

export type StatusCounts = Record<SubscriberStatus, number> & { total: number };

/** How many subscribers have each status. */
export const readSubscriberCounts = staffQuery('manage-subscribers', async (): Promise<StatusCounts> => {
  const db = await getDb();
  const rows = await db
    .select({ status: subscribers.status, count: sql<number>`count(*)::int` })
    .from(subscribers)
    .groupBy(subscribers.status);
  const counts = Object.fromEntries(subscriberStatuses.map((status) => [status, 0])) as StatusCounts;
  for (const row of rows) counts[row.status] = Number(row.count);
  counts.total = rows.reduce((sum, row) => sum + Number(row.count), 0);
  return counts;
});

export type GrowthPoint = { month: string; active: number };

/**
 * Active subscribers at the end of each of the last GROWTH_MONTHS months (UTC): confirmed by then, and either still
 * active or stopped only after it. Someone who stopped and came back counts from their latest confirmation: the
 * table keeps the latest status change only.
 */
export const readSubscriberGrowth = staffQuery('manage-subscribers', async (): Promise<GrowthPoint[]> => {
  const db = await getDb();
  const rows = await queryRows<{ month: string; active: number }>(
    db,
    sql`
    select to_char(month.start at time zone 'UTC', 'YYYY-MM') as month,
           (select count(*)::int from ${subscribers} s
             where s.confirmed_at < month.start + interval '1 month'
               and (s.status = 'active' or s.status_changed_at >= month.start + interval '1 month')) as active
      from generate_series(
             date_trunc('month', now(), 'UTC') - make_interval(months => ${GROWTH_MONTHS - 1}),
             date_trunc('month', now(), 'UTC'),
             interval '1 month') as month(start)
     order by month.start`,
  );
  return rows.map((row) => ({ month: row.month, active: Number(row.active) }));
});

export type SubscriberRow = Pick<
  Subscriber,
  'id' | 'email' | 'status' | 'consentSource' | 'consentNote' | 'consentAt' | 'confirmedAt' | 'statusChangedAt' | 'createdAt'
>;

const rowColumns = {
  id: subscribers.id,
  email: subscribers.email,
  status: subscribers.status,
  consentSource: subscribers.consentSource,
  consentNote: subscribers.consentNote,
  consentAt: subscribers.consentAt,
  confirmedAt: subscribers.confirmedAt,
  statusChangedAt: subscribers.statusChangedAt,
  createdAt: subscribers.createdAt,
};

export type SubscriberFilter = { query: string; status: SubscriberStatus | null };

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function filterWhere({ query, status }: SubscriberFilter): SQL | undefined {
  const text = query.trim().toLowerCase();
  // Addresses are stored folded, IDN domains in their xn-- form: look for those forms of the query too.
  const forms = text ? [...new Set([text, ...emailSearchForms(text)])] : [];
  return and(
    status ? eq(subscribers.status, status) : undefined,
    forms.length ? or(...forms.map((form) => ilike(subscribers.email, `%${escapeLike(form)}%`))) : undefined,
  );
}

/**
 * Subscribers newest first, filtered by status and address, a page at a time by keyset on (created_at, id) — the
 * subscribers_created and subscribers_status_created indexes. `after` is the id of the last row of the page before.
 */
export const readSubscribers = staffQuery(
  'manage-subscribers',
  async (filter: SubscriberFilter, after: number | null): Promise<{ items: SubscriberRow[]; next: number | null }> => {
    const db = await getDb();
    const keyset =
      after === null
        ? undefined
        : sql`(${subscribers.createdAt}, ${subscribers.id}) < (select created_at, id from ${subscribers} where id = ${after})`;
    const rows = await db
      .select(rowColumns)
      .from(subscribers)
      .where(and(filterWhere(filter), keyset))
      .orderBy(desc(subscribers.createdAt), desc(subscribers.id))
      .limit(SUBSCRIBERS_PAGE_SIZE + 1);
    const items = rows.slice(0, SUBSCRIBERS_PAGE_SIZE);
    return { items, next: rows.length > SUBSCRIBERS_PAGE_SIZE ? items.at(-1)!.id : null };
  },
);

export type ExportRow = SubscriberRow & { consentWording: string };

/** Every subscriber the filter matches, for the CSV export (newest first). */
export const readSubscriberExport = staffQuery('manage-subscribers', async (filter: SubscriberFilter): Promise<ExportRow[]> => {
  const db = await getDb();
  return db
    .select({ ...rowColumns, consentWording: subscribers.consentWording })
    .from(subscribers)
    .where(filterWhere(filter))
    .orderBy(desc(subscribers.createdAt), desc(subscribers.id));
});

export type SendRates = { sendId: number; issueDate: string; state: string; startedAt: Date | null; rates: DeliveryRates };

/** The latest sends that started, with their bounce and complaint rates. */
export const readRecentSendRates = staffQuery('manage-subscribers', async (): Promise<SendRates[]> => {
  const db = await getDb();
  const recent = await db
    .select({ sendId: sends.id, issueDate: issues.date, state: sends.state, startedAt: sends.startedAt })
    .from(sends)
    .innerJoin(issues, eq(issues.id, sends.issueId))
    .where(sql`${sends.startedAt} is not null`)
    .orderBy(desc(sends.startedAt), desc(sends.id))
    .limit(RECENT_SENDS);
  return Promise.all(recent.map(async (send) => ({ ...send, rates: await issueDeliveryRates(db, send.sendId) })));
});

/** The blocked email domains, for the page's form. */
export const readBlockedDomains = staffQuery('manage-subscribers', async (): Promise<string[]> => blockedEmailDomains(await getDb()));
