import type { UserRole } from '@/db/schema';

/** The staff accounts every e2e server starts with (see e2e/prepare.ts). */
export const STAFF = {
  admin: { email: 'admin@staff.example.org', role: 'admin' as UserRole, name: 'Ada Admin' },
  moderator: { email: 'moderator@staff.example.org', role: 'moderator' as UserRole, name: 'Mo Moderator' },
  // Staff who do not moderate: what they are shown of moderation is tested, never used to moderate.
  editor: { email: 'editor@staff.example.org', role: 'editor' as UserRole, name: 'Eddie Editor' },
};

/**
 * Readers whose reports count toward hiding a response (a day old, with a response published: see
 * lib/moderation/counted-reports.ts), which no account made during a test can be. e2e/prepare.ts makes them.
 */
export const ESTABLISHED_READERS = {
  ellis: { email: 'ellis@readers.example.org', name: 'Ellis Established' },
  robin: { email: 'robin@readers.example.org', name: 'Robin Regular' },
  sam: { email: 'sam@readers.example.org', name: 'Sam Seasoned' },
};

/** Their published responses are under this article of e2e/fixtures (one no other test counts responses on). */
export const ESTABLISHED_READERS_ARTICLE = 'a-discussion-now-closed';

/** The staff accounts' and established readers' session tokens, written by e2e/prepare.ts into the data folder. */
export const STAFF_SESSIONS_FILE = 'e2e-staff-sessions.json';

/** Active subscribers every e2e server starts with (e2e/prepare.ts), so that sending an issue has someone to reach. */
export const E2E_SUBSCRIBERS = ['ada@subscribers.example.org', 'bo@subscribers.example.org', 'cy@subscribers.example.org'];
