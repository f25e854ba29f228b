import { expect } from 'vitest';
import type { Db } from '@/db/client';
import { Refusal, type RefusalCode } from '@/lib/commands/refusal';
import { lastLogId, logSince, snapshot } from './moderation';

/**
 * Runs a command that should be refused; proves it was refused with a Refusal (not a bug's error) and that its
 * transaction left no trace — every table moderation touches, the log included, is as it was, even what the
 * command wrote before it said no. Returns the refusal's code, message and field, to compare whole.
 */
export async function refusedUnchanged(db: Db, attempt: () => Promise<unknown>) {
  const before = await snapshot(db);
  const thrown = await attempt().then(
    () => null,
    (error: unknown) => error,
  );
  expect(thrown).toBeInstanceOf(Refusal);
  expect(await snapshot(db)).toEqual(before);
  const { code, message, field } = thrown as Refusal;
  return { code, message, field };
}

/** What a refusal should say: its code, message and field (none unless given). */
export type ExpectedRefusal = { code: RefusalCode; message: unknown; field?: string };

/**
 * Runs `attempt`, which should be refused (with a Refusal) saying `expected`, and checks that what `unchanged` reads
 * is as it was before — and, given the database as `logOf`, that nothing was logged.
 */
export async function expectRefusal(
  attempt: () => Promise<unknown>,
  expected: ExpectedRefusal,
  { unchanged, logOf }: { unchanged: () => Promise<unknown>; logOf?: Db },
) {
  const before = await unchanged();
  const logId = logOf && (await lastLogId(logOf));

  const refusal = await attempt().then(
    () => null,
    (error: unknown) => error,
  );

  expect(refusal).toBeInstanceOf(Refusal);
  expect(refusal).toMatchObject({ field: undefined, ...expected });
  expect(await unchanged()).toEqual(before);
  if (logOf) expect(await logSince(logOf, logId!)).toEqual([]);
}
