import { createHash } from 'node:crypto';
import { slugify } from './slugify';

/** The URL shape of every slug; the database checks the same pattern. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export { slugify };

/** A stable slug for a name whatever its script: the readable slug, or a short hash of the name. */
export function slugOrHash(text: string, prefix: string): string {
  return slugify(text) || `${prefix}-${createHash('sha256').update(text.normalize('NFC')).digest('hex').slice(0, 8)}`;
}
