import path from 'node:path';
import { eq, isNull, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { responses, users } from '@/db/schema';
import { importIssueFiles } from '@/lib/issues/import';
import { withFreshDatabase } from '@/test/database';
import { addDemoResponses, DemoTargetError, removeDemoResponses } from './responses';

const { connection } = withFreshDatabase();
const REAL = { date: '2010-09-15', slug: 'we-should-value-local-diversity' };

beforeAll(async () => {
  await importIssueFiles(connection().db, [path.join(process.cwd(), 'content', 'briefing-2010-09-15.txt')]);
});

describe('demo responses', () => {
  it('adds threads from demo readers, one level deep, in creation order', async () => {
    const { db } = connection();
    const { articleId } = await addDemoResponses(db, REAL, 30);
    const rows = await db.select().from(responses).where(eq(responses.articleId, articleId)).orderBy(responses.id);
    expect(rows).toHaveLength(30);
    const tops = rows.filter((row) => row.parentId === null);
    expect(tops.length).toBeGreaterThan(20);
    const topIds = new Set(tops.map((row) => row.id));
    for (const reply of rows.filter((row) => row.parentId !== null)) expect(topIds.has(reply.parentId!)).toBe(true);
    for (let index = 1; index < tops.length; index++) expect(tops[index]!.createdAt >= tops[index - 1]!.createdAt).toBe(true);
    expect(rows.every((row) => row.status === 'published' && row.body.startsWith('Demo: '))).toBe(true);
    const readers = await db.select({ email: users.email }).from(users).where(like(users.email, 'demo-reader-%'));
    expect(readers.every((reader) => reader.email.endsWith('@example.invalid'))).toBe(true);
  });

  it('refuses an article that is not there', async () => {
    await expect(addDemoResponses(connection().db, { date: REAL.date, slug: 'no-such-article' }, 5)).rejects.toThrow(DemoTargetError);
  });

  it('removes every demo response and reader', async () => {
    const { db } = connection();
    expect(await removeDemoResponses(db)).toBe(30);
    expect(await db.$count(responses)).toBe(0);
    expect(await db.$count(users, like(users.email, 'demo-reader-%'))).toBe(0);
    expect(await db.$count(responses, isNull(responses.authorId))).toBe(0);
  });
});
