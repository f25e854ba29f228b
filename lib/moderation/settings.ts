import { eq } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { moderationSettings, type ResponseMode } from '@/db/schema';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import type { ModerationSettings } from './rules';

export type StoredSettings = ModerationSettings & { defaultResponsesMode: ResponseMode };

/** What the settings start as (migration 0002 stores this row; the defaults here only matter if it was removed). */
export const DEFAULT_SETTINGS: StoredSettings = {
  defaultResponsesMode: 'open',
  holdFirstResponses: 1,
  bannedWords: [],
  suspectWords: [],
  maxLinks: 2,
  reportThreshold: 3,
};

/** The moderation settings, read fresh: every post is decided by the settings as they are at that moment. */
export async function readModerationSettings(executor: Executor): Promise<StoredSettings> {
  const [row] = await executor
    .select({
      defaultResponsesMode: moderationSettings.defaultResponsesMode,
      holdFirstResponses: moderationSettings.holdFirstResponses,
      bannedWords: moderationSettings.bannedWords,
      suspectWords: moderationSettings.suspectWords,
      maxLinks: moderationSettings.maxLinks,
      reportThreshold: moderationSettings.reportThreshold,
    })
    .from(moderationSettings)
    .where(eq(moderationSettings.id, 1));
  return row ?? DEFAULT_SETTINGS;
}

/** Stores new settings and logs what differs (before → after); refuses when nothing does. */
export const changeSettings = command('manage-settings', async (write, input: StoredSettings) => {
  const current = await readModerationSettings(write.tx);
  const keys = Object.keys(input) as (keyof StoredSettings)[];
  const differs = keys.filter((key) => JSON.stringify(current[key]) !== JSON.stringify(input[key]));
  if (differs.length === 0) refuse('conflict', 'Nothing to save: the settings are as they were.');
  const row = { ...input, bannedWords: [...input.bannedWords], suspectWords: [...input.suspectWords], updatedAt: new Date() };
  await write.tx
    .insert(moderationSettings)
    .values({ id: 1, ...row })
    .onConflictDoUpdate({ target: moderationSettings.id, set: row });
  await write.log({
    action: 'settings',
    target: { type: 'settings', id: 'moderation' },
    before: Object.fromEntries(differs.map((key) => [key, current[key]])),
    after: Object.fromEntries(differs.map((key) => [key, input[key]])),
  });
});
