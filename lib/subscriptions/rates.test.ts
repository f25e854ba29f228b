import { describe, expect, it } from 'vitest';
import { bounces, type Subscriber } from '@/db/schema';
import { withFreshDatabase } from '@/test/database';
import { insertDelivery, insertSend, insertSubscriber } from '@/test/subscriber-fixtures';
import { complaintStanding, formatRate, issueDeliveryRates } from './rates';

const { connection } = withFreshDatabase();
const db = () => connection().db;

describe('issueDeliveryRates', () => {
  it('counts deliveries and each address once per kind of bounce, and divides', async () => {
    const sendId = await insertSend(db());
    const other = await insertSend(db());
    const people: Subscriber[] = [];
    for (let i = 0; i < 8; i += 1) people.push(await insertSubscriber(db()));
    for (const person of people.slice(0, 7)) await insertDelivery(db(), sendId, person);
    await insertDelivery(db(), sendId, people[7]!, { status: 'failed' });
    await insertDelivery(db(), other, people[0]!);
    const bounce = (index: number, kind: 'hard' | 'soft' | 'complaint', send = sendId) =>
      db().insert(bounces).values({ subscriberId: people[index]!.id, sendId: send, kind, source: 'report', detail: 'x' });
    await bounce(7, 'hard');
    await bounce(1, 'soft');
    await bounce(1, 'soft'); // the same address twice: one
    await bounce(2, 'complaint');
    await bounce(3, 'hard', other);

    expect(await issueDeliveryRates(db(), sendId)).toEqual({
      delivered: 7,
      hardBounces: 1,
      softBounces: 1,
      complaints: 1,
      bounceRate: 1 / 8,
      complaintRate: 1 / 7,
    });
  });

  it('has no rates before anything was sent', async () => {
    expect(await issueDeliveryRates(db(), await insertSend(db()))).toEqual({
      delivered: 0,
      hardBounces: 0,
      softBounces: 0,
      complaints: 0,
      bounceRate: null,
      complaintRate: null,
    });
  });
});

describe('complaint rates against Gmail’s lines', () => {
  it('is good under 0.1 %, to watch under 0.3 %, bad from 0.3 %', () => {
    expect(complaintStanding(null)).toBe('good');
    expect(complaintStanding(0.0009)).toBe('good');
    expect(complaintStanding(0.001)).toBe('watch');
    expect(complaintStanding(0.0029)).toBe('watch');
    expect(complaintStanding(0.003)).toBe('bad');
    expect(formatRate(0.0025)).toBe('0.25 %');
    expect(formatRate(0.125)).toBe('12.5 %');
    expect(formatRate(null)).toBe('—');
  });
});
