import type { UserRole } from '@/db/schema';

/** The staff accounts every e2e server starts with (see e2e/prepare.ts). */
export const STAFF = {
  admin: { email: 'admin@staff.example.org', role: 'admin' as UserRole, name: 'Ada Admin' },
  moderator: { email: 'moderator@staff.example.org', role: 'moderator' as UserRole, name: 'Mo Moderator' },
};

/** The staff accounts' session tokens, written by e2e/prepare.ts into the server's data folder. */
export const STAFF_SESSIONS_FILE = 'e2e-staff-sessions.json';
