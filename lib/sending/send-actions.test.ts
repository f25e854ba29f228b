import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { deliveries, moderationLog, sends, subscribers } from '@/db/schema';
import { sendMail } from '@/lib/mail/send';
import { form, insertPerson, lastLogId, logSince, signInAs } from '@/test/moderation';
import { withRealIssueForActions } from '@/test/real-issue';
import { redirectOf } from '@/test/redirect';
import { insertPublishedIssue, insertSend, insertSubscribers, sendRow } from '@/test/send-page';
import { audienceStillAsSeen } from './audience-check';
import { cancelSending, resendUncertainDeliveries, scheduleSending, sendTestCopy, sendToSubscribers } from './send-actions';

/** The send page's forms, called as a browser posts them, against a real (fresh) database. Mail is a spy. */

vi.mock('next/navigation', () => import('@/test/request').then((mocks) => mocks.navigation()));
vi.mock('next/headers', () => import('@/test/request').then((mocks) => mocks.headers()));
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));
vi.mock('@/lib/auth/session', (importActual) => import('@/test/request').then((mocks) => mocks.session(importActual)));
vi.mock('@/lib/mail/send', () => import('@/test/request').then((mocks) => mocks.mail()));

process.env.SITE_TIME_ZONE = 'Europe/London';
const { db, site } = withRealIssueForActions();

async function editor() {
  const person = await insertPerson(db(), 'editor');
  signInAs(db(), person);
  return person;
}

const activeCount = async () => (await db().select().from(subscribers).where(eq(subscribers.status, 'active'))).length;
const allSends = () => db().select().from(sends);

describe('sendTestCopy', () => {
  it('sends one copy to the signed-in editor’s own address, logged against the issue', async () => {
    const person = await editor();
    vi.mocked(sendMail).mockClear();
    const logId = await lastLogId(db());

    const url = await redirectOf(
      sendTestCopy(undefined, form({ issueId: site().issueId, date: '2010-09-15', to: 'someone@else.example' })),
    );

    expect(url).toBe('/admin/issues/2010-09-15/send?done=test-sent#results');
    expect(vi.mocked(sendMail).mock.calls.map(([message]) => message.to)).toEqual([person.email]);
    expect(vi.mocked(sendMail).mock.calls[0]![0].subject).toMatch(/^\[Test\] .*15 September 2010$/);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({ action: 'send-test', targetType: 'issue', targetId: String(site().issueId), actorId: person.id }),
    ]);
  });

  it('allows five in ten minutes to one person, then says when to try again', async () => {
    await editor();
    vi.mocked(sendMail).mockClear();
    for (let i = 0; i < 5; i += 1) await redirectOf(sendTestCopy(undefined, form({ issueId: site().issueId, date: '2010-09-15' })));
    const logId = await lastLogId(db());

    const state = await sendTestCopy(undefined, form({ issueId: site().issueId, date: '2010-09-15' }));

    expect(state).toMatchObject({ status: 'error', message: expect.stringMatching(/several test copies.*try again in/) });
    expect(sendMail).toHaveBeenCalledTimes(5);
    expect(await logSince(db(), logId)).toEqual([]);
  });

  it('says so when the mail server refuses, and logs nothing', async () => {
    await editor();
    vi.mocked(sendMail).mockRejectedValueOnce(new Error('421 try later'));
    vi.spyOn(console, 'error').mockImplementationOnce(() => undefined);
    const logId = await lastLogId(db());

    const state = await sendTestCopy(undefined, form({ issueId: site().issueId, date: '2010-09-15' }));

    expect(state).toMatchObject({ status: 'error', message: expect.stringContaining('did not take the test copy') });
    expect(await logSince(db(), logId)).toEqual([]);
  });
});

