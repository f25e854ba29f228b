import { expect } from 'vitest';
import type { Db } from '@/db/client';
import { Refusal } from '@/lib/commands/refusal';
import { snapshot } from './moderation';

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
