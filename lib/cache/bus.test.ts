import { describe, expect, it } from 'vitest';
import { withFreshDatabase } from '@/test/database';
import { announceChanged, announcements, parseAnnouncement } from './bus';
import { CACHE_CHANNEL } from './tags';

const { connection } = withFreshDatabase({ migrate: false });

/** As many tags as an import of a few hundred issues, each with its authors, expires. */
const MANY = Array.from({ length: 2000 }, (_, index) => (index % 2 ? `issue:${100_000 + index}` : `author:${index}`));

describe('announcements', () => {
  it('splits many tags into payloads PostgreSQL accepts (under 8000 bytes), every tag once, in order', () => {
    const payloads = announcements(MANY);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    expect(payloads.flatMap(parseAnnouncement)).toEqual(MANY);
  });

  it('sends a few tags as one payload, and nothing for none', () => {
    expect(announcements(['issue:1', 'archive'])).toEqual(['["issue:1","archive"]']);
    expect(announcements([])).toEqual([]);
  });

  it('delivers every tag of a big change to a listener', async () => {
    const heard: string[] = [];
    await connection().listen(
      CACHE_CHANNEL,
      (payload) => heard.push(...parseAnnouncement(payload)),
      () => {},
    );
    await connection().db.transaction((tx) => announceChanged(tx, [...MANY, 'done']));
    for (const deadline = Date.now() + 10_000; !heard.includes('done');) {
      if (Date.now() > deadline) throw new Error(`Heard ${heard.length} tags in 10 s.`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(heard).toEqual([...MANY, 'done']);
  });
});
