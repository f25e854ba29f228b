import fs from 'node:fs/promises';
import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { deliveries, subscribers } from '@/db/schema';
import { normaliseEmail } from '@/lib/accounts/email-address';
import type { Actor } from '@/lib/commands/actor';
import { command, execute } from '@/lib/commands/execute';
import { checkUnsubscribeToken } from '@/lib/mail/unsubscribe';
import { recordBounce } from './bounces';
import { isMbox, readReport, splitMbox, type Finding } from './reports';
import { turnOffEmails } from './turn-off';

/**
 * `npm run bounces`: delivery-status and complaint reports, read from .eml or mbox files, matched to subscribers
 * (by the recipient's address, or by our Message-ID through the delivery it names) and recorded with recordBounce.
 * Each finding is its own small write, keyed by its report, so a file read twice — or a run stopped halfway and
 * run again — counts each report once. Readers' requests to the mailto: address of List-Unsubscribe (their subject
 * carries the signed link: lib/mail/unsubscribe.ts) are read from the same files and stop that email.
 */

export type FindingOutcome = 'recorded' | 'already recorded' | 'unknown recipient';

/** Which subscriber and send a finding is about: the address first, then the delivery our Message-ID names. */
async function matchFinding(tx: Tx, finding: Finding): Promise<{ subscriberId: number; sendId: number | null } | null> {
  const email = finding.recipient ? normaliseEmail(finding.recipient) : null;
  const [byAddress] =
    email && email.ok ? await tx.select({ id: subscribers.id }).from(subscribers).where(eq(subscribers.email, email.email)) : [];
  const id = finding.originalMessageId;
  const [delivery] = id
    ? await tx
        .select({ sendId: deliveries.sendId, subscriberId: deliveries.subscriberId })
        .from(deliveries)
        .where(inArray(deliveries.messageId, [id, `<${id}>`]))
        .limit(1)
    : [];
  if (byAddress) return { subscriberId: byAddress.id, sendId: delivery?.subscriberId === byAddress.id ? delivery.sendId : null };
  return delivery ? { subscriberId: delivery.subscriberId, sendId: delivery.sendId } : null;
}

/** Records one finding of a report: matched, then recorded once (by its report key). */
export const recordReportFinding = command('manage-subscribers', async (write, finding: Finding): Promise<FindingOutcome> => {
  const match = await matchFinding(write.tx, finding);
  if (!match) return 'unknown recipient';
  const { recorded } = await recordBounce(write.tx, {
    ...match,
    kind: finding.kind,
    source: 'report',
    detail: finding.detail,
    reportKey: finding.reportKey,
  });
  return recorded ? 'recorded' : 'already recorded';
});

export type BounceSummary = {
  hard: number;
  soft: number;
  complaints: number;
  /** Findings already recorded by an earlier run. */
  alreadyRecorded: number;
  unknownRecipients: string[];
  /** Readers' mail to the mailto: address of List-Unsubscribe, each acted on (doing it twice is doing it once). */
  unsubscribed: number;
  /** Messages that are neither kind of report (replies, out-of-office notes, delivery confirmations). */
  notReports: number;
  /** Files or messages that could not be read, with why. */
  errors: { file: string; message: string }[];
};

export const emptySummary = (): BounceSummary => ({
  hard: 0,
  soft: 0,
  complaints: 0,
  alreadyRecorded: 0,
  unknownRecipients: [],
  unsubscribed: 0,
  notReports: 0,
  errors: [],
});

/** The messages in a file: each of an mbox, or the one of an .eml. */
async function messagesOf(file: string): Promise<Buffer[]> {
  const raw = await fs.readFile(file);
  const head = raw.subarray(0, 200).toString('latin1');
  if (!isMbox(head)) return [raw];
  return splitMbox(raw.toString('latin1')).map((message) => Buffer.from(message, 'latin1'));
}

/** Reads every file and records what its reports say; a file or message that cannot be read is an error, not a stop. */
export async function recordBounceFiles(actor: Actor, files: readonly string[], summary = emptySummary()): Promise<BounceSummary> {
  for (const file of files) {
    let messages: Buffer[];
    try {
      messages = await messagesOf(file);
    } catch (error) {
      summary.errors.push({ file, message: (error as Error).message });
      continue;
    }
    for (const [index, raw] of messages.entries()) {
      const where = messages.length > 1 ? `${file} (message ${index + 1})` : file;
      let report;
      try {
        report = await readReport(raw);
      } catch (error) {
        summary.errors.push({ file: where, message: `not a readable message: ${(error as Error).message}` });
        continue;
      }
      if (report.type === 'unsubscribe-request') {
        // The token is the authorisation, as for the one-click POST: a subject made up by hand changes nothing.
        if (!checkUnsubscribeToken(report.link))
          summary.errors.push({ file: where, message: 'an unsubscribe request whose link is not valid' });
        else {
          await turnOffEmails(report.link);
          summary.unsubscribed += 1;
        }
        continue;
      }
      if (report.type === 'not-a-report') {
        summary.notReports += 1;
        continue;
      }
      for (const finding of report.findings) {
        const outcome = await execute(recordReportFinding, actor, finding);
        if (outcome === 'unknown recipient') summary.unknownRecipients.push(finding.recipient ?? `(withheld; ${where})`);
        else if (outcome === 'already recorded') summary.alreadyRecorded += 1;
        else if (finding.kind === 'hard') summary.hard += 1;
        else if (finding.kind === 'soft') summary.soft += 1;
        else summary.complaints += 1;
      }
    }
  }
  return summary;
}
