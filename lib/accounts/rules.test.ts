import { describe, expect, it } from 'vitest';
import type { UserRole } from '@/db/schema';
import { checkAffiliation, checkDisplayName, DISPLAY_NAME_MAX, type NameContext } from './rules';

/** The name rules alone (pure): hundreds of hostile names refused with the right message, real names kept. */

const READER: NameContext = { role: 'reader', bannedWords: ['idiot', 'scum', 'fake news'] };
const as = (role: UserRole): NameContext => ({ ...READER, role });

const BASES = ['Ada Lovelace', 'Grace', 'Renée Šimić'];

// Every invisible character the rules name, and a few more of the kind.
const CONTROLS = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000B', '\u001B', '\u007F', '\u0080', '\u0085', '\u009F'];
const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F'];
const INVISIBLE = [
  '\u200B',
  '\u200C',
  '\u200D',
  '\u2060',
  '\uFEFF',
  '\u00AD',
  '\u3164',
  '\u115F',
  '\u180E',
  '\uFE0F',
  '\u{E0041}',
  '\uE000',
];

/** `char` at the start, in the middle and at the end of each base name. */
function placed(chars: string[], bases = BASES): [string, string][] {
  return chars.flatMap((char) =>
    bases.flatMap((base) => {
      const middle = Math.floor(base.length / 2);
      const label = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      return [
        [`${label} in “${base}”`, `${base.slice(0, middle)}${char}${base.slice(middle)}`],
        [`${label} before “${base}”`, `${char}${base}`],
        [`${label} after “${base}”`, `${base}${char}`],
      ] as [string, string][];
    }),
  );
}

// Four to eight marks on one letter, in different mixes: "Zalgo".
const MARKS = ['\u0300', '\u0301', '\u0336', '\u0489', '\u035C', '\u0338', '\u0317', '\u0353'];
const ZALGO: [string, string][] = [4, 5, 6, 8].flatMap((count) =>
  ['Zalgo', 'Ada', 'Ĥe comes'].map((base): [string, string] => {
    const stack = Array.from({ length: count }, (_, index) => MARKS[(index + count) % MARKS.length]).join('');
    return [`${count} marks on “${base[0]}”`, `${base[0]}${stack}${base.slice(1)}`];
  }),
);

const STAFF_NAMES = [
  'Admin',
  'ADMIN',
  'admin',
  'Administrator',
  'Moderator',
  'Mod',
  'MODS',
  'Editor',
  'Staff',
  'Adm1n',
  '4dmin',
  '@dmin',
  'M0d',
  'M0DERAT0R',
  '3dit0r',
  '5taff',
  '$taff',
  'St@ff',
  'Adm!n',
  'Adm|n',
  '\u0410dmin', // Cyrillic А
  'Adm\u0456n', // Cyrillic і
  '\u0410dm\u0456n', // Cyrillic А and і
  'M\u043Ed', // Cyrillic о
  '\u0395ditor', // Greek Ε
  'Ѕtaff', // Cyrillic Ѕ
  'ᴀᴅᴍɪɴ', // small capitals
  '𝐀𝐝𝐦𝐢𝐧', // mathematical bold
  'ａｄｍｉｎ', // full width
  'Ⓐdmin', // circled
  'Ádmín',
  'Mödërätör',
  'A d m i n',
  'M o d',
  'S t a f f',
  'A.D.M.I.N.',
  'A_d_m_i_n',
  'Ad-min',
  'Mod-er-ator',
  'Ed.itor',
  'Adrnin',
  'Moclerator',
  'Site Staff',
  'Site-Staff',
  'SiteAdmin',
  'AdMin',
  'the moderator',
  'The Editor',
  'Chief Moderator Bob',
  'Bob (admin)',
  'Bob [mod]',
  'admin123',
  'Mod_42',
  'Jane, Staff',
  'Staff writer',
  'Webmaster',
  'Sysop',
];

const BANNED_NAMES = [
  'Idiot',
  'IDIOT Jones',
  'Jones the idiot',
  'Ïdïöt',
  '1diot',
  '\u0406diot', // Cyrillic І
  'I d i o t',
  'Id-iot',
  'Scum',
  'S\u0441um', // Cyrillic с
  'Sc-um',
  'Fake News Daily',
  'FAKE  NEWS',
];

