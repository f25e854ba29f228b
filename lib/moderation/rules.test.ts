import { describe, expect, it } from 'vitest';
import { matchingTerms, normaliseForMatching, parseTermList } from './match';
import { decide, hiddenByReports, type Candidate, type ModerationSettings } from './rules';

const settings: ModerationSettings = {
  holdFirstResponses: 1,
  bannedWords: ['scumbag', 'buy now'],
  suspectWords: ['idiot', 'crédit facile'],
  maxLinks: 2,
  reportThreshold: 3,
};

const reader = { isStaff: false, publishedCount: 5, sanctioned: false };
const candidate = (overrides: Partial<Candidate> = {}): Candidate => ({
  body: 'A thoughtful reply.',
  mode: 'open',
  kind: 'new',
  author: reader,
  ...overrides,
});
const links = (n: number) => Array.from({ length: n }, (_, i) => `[link ${i}](https://example.org/${i})`).join(' ');

describe('decide', () => {
  it.each<[string, Partial<Candidate>, Partial<ModerationSettings>, ReturnType<typeof decide>['outcome'], string?]>([
    ['an ordinary response from an established reader', {}, {}, 'publish'],
    ['premoderated article', { mode: 'premoderated' }, {}, 'hold', 'premoderated'],
    ['premoderated article, even for an edit', { mode: 'premoderated', kind: 'edit' }, {}, 'hold', 'premoderated'],
    ['a new reader’s first response (hold first 1)', { author: { ...reader, publishedCount: 0 } }, {}, 'hold', 'first-responses'],
    ['a reader’s second response (hold first 1)', { author: { ...reader, publishedCount: 1 } }, {}, 'publish'],
    ['first three held when N = 3', { author: { ...reader, publishedCount: 2 } }, { holdFirstResponses: 3 }, 'hold', 'first-responses'],
    ['nobody held when N = 0', { author: { ...reader, publishedCount: 0 } }, { holdFirstResponses: 0 }, 'publish'],
    ['an edit is not a first response', { kind: 'edit', author: { ...reader, publishedCount: 0 } }, {}, 'publish'],
    ['banned word: rejected', { body: 'What a scumbag.' }, {}, 'reject', 'banned-words'],
    ['banned word in capitals', { body: 'WHAT A SCUMBAG' }, {}, 'reject', 'banned-words'],
    ['banned phrase across punctuation', { body: 'Buy... now!' }, {}, 'reject', 'banned-words'],
    ['banned word inside another word is not the word', { body: 'Scumbaggery is a word?' }, {}, 'publish'],
    ['banned words beat premoderation', { body: 'scumbag', mode: 'premoderated' }, {}, 'reject', 'banned-words'],
    ['banned words apply to staff too', { body: 'buy now', author: { ...reader, isStaff: true } }, {}, 'reject', 'banned-words'],
    ['suspect word: held', { body: 'Only an idiot would say that.' }, {}, 'hold', 'suspect-words'],
    ['suspect phrase with accents and case folded', { body: 'CREDIT FACILE for all' }, {}, 'hold', 'suspect-words'],
    ['suspect phrase accented in the text', { body: 'du crédit facile' }, {}, 'hold', 'suspect-words'],
    ['a suspect word as part of another word', { body: 'Idiotic, perhaps.' }, {}, 'publish'],
    ['two links (the limit)', { body: links(2) }, {}, 'publish'],
    ['three links: held', { body: links(3) }, {}, 'hold', 'links'],
    ['bare addresses count as links', { body: 'https://a.example https://b.example https://c.example' }, {}, 'hold', 'links'],
    ['no links allowed when the limit is 0', { body: links(1) }, { maxLinks: 0 }, 'hold', 'links'],
    [
      'staff are not held',
      { mode: 'premoderated', body: links(5), author: { isStaff: true, publishedCount: 0, sanctioned: false } },
      {},
      'publish',
    ],
    ['a suspended or banned author is never published', { author: { ...reader, sanctioned: true } }, {}, 'reject', 'sanctioned'],
  ])('%s → %s', (_, overrides, settingOverrides, outcome, why) => {
    const decision = decide(candidate(overrides), { ...settings, ...settingOverrides });
    expect(decision.outcome).toBe(outcome);
    if (why) expect('rule' in decision ? decision.rule : 'reason' in decision ? decision.reason : undefined).toBe(why);
  });

  it('says which words fired', () => {
    expect(decide(candidate({ body: 'You idiot.' }), settings)).toEqual({
      outcome: 'hold',
      rule: 'suspect-words',
      detail: 'Contains: idiot.',
    });
    expect(decide(candidate({ body: 'scumbag, buy now' }), settings)).toEqual({
      outcome: 'reject',
      reason: 'banned-words',
      detail: 'Uses words that are not allowed here: scumbag, buy now.',
    });
  });
});

describe('hiddenByReports', () => {
  it('hides at the threshold, not before', () => {
    expect(hiddenByReports(2, { reportThreshold: 3 })).toBe(false);
    expect(hiddenByReports(3, { reportThreshold: 3 })).toBe(true);
    expect(hiddenByReports(1, { reportThreshold: 1 })).toBe(true);
  });
});

describe('matching', () => {
  it('folds case and accents and keeps whole words', () => {
    expect(normaliseForMatching('Café — CRÈME, brûlée!')).toBe(' cafe creme brulee ');
    expect(matchingTerms('Un café crème', ['CAFE', 'creme brulee', 'caf'])).toEqual(['CAFE']);
    expect(matchingTerms('Ставка', ['ставка'])).toEqual(['ставка']);
  });

  it('reads a list as staff type it', () => {
    expect(parseTermList(' idiot \nbuy   now, Idiot\n\n,,crédit facile')).toEqual(['idiot', 'buy now', 'crédit facile']);
  });
});
