import { describe, expect, it } from 'vitest';
import { describeChanges, describeReason } from './describe';

describe('describeReason', () => {
  it('names a moderator’s rejection reason in words, keeping the note', () => {
    expect(describeReason('reject', 'spam')).toBe('Spam or advertising');
    expect(describeReason('reject', 'off-topic: Please keep to allotments.')).toBe('Off-topic: Please keep to allotments.');
    // Only the first separator divides code from note.
    expect(describeReason('reject', 'other: Reason: see the thread.')).toBe('Another reason: Reason: see the thread.');
  });

  it('leaves reasons that are already words as they are', () => {
    expect(describeReason('rules-reject', 'Uses words that are not allowed here: spam.')).toBe(
      'Uses words that are not allowed here: spam.',
    );
    // A moderator's own words for a ban may begin like a code; only rejections carry one.
    expect(describeReason('ban', 'spam: again and again')).toBe('spam: again and again');
    expect(describeReason('reject', 'an unknown: code')).toBe('an unknown: code');
    expect(describeReason('approve', null)).toBeNull();
  });
});

describe('describeChanges', () => {
  it('puts statuses, holds and report counts in words', () => {
    expect(describeChanges({ status: 'pending', heldFor: 'first-responses', openReports: 2 }, { status: 'published' })).toEqual([
      'Status: awaiting review → published',
      'Held because: one of this reader’s first responses → —',
      'Open reports: 2 → —',
    ]);
    expect(describeChanges({ status: 'published' }, { status: 'pending', heldFor: 'reports' })).toEqual([
      'Status: published → awaiting review',
      'Held because: — → reported by readers',
    ]);
  });

  it('puts features, appeals, sanctions, modes and roles in words', () => {
    expect(describeChanges({ featured: false }, { featured: true })).toEqual(['Featured: no → yes']);
    expect(describeChanges({ status: 'rejected', appeal: 'open' }, { status: 'published', appeal: 'overturned' })).toEqual([
      'Status: rejected → published',
      'Appeal: open → overturned',
    ]);
    expect(
      describeChanges(
        { banned: false, suspendedUntil: null },
        { banned: false, suspendedUntil: '2026-03-01T12:00:00.000Z', responsesRemoved: 3 },
      ),
    ).toEqual(['Banned: no → no', 'Suspended until: — → 1 March 2026, 12:00 GMT', 'Published responses removed: — → 3']);
    expect(describeChanges({ mode: 'open' }, { mode: 'premoderated' })).toEqual(['Responses: open → premoderated']);
    expect(describeChanges({ role: null }, { role: 'moderator' })).toEqual(['Role: — → moderator']);
  });

  it('names the settings, with lists as lists', () => {
    expect(
      describeChanges(
        { defaultResponsesMode: 'open', bannedWords: [], reportThreshold: 3 },
        { defaultResponsesMode: 'closed', bannedWords: ['spam', 'scam'], reportThreshold: 5 },
      ),
    ).toEqual(['New articles take responses: open → closed', 'Banned words: (none) → spam, scam', 'Reports that hide a response: 3 → 5']);
  });

  it('shows a key or value it does not know as it was stored, and nothing for an entry with neither', () => {
    expect(describeChanges({ status: 'archived', colour: 'red' }, null)).toEqual(['Status: archived → —', 'colour: red → —']);
    expect(describeChanges(null, null)).toEqual([]);
  });
});