describe('sendToSubscribers', () => {
  it('needs the box ticked: nothing is sent without it', async () => {
    await editor();
    const issue = await insertPublishedIssue(db());

    const state = await sendToSubscribers(undefined, form({ issueId: issue.id, date: issue.date, audienceSeen: await activeCount() }));

    expect(state).toMatchObject({ status: 'error', fieldErrors: { confirm: expect.stringContaining('tick the box') } });
    expect(await sendRow(db(), issue.id)).toBeUndefined();
  });

  it('freezes the active subscribers as the audience when the number is still the one confirmed', async () => {
    await editor();
    await insertSubscribers(db(), 3);
    await insertSubscribers(db(), 2, 'unsubscribed');
    const issue = await insertPublishedIssue(db());
    const seen = await activeCount();

    const url = await redirectOf(
      sendToSubscribers(undefined, form({ issueId: issue.id, date: issue.date, audienceSeen: seen, confirm: 'yes' })),
    );

    expect(url).toBe(`/admin/issues/${issue.date}/send?done=sending#results`);
    const send = await sendRow(db(), issue.id);
    expect(send).toMatchObject({ state: 'sending', audience: seen });
    expect(await db().select().from(deliveries).where(eq(deliveries.sendId, send!.id))).toHaveLength(seen);
  });

  it('asks again, sending nothing, when the audience changed a lot since the page was shown', async () => {
    await editor();
    const issue = await insertPublishedIssue(db());
    const seen = await activeCount();
    await insertSubscribers(db(), 20);
    const before = await allSends();

    const state = await sendToSubscribers(undefined, form({ issueId: issue.id, date: issue.date, audienceSeen: seen, confirm: 'yes' }));

    expect(state).toMatchObject({
      status: 'error',
      message: expect.stringContaining(`showed ${seen} active subscribers, but there are now ${seen + 20}`),
    });
    expect(await allSends()).toEqual(before);
  });

  it('refuses an issue that is not published', async () => {
    await editor();
    const issue = await insertPublishedIssue(db(), 'draft');

    const state = await sendToSubscribers(
      undefined,
      form({ issueId: issue.id, date: issue.date, audienceSeen: await activeCount(), confirm: 'yes' }),
    );

    expect(state).toMatchObject({ status: 'error', message: expect.stringContaining('not published') });
  });
});

describe('audienceStillAsSeen', () => {
  it('lets a few come and go, and asks again beyond 5 or 5 %', () => {
    expect(audienceStillAsSeen(0, 5)).toBe(true);
    expect(audienceStillAsSeen(0, 6)).toBe(false);
    expect(audienceStillAsSeen(1000, 1050)).toBe(true);
    expect(audienceStillAsSeen(1000, 949)).toBe(false);
  });
});

describe('scheduleSending', () => {
  it('reads the time on the site’s clocks (London, summer time)', async () => {
    await editor();
    const issue = await insertPublishedIssue(db());

    const url = await redirectOf(scheduleSending(undefined, form({ issueId: issue.id, date: issue.date, at: '2099-07-01T09:30' })));

    expect(url).toBe(`/admin/issues/${issue.date}/send?done=scheduled#results`);
    expect(await sendRow(db(), issue.id)).toMatchObject({ state: 'scheduled', scheduledFor: new Date('2099-07-01T08:30:00Z') });
  });

  it('refuses the hour the clocks skip, beside the field', async () => {
    await editor();
    const issue = await insertPublishedIssue(db());

    const state = await scheduleSending(undefined, form({ issueId: issue.id, date: issue.date, at: '2099-03-29T01:30' }));

    expect(state).toMatchObject({ status: 'error', fieldErrors: { at: expect.stringContaining('does not happen in Europe/London') } });
    expect(await sendRow(db(), issue.id)).toBeUndefined();
  });

  it('takes the first of the hour that happens twice, and says so', async () => {
    await editor();
    const issue = await insertPublishedIssue(db());

    const url = await redirectOf(scheduleSending(undefined, form({ issueId: issue.id, date: issue.date, at: '2099-10-25T01:30' })));

    expect(url).toContain('done=scheduled-early-hour');
    expect(await sendRow(db(), issue.id)).toMatchObject({ scheduledFor: new Date('2099-10-25T00:30:00Z') });
  });
});

describe('the confirmations', () => {
  it('cancelling and resending the uncertain need their box ticked', async () => {
    await editor();
    const issue = await insertPublishedIssue(db());
    const sendId = await insertSend(db(), issue.id, 'sending', [{ status: 'queued' }, { status: 'uncertain' }]);
    const logId = await lastLogId(db());

    expect(await cancelSending(undefined, form({ sendId, date: issue.date }))).toMatchObject({
      fieldErrors: { confirm: expect.any(String) },
    });
    expect(await resendUncertainDeliveries(undefined, form({ sendId, date: issue.date }))).toMatchObject({
      fieldErrors: { confirm: expect.stringContaining('twice') },
    });
    expect(await sendRow(db(), issue.id)).toMatchObject({ state: 'sending' });
    expect(
      await db()
        .select()
        .from(moderationLog)
        .where(eq(moderationLog.id, logId + 1)),
    ).toEqual([]);
  });
});
