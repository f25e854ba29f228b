import path from 'node:path';
import { sql } from 'drizzle-orm';
import { importIssueFiles, type ImportOutcome } from '@/lib/issues/import';
import type { Db } from './client';
import { issues } from './schema';

/** The briefing text files shipped with the app; an empty database starts with them. */
export const CONTENT_FOLDER = path.join(process.cwd(), 'content');

/** Imports content/ when the database has no issue at all; returns what it imported (nothing otherwise). */
export async function seedIfEmpty(db: Db): Promise<ImportOutcome[]> {
  const [{ count } = { count: 0 }] = await db.select({ count: sql<number>`count(*)::int` }).from(issues);
  if (count > 0) return [];
  return importIssueFiles(db, [CONTENT_FOLDER]);
}
