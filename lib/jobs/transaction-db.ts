import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '@/db/client';
import type { BossDb } from './boss';

/**
 * pg-boss as a guest in the caller's transaction: what it sends (`$1`… text and a list of values) becomes a Drizzle
 * query run on the transaction, so that a job is inserted — or not — with the write that needs it, on either driver.
 */
export function transactionDb(tx: Executor): BossDb {
  return { executeSql: async (text, values) => ({ rows: await queryRows(tx, sqlFromText(text, values ?? [])) }) };
}

/**
 * The same statement as a Drizzle `sql` with its values as parameters. A placeholder used twice stays one
 * parameter: PostgreSQL infers a parameter's type from its first use, and pg-boss relies on that (its start time
 * is text, then cast — a second parameter in the cast would be typed as a timestamp and refuse "30" seconds).
 */
export function sqlFromText(text: string, values: readonly unknown[]): SQL {
  const chunks: SQL[] = [];
  // pg-boss's placeholder number → Drizzle's, which numbers its parameters in order of appearance.
  const numbers = new Map<number, number>();
  let end = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(end, match.index)));
    const given = Number(match[1]);
    const placed = numbers.get(given);
    if (placed === undefined) {
      numbers.set(given, numbers.size + 1);
      chunks.push(sql`${sql.param(values[given - 1] ?? null)}`);
    } else {
      chunks.push(sql.raw(`$${placed}`));
    }
    end = match.index + match[0].length;
  }
  chunks.push(sql.raw(text.slice(end)));
  return sql.join(chunks);
}
