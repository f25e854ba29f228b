import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { closeDb, getConnection } from '@/db/client';
import { setUpDatabase } from '@/db/setup';
import { articles, moderationSettings, responses, sessions, subscribers, users } from '@/db/schema';
import { config } from '@/lib/config';
import { importIssueFiles } from '@/lib/issues/import';
import { COMMAND_LINE } from '@/lib/commands/actor';
import { execute } from '@/lib/commands/execute';
import { changeRole } from '@/lib/moderation/roles';
import { insertPublishDrafts } from './publish-drafts';
import { prepareEditorialReading } from './editorial-reading-fixtures';
import { seedEditorialArticles } from './editorial-seed';
import { E2E_SUBSCRIBERS, ESTABLISHED_READERS, ESTABLISHED_READERS_ARTICLE, STAFF, STAFF_SESSIONS_FILE } from './staff';

/**
 * Run by e2e/serve.ts on the fresh store before its server starts: an earlier issue whose articles the moderation
 * tests may premoderate without disturbing the others (e2e/fixtures), the staff accounts and established readers
 * they act as — signed in already, by sessions stored here (the sign-in flow itself is tested in responses.spec.ts) — and no hold on a reader's first response — the tests of posting are about posting; the first-responses rule
 * is tested in lib/responses/actions.test.ts, and holding in the browser by a premoderated article — and a few active
 * subscribers, for sending an issue (e2e/send.spec.ts).
 */
async function main() {
  const connection = await getConnection();
  await setUpDatabase(connection); // migrated and seeded, as the server itself would
  await importIssueFiles(connection.db, [path.join(import.meta.dirname, 'fixtures')]);
  await insertPublishDrafts(connection.db); // e2e/editorial-publish.spec.ts publishes them
  for (const { email, role } of Object.values(STAFF)) await execute(changeRole, COMMAND_LINE, { email, role });
  await connection.db.transaction(async (tx) => {
    const tokens: Record<string, string> = {};
    for (const [who, { email, name }] of Object.entries(STAFF)) {
      const [user] = await tx.update(users).set({ displayName: name }).where(eq(users.email, email)).returning({ id: users.id });
      tokens[who] = randomUUID();
      await tx.insert(sessions).values({ sessionToken: tokens[who], userId: user!.id, expires: new Date(Date.now() + 86_400_000) });
    }
    const [article] = await tx.select({ id: articles.id }).from(articles).where(eq(articles.slug, ESTABLISHED_READERS_ARTICLE));
    const longAgo = new Date(Date.now() - 10 * 86_400_000);
    const dayAgo = new Date(Date.now() - 86_400_000);
    const readerIds: Record<string, string> = {};
    for (const [who, { email, name }] of Object.entries(ESTABLISHED_READERS)) {
      const [reader] = await tx
        .insert(users)
        .values({ email, displayName: name, emailVerified: longAgo, createdAt: longAgo, updatedAt: longAgo })
        .returning({ id: users.id });
      await tx
        .insert(responses)
        .values({ articleId: article!.id, authorId: reader!.id, body: `${name} was here.`, createdAt: dayAgo, updatedAt: dayAgo });
      tokens[who] = randomUUID();
      await tx.insert(sessions).values({ sessionToken: tokens[who], userId: reader!.id, expires: new Date(Date.now() + 86_400_000) });
      readerIds[who] = reader!.id;
    }
    // For e2e/search.spec.ts: responses that mention wombats — one by an established reader, one by a reader who
    // has since deleted their account ("a former reader"), and one removed, which search must never find. Robin's is
    // dated a day ago: written now, it would hold robin to the posting rate limit when e2e/jobs.spec.ts posts as robin.
    const wombats = [
      { authorId: readerIds.ellis!, body: 'Wombats dig their burrows under the allotments.' },
      { authorId: null, body: 'A wombat once visited our street.' },
      {
        authorId: readerIds.robin!,
        body: 'A removed remark about a wombat.',
        status: 'removed' as const,
        removedBy: 'author' as const,
        createdAt: dayAgo,
        updatedAt: dayAgo,
      },
    ];
    await tx.insert(responses).values(wombats.map((values) => ({ articleId: article!.id, ...values })));
    fs.mkdirSync(config().dataDir, { recursive: true });
    fs.writeFileSync(path.join(config().dataDir, STAFF_SESSIONS_FILE), JSON.stringify(tokens));
    await tx.update(moderationSettings).set({ holdFirstResponses: 0 }).where(eq(moderationSettings.id, 1));
    await prepareEditorialReading(tx);
    const confirmed = new Date(Date.now() - 7 * 86_400_000);
    await tx.insert(subscribers).values(
      E2E_SUBSCRIBERS.map((email) => ({
        email,
        status: 'active' as const,
        consentSource: 'import',
        consentWording: 'Added for the e2e tests.',
        consentAt: confirmed,
        confirmedAt: confirmed,
      })),
    );
  });
  // The article editor's own articles (e2e/editorial-articles.spec.ts).
  await seedEditorialArticles(connection.db, config().dataDir, '2010-08-18');
  await closeDb();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