describe('checkDisplayName refuses hostile names', () => {
  // One test per name the characters are hidden in, each trying every character in three places (about a hundred
  // names), so that a control character, a direction control and an invisible one are each refused with their
  // message in the same run.
  it.each(BASES)('refuses every control, direction and invisible character hidden in “%s”', (base) => {
    const expected: [string[], string][] = [
      [CONTROLS, 'Your name may not contain control characters.'],
      [BIDI, 'Your name may not contain direction control characters (such as U+202E), which can make text read as something else.'],
      [INVISIBLE, 'Your name may not contain invisible characters such as zero-width spaces.'],
    ];
    for (const [chars, error] of expected) {
      for (const [what, name] of placed(chars, [base])) expect(checkDisplayName(name, READER), what).toEqual({ ok: false, error });
    }
  });

  it.each(ZALGO)('refuses %s', (_what, name) => {
    expect(checkDisplayName(name, READER)).toEqual({ ok: false, error: 'Your name has too many accents on one letter (at most 3).' });
  });

  it.each(STAFF_NAMES)('refuses “%s” to a reader as posing as staff', (name) => {
    expect(checkDisplayName(name, READER)).toEqual({
      ok: false,
      error: expect.stringMatching(/^Your name may not present you as the site’s staff/),
    });
  });

  it.each(BANNED_NAMES)('refuses “%s” as using a banned word, to readers and staff alike', (name) => {
    for (const role of ['reader', 'admin'] as const) {
      expect(checkDisplayName(name, as(role))).toEqual({
        ok: false,
        error: expect.stringMatching(/^Your name uses words that are not allowed here: /),
      });
    }
  });

  it('names the banned word and the field', () => {
    expect(checkDisplayName('Ada the Idiot', READER)).toEqual({
      ok: false,
      error: 'Your name uses words that are not allowed here: idiot.',
    });
    expect(checkAffiliation('Fake News Ltd', READER)).toEqual({
      ok: false,
      error: 'Your organisation uses words that are not allowed here: fake news.',
    });
  });

  it('refuses names with nothing to read, or too long', () => {
    expect(checkDisplayName('', READER)).toEqual({ ok: false, error: 'Please enter your name.' });
    expect(checkDisplayName(' \t ', READER)).toEqual({ ok: false, error: 'Please enter your name.' });
    expect(checkDisplayName('...', READER)).toEqual({ ok: false, error: 'Your name needs at least one letter or digit.' });
    expect(checkDisplayName('\u2800', READER)).toEqual({ ok: false, error: 'Your name needs at least one letter or digit.' });
    expect(checkDisplayName('x'.repeat(DISPLAY_NAME_MAX + 1), READER)).toEqual({
      ok: false,
      error: `Your name may be at most ${DISPLAY_NAME_MAX} characters (this is ${DISPLAY_NAME_MAX + 1}).`,
    });
  });
});

describe('checkDisplayName keeps real names', () => {
  const BENIGN = [
    'Renée O’Connor-Šimić',
    "Renée O'Connor-Šimić",
    '李小龍',
    'محمد',
    'علی\u200Cرضا', // Persian: the zero-width non-joiner is part of the spelling
    'श्री\u200Dराम', // Devanagari with a zero-width joiner
    'José Álvarez',
    'Zoë Brontë',
    'Nguyễn Văn An',
    'Bjørn Ødegård',
    'Łukasz Żółć',
    'Σωκράτης',
    'Дмитрий Иванов',
    'Ngũgĩ wa Thiong’o',
    'Siobhán Ní Bhriain',
    'Mary-Jane Watson',
    'D’Angelo',
    'J. R. R. Tolkien',
    'Dr Ada Lovelace',
    'Mo D Farah',
    'Kim Min-jun',
    'Admiral Jones',
    'Staffordshire Smith',
    'Modesty Blaise',
    'Editha',
    'Edith Moderan',
    'Hamid Modarres',
    'Edina Monsoon',
    'Ada 👩‍💻',
    'Ada ❤️',
    'Scunthorpe Reader',
    'Agent 007',
  ];

  // Each beside the same name signed as staff, which is refused: the name passes on its merits, not because the
  // checks are blind to its script.
  it.each(BENIGN)('accepts “%s” as written, but not signed “(Admin)”', (name) => {
    expect(checkDisplayName(name, READER)).toEqual({ ok: true, value: name.normalize('NFC') });
    expect(checkDisplayName(`${name} (Admin)`, READER)).toMatchObject({ ok: false, error: expect.stringContaining('“admin”') });
  });

  it('stores names in NFC, spaces tidied (tabs and line breaks too)', () => {
    const decomposed = 'Rene\u0301e  O\u0308sterberg';
    expect(checkDisplayName(decomposed, READER)).toEqual({ ok: true, value: 'Ren\u00E9e \u00D6sterberg' });
    expect(checkDisplayName('  Ada\t\nLovelace ', READER)).toEqual({ ok: true, value: 'Ada Lovelace' });
  });

  it.each(['moderator', 'editor', 'admin'] as const)('lets %s staff use a staff title that a reader may not', (role) => {
    for (const name of ['Admin', 'Site Staff', 'The Moderator', 'Jane, Editor']) {
      expect(checkDisplayName(name, as(role))).toEqual({ ok: true, value: name });
      expect(checkDisplayName(name, READER)).toMatchObject({ ok: false });
    }
    expect(checkAffiliation('Site Staff', as(role))).toEqual({ ok: true, value: 'Site Staff' });
  });

  it('holds organisations to the same rules, and lets them be empty', () => {
    expect(checkAffiliation('', READER)).toEqual({ ok: true, value: null });
    expect(checkAffiliation('Staffordshire County Council', READER)).toEqual({ ok: true, value: 'Staffordshire County Council' });
    // The ministry's initials as an organisation; as a name, "MoD" poses.
    expect(checkAffiliation('Ministry of Defence (MoD)', READER)).toEqual({ ok: true, value: 'Ministry of Defence (MoD)' });
    expect(checkDisplayName('MoD', READER)).toMatchObject({ ok: false, error: expect.stringContaining('“mod”') });
    expect(checkAffiliation('Site Moderators', READER)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Your organisation may not present/),
    });
    expect(checkAffiliation('ACME\u202E', READER)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Your organisation may not contain/),
    });
  });
});
