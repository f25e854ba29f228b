import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bounces, subscribers } from '@/db/schema';
import { withFreshDatabase } from '@/test/database';
import { insertSend, insertSubscriber } from '@/test/subscriber-fixtures';
import { SOFT_BOUNCE_LIMIT, SOFT_BOUNCE_WINDOW_DAYS } from './bounce-policy';
import { recordBounce, type BounceRecord } from './bounces';

const { connection } = withFreshDatabase();
const db = () => connection().db;

const record = (bounce: BounceRecord) => db().transaction((tx) => recordBounce(tx, bounce));
const subscriber = async (id: number) => (await db().select().from(subscribers).where(eq(subscribers.id, id)))[0]!;
const bouncesOf = (id: number) => db().select().from(bounces).where(eq(bounces.subscriberId, id)).orderBy(bounces.id);

describe('recordBounce', () => {
  it('records a hard bounce and suppresses the address, stamping when its status changed', async () => {
    const sendId = await insertSend(db());
    const { id } = await insertSubscriber(db(), { statusChangedAt: new Date('2020-01-01T00:00:00Z') });

    const result = await record({ subscriberId: id, sendId, kind: 'hard', source: 'smtp', detail: '550 5.1.1 No such user' });

    expect(result).toEqual({ recorded: true, suppressed: true });
    const after = await subscriber(id);
    expect(after.status).toBe('bounced');
    expect(after.statusChangedAt.getTime()).toBeGreaterThan(new Date('2025-01-01').getTime());
    expect(await bouncesOf(id)).toEqual([
      expect.objectContaining({ sendId, kind: 'hard', source: 'smtp', detail: '550 5.1.1 No such user', reportKey: null }),
    ]);
  });

  it('marks a complaint as complained', async () => {
    const { id } = await insertSubscriber(db());
    const result = await record({
      subscriberId: id,
      sendId: null,
      kind: 'complaint',
      source: 'report',
      detail: 'abuse',
      reportKey: `c-${id}`,
    });
    expect(result).toEqual({ recorded: true, suppressed: true });
    expect((await subscriber(id)).status).toBe('complained');
  });

  it('counts a report read twice once', async () => {
    const { id } = await insertSubscriber(db());
    const bounce: BounceRecord = {
      subscriberId: id,
      sendId: null,
      kind: 'hard',
      source: 'report',
      detail: '5.1.1',
      reportKey: `<r1-${id}@mx> ${id}`,
    };

    expect(await record(bounce)).toEqual({ recorded: true, suppressed: true });
    expect(await record(bounce)).toEqual({ recorded: false, suppressed: false });
    expect(await bouncesOf(id)).toHaveLength(1);
  });

  it(`suppresses after ${SOFT_BOUNCE_LIMIT} soft bounces from different sends, counting repeats for one send once`, async () => {
    const { id } = await insertSubscriber(db());
    const sendIds = [];
    for (let i = 0; i < SOFT_BOUNCE_LIMIT; i += 1) sendIds.push(await insertSend(db()));

    for (let i = 0; i < SOFT_BOUNCE_LIMIT - 1; i += 1) {
      // A delayed message is reported more than once; the second report of the same send adds nothing.
      expect(await record({ subscriberId: id, sendId: sendIds[i]!, kind: 'soft', source: 'report', detail: '4.2.2' })).toEqual({
        recorded: true,
        suppressed: false,
      });
      expect(await record({ subscriberId: id, sendId: sendIds[i]!, kind: 'soft', source: 'report', detail: '4.2.2' })).toEqual({
        recorded: true,
        suppressed: false,
      });
    }
    expect((await subscriber(id)).status).toBe('active');

    const last = await record({
      subscriberId: id,
      sendId: sendIds.at(-1)!,
      kind: 'soft',
      source: 'smtp',
      detail: '452 4.2.2 Mailbox full',
    });
    expect(last).toEqual({ recorded: true, suppressed: true });
    expect((await subscriber(id)).status).toBe('bounced');
  });

  it('forgets soft bounces older than the window', async () => {
    const { id } = await insertSubscriber(db());
    const old = sql`now() - make_interval(days => ${SOFT_BOUNCE_WINDOW_DAYS + 1})`;
    for (let i = 0; i < SOFT_BOUNCE_LIMIT - 1; i += 1) {
      await db()
        .insert(bounces)
        .values({ subscriberId: id, sendId: null, kind: 'soft', source: 'smtp', detail: 'old', createdAt: old as unknown as Date });
    }
    expect(await record({ subscriberId: id, sendId: null, kind: 'soft', source: 'smtp', detail: 'new' })).toEqual({
      recorded: true,
      suppressed: false,
    });
    expect((await subscriber(id)).status).toBe('active');
  });

  it('records a bounce for an unsubscribed address without changing its status', async () => {
    const { id } = await insertSubscriber(db(), { status: 'unsubscribed' });
    expect(await record({ subscriberId: id, sendId: null, kind: 'hard', source: 'smtp', detail: '550' })).toEqual({
      recorded: true,
      suppressed: false,
    });
    expect((await subscriber(id)).status).toBe('unsubscribed');
  });

  it('records nothing for a subscriber who is gone', async () => {
    expect(await record({ subscriberId: 999999, sendId: null, kind: 'hard', source: 'smtp', detail: '550' })).toEqual({
      recorded: false,
      suppressed: false,
    });
  });
});
