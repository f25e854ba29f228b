import { eq } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { moderationSettings, type ResponseMode } from '@/db/schema';
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
