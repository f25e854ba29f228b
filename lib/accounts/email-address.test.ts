import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeStoredEmail, EMAIL_ERRORS, emailSearchForms, normaliseEmail } from './email-address';

/**
 * Addresses as people type them. Look-alike letters are written as escapes, so that this file shows what each
 * case holds: \u0430 is Cyrillic а, \u0440 Cyrillic р, \u03bf Greek ο, and so on.
 */

const ACCEPTED: [what: string, typed: string, stored: string][] = [
  ['a plain address', 'name@example.org', 'name@example.org'],
  ['plus-addressing', 'name+briefings@example.org', 'name+briefings@example.org'],
  ['dots, digits, underscores and hyphens', 'first.last_2-x@example.org', 'first.last_2-x@example.org'],
  ['an apostrophe inside', "o'brien@example.ie", "o'brien@example.ie"],
  ['subdomains', 'user@mail.eu.example.co.uk', 'user@mail.eu.example.co.uk'],
  ['hyphens and digits in the domain', 'a@my-site2.example', 'a@my-site2.example'],
  ['a one-letter local part', 'x@example.org', 'x@example.org'],
  ['capitals, lower-cased', 'First.Last@Example.ORG', 'first.last@example.org'],
  ['surrounding spaces, trimmed', '  name@example.org \n', 'name@example.org'],
  ['surrounding ideographic and no-break spaces', '\u3000name@example.org\u00a0', 'name@example.org'],
  ['fullwidth letters and @', 'ｎａｍｅ＠ｅｘａｍｐｌｅ．ｏｒｇ', 'name@example.org'],
  ['a fullwidth @ alone', 'name＠example.org', 'name@example.org'],
  ['the small form @', 'name\ufe6bexample.org', 'name@example.org'],
  ['an ideographic full stop in the domain', 'name@example\u3002org', 'name@example.org'],
  ['a letterlike symbol', '\u210cello@example.org', 'hello@example.org'],
  ['a Roman numeral in the domain', 'x@\u216b.example', 'x@xii.example'],
  ['an IDN domain', 'name@bücher.example', 'name@xn--bcher-kva.example'],
  ['an IDN domain in capitals', 'Name@BÜCHER.Example', 'name@xn--bcher-kva.example'],
  ['an IDN domain already in its xn-- form', 'name@xn--bcher-kva.example', 'name@xn--bcher-kva.example'],
  ['an xn-- domain typed in fullwidth letters', 'name@ｘｎ--bcher-kva.example', 'name@xn--bcher-kva.example'],
  ['a decomposed ü (NFD)', 'name@bu\u0308cher.example', 'name@xn--bcher-kva.example'],
  ['a Han local part and domain', '张伟@中文.example', '张伟@xn--fiq228c.example'],
  ['Japanese: Han with Hiragana', '名前は@日本語.jp', '名前は@xn--wgv71a119e.jp'],
  ['Japanese: Katakana with Latin', 'テストabc@example.jp', 'テストabc@example.jp'],
  ['Korean: Hangul with Han', '홍길동漢@example.kr', '홍길동漢@example.kr'],
  ['Chinese: Bopomofo with Han', 'ㄅㄆ中@example.tw', 'ㄅㄆ中@example.tw'],
  ['a Cyrillic address with a Cyrillic TLD', 'Иван@пример.рф', 'иван@xn--e1afmkfd.xn--p1ai'],
  ['a Cyrillic label beside a Latin one', 'name@пример.example', 'name@xn--e1afmkfd.example'],
  ['a Greek address', 'Παράδειγμα@δοκιμή.gr', 'παράδειγμα@xn--jxalpdlp.gr'],
  ['a Greek label that does not look Latin', 'a@αβγ.gr', 'a@xn--mxacd.gr'],
  ['a Devanagari address', 'हिन्दी@उदाहरण.भारत', 'हिन्दी@xn--p1b6ci4b4b3a.xn--h2brj9c'],
  ['a Hebrew local part', 'שלום@example.co.il', 'שלום@example.co.il'],
  ['an Arabic domain label', 'abc@ابت.example', 'abc@xn--mgbcg.example'],
  ['an accented Latin local part', 'José.Müller@example.es', 'josé.müller@example.es'],
  ['a capital sharp s', 'STRAẞE@example.de', 'straße@example.de'],
  ['a Turkish dotted capital I, as the plain i it lower-cases to', 'İSTANBUL@example.org', 'istanbul@example.org'],
  ['64 characters before the @', `${'a'.repeat(64)}@example.org`, `${'a'.repeat(64)}@example.org`],
  [
    '254 characters in all',
    `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.org`,
    `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.org`,
  ],
];

const REFUSED: [what: string, typed: unknown, error: keyof typeof EMAIL_ERRORS][] = [
  ['nothing', '', 'missing'],
  ['only spaces', '   ', 'missing'],
  ['a value that is not text', 42, 'missing'],
  ['no value', undefined, 'missing'],
  ['no @', 'name.example.org', 'noAt'],
  ['two @', 'name@home@example.org', 'manyAts'],
  ['two @, one of them fullwidth', 'name@evil.example＠example.org', 'manyAts'],
  ['nothing before the @', '@example.org', 'noLocalPart'],
  ['nothing after the @', 'name@', 'domain'],
  ['a domain without a dot', 'name@localhost', 'domain'],
  ['an empty label in the domain', 'name@example..org', 'domain'],
  ['a trailing dot on the domain', 'name@example.org.', 'domain'],
  ['a leading dot on the domain', 'name@.example.org', 'domain'],
  ['a label starting with a hyphen', 'name@-example.org', 'domain'],
  ['a label ending with a hyphen', 'name@example-.org', 'domain'],
  ['a one-letter top-level domain', 'name@example.o', 'domain'],
  ['a numeric top-level domain', 'name@example.123', 'domain'],
  ['an IP address', 'name@192.0.2.1', 'domain'],
  ['a bracketed IP address', 'name@[192.0.2.1]', 'domain'],
  ['an underscore in the domain', 'name@my_site.example', 'domain'],
  ['malformed punycode', 'name@xn--zz.example', 'domain'],
  ['a label over 63 characters', `name@${'b'.repeat(64)}.org`, 'domain'],
  ['a space inside', 'first last@example.org', 'space'],
  ['a no-break space inside', 'first\u00a0last@example.org', 'space'],
  ['an ideographic space inside', 'first\u3000last@example.org', 'space'],
  ['a tab inside', 'first\tlast@example.org', 'invisible'],
  ['a NUL character', 'name\u0000@example.org', 'invisible'],
  ['a newline inside (header injection)', 'name@example.org\nBcc: x@evil.example', 'space'],
  ['a zero-width space', 'ad\u200bmin@example.org', 'invisible'],
  ['a zero-width joiner', 'admin\u200d@example.org', 'invisible'],
  ['a zero-width non-joiner in the domain', 'admin@exam\u200cple.org', 'invisible'],
  ['a soft hyphen', 'ad\u00admin@example.org', 'invisible'],
  ['a byte-order mark inside', 'admin@exa\ufeffmple.org', 'invisible'],
  ['a right-to-left override', 'admin@\u202egro.elpmaxe', 'invisible'],
  ['a left-to-right mark', 'admin\u200e@example.org', 'invisible'],
  ['a direction isolate', '\u2067admin\u2069@example.org', 'invisible'],
  ['a variation selector', 'admin\ufe0f@example.org', 'invisible'],
  ['a Hangul filler', 'admin\u3164@example.org', 'invisible'],
  ['a tag character', 'admin\u{e0041}@example.org', 'invisible'],
  ['a private-use character', 'admin\ue000@example.org', 'invisible'],
  ['a leading dot', '.name@example.org', 'localPart'],
  ['a trailing dot', 'name.@example.org', 'localPart'],
  ['two dots together', 'first..last@example.org', 'localPart'],
  ['a trailing apostrophe', "name'@example.org", 'localPart'],
  ['quotes', '"name"@example.org', 'localPart'],
  ['a quoted local part hiding an @', '"evil@example.org"@example.org', 'manyAts'],
  ['a comma', 'a,b@example.org', 'localPart'],
  ['angle brackets', '<name@example.org>', 'localPart'],
  ['a combining mark with no letter under it', '\u0301name@example.org', 'localPart'],
  ['65 characters before the @', `${'a'.repeat(65)}@example.org`, 'localPartTooLong'],
  ['255 characters in all', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.org`, 'tooLong'],
  ['an enormous value', `${'a'.repeat(5000)}@example.org`, 'tooLong'],
  ['Cyrillic а among Latin letters before the @', '\u0430dmin@example.org', 'mixedScripts'],
  ['Cyrillic а and р in a Latin-looking local part', '\u0430\u0440\u0440le@example.org', 'mixedScripts'],
  ['Cyrillic а in the domain', 'name@ex\u0430mple.org', 'mixedScripts'],
  ['Cyrillic р among Latin letters in the domain', 'name@\u0440aypal.com', 'mixedScripts'],
  ['Greek omicron in the domain', 'name@g\u03bfogle.com', 'mixedScripts'],
  ['Greek omicron in the top-level domain', 'name@example.\u03bfrg', 'mixedScripts'],
  ['Greek alpha in the local part', 'ad\u03b1m@example.org', 'mixedScripts'],
  ['a domain label wholly in Cyrillic look-alikes ("аррlе" as Cyrillic)', 'name@\u0430\u0440\u0440\u04cf\u0435.com', 'mixedScripts'],
  ['a domain label wholly in Cyrillic look-alikes ("раураl")', 'name@\u0440\u0430\u0443\u0440\u0430\u04cf.com', 'mixedScripts'],
  ['a whole-Cyrillic look-alike typed in capitals', 'name@\u0410\u0420\u0420\u04c0\u0415.com', 'mixedScripts'],
  ['a whole-Cyrillic look-alike local part', '\u0440\u043e\u0440@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444', 'mixedScripts'],
  ['a whole-Cyrillic look-alike with an accent', 'name@\u0441\u0451\u0441.com', 'mixedScripts'],
  ['a domain label wholly in Greek look-alikes ("οκ")', 'name@\u03bf\u03ba.gr', 'mixedScripts'],
  ['a Cyrillic look-alike label in its xn-- form', 'name@xn--80ak6aa92e.com', 'mixedScripts'],
  ['Latin mixed with Hangul and Hiragana', 'abc홍あ@example.org', 'mixedScripts'],
  ['Cherokee letters that imitate Latin', '\u13aa\u13b3@example.org', 'unusedScript'],
];

// Addresses built from the pieces that normalisation changes (capitals, fullwidth and compatibility forms,
// decomposed accents, final sigma, the Turkish İ, ligatures), in one writing system each so that many are
// accepted: random strings would almost never be addresses at all.
const WRITING = [
  ['a', 'Z', 'ü', 'u\u0308', 'Ａ', 'ß', 'ẞ', 'İ', 'ﬁ', '\u212a', 'ǅ', 'Ⅻ', 'ℌ', 'e\u0301'],
  ['и', 'Д', 'Ё', 'ж', 'Ӏ'],
  ['π', 'Σ', 'ς', 'ά', 'Ω', 'ΐ'],
  ['张', 'あ', 'ア', 'ｱ', 'ｶﾞ', 'x', 'Ｘ'],
  ['ह', 'ि', 'न्', 'द'],
];
const runOf = (pieces: string[]) => fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 6 }).map((run) => run.join(''));
const addressLike = fc
  .constantFrom(...WRITING)
  .chain((letters) =>
    fc
      .tuple(
        fc.array(runOf([...letters, '0', '１', '_', '+', '-', "'"]), { minLength: 1, maxLength: 3 }),
        fc.array(runOf([...letters, '0', '１']), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('org', 'EXAMPLE', 'xn--p1ai', 'рф', '中国', 'ｏｒｇ'),
      )
      .map(([local, labels, tld]) => `${local.join('.')}@${[...labels, tld].join('.')}`),
  );

describe('normaliseEmail', () => {
  it('holds a large enough table', () => {
    expect(ACCEPTED.length + REFUSED.length).toBeGreaterThanOrEqual(60);
  });

  it.each(ACCEPTED)('accepts %s', (_what, typed, stored) => {
    expect(normaliseEmail(typed)).toEqual({ ok: true, email: stored });
  });

  it.each(REFUSED)('refuses %s', (_what, typed, error) => {
    expect(normaliseEmail(typed)).toEqual({ ok: false, error: EMAIL_ERRORS[error] });
  });

  it('accepts no ASCII address that zod’s z.email() (the check it replaces) refuses', () => {
    const ascii = ACCEPTED.map(([, , stored]) => stored).filter((stored) => /^[\x20-\x7e]+$/.test(stored));
    expect(ascii.length).toBeGreaterThan(20);
    for (const stored of ascii) expect(z.email().safeParse(stored).success, stored).toBe(true);
  });

  it('stores what the users table accepts, and stores it again unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(addressLike, fc.emailAddress(), fc.constantFrom(...ACCEPTED.map(([, typed]) => typed))), (typed) => {
        const first = normaliseEmail(typed);
        if (!first.ok) return;
        expect(first.email).toBe(first.email.toLowerCase());
        expect(first.email).toBe(first.email.normalize('NFC'));
        expect(first.email.split('@')[1]).toMatch(/^[a-z0-9.-]+$/);
        expect([...first.email].length).toBeLessThanOrEqual(254);
        expect(normaliseEmail(first.email)).toEqual(first);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives every refusal one of its written messages, never an exception', () => {
    const messages = new Set<string>(Object.values(EMAIL_ERRORS));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.anything()), (typed) => {
        const check = normaliseEmail(typed);
        if (!check.ok) expect(messages).toContain(check.error);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('describeStoredEmail', () => {
  it('shows a plain ASCII address as it is, with nothing more', () => {
    expect(describeStoredEmail('name@example.org')).toEqual({ stored: 'name@example.org', international: null, refused: null });
  });

  it('adds the Unicode form of an IDN domain and the scripts it is written in', () => {
    expect(describeStoredEmail('name@xn--bcher-kva.example')).toEqual({
      stored: 'name@xn--bcher-kva.example',
      international: { unicode: 'name@bücher.example', scripts: ['Latin'] },
      refused: null,
    });
    expect(describeStoredEmail('иван@xn--e1afmkfd.xn--p1ai').international).toEqual({ unicode: 'иван@пример.рф', scripts: ['Cyrillic'] });
  });

  it('marks a non-ASCII local part as international, naming its scripts', () => {
    expect(describeStoredEmail('张伟@example.org').international).toEqual({ unicode: '张伟@example.org', scripts: ['Han', 'Latin'] });
  });

  it('names both alphabets of a look-alike stored before the rules, and says why it would be refused today', () => {
    expect(describeStoredEmail('\u0430dmin@example.org')).toEqual({
      stored: '\u0430dmin@example.org',
      international: { unicode: '\u0430dmin@example.org', scripts: ['Cyrillic', 'Latin'] },
      refused: EMAIL_ERRORS.mixedScripts,
    });
    expect(describeStoredEmail('name@xn--80ak6aa92e.com')).toMatchObject({
      international: { unicode: 'name@\u0430\u0440\u0440\u04cf\u0435.com', scripts: ['Latin', 'Cyrillic'] },
      refused: EMAIL_ERRORS.mixedScripts,
    });
  });
});

describe('emailSearchForms', () => {
  it.each([
    ['plain text, lower-cased and trimmed', ' Example.ORG ', ['example.org']],
    ['nothing', '  ', []],
    ['fullwidth text, folded', 'ｅｘａｍｐｌｅ', ['example']],
    ['an IDN domain, also in its xn-- form', 'Bücher.example', ['bücher.example', 'xn--bcher-kva.example']],
    ['an address with an IDN domain', 'name@bücher.example', ['name@bücher.example', 'name@xn--bcher-kva.example']],
    ['a non-ASCII local part (no other form)', '张伟@', ['张伟@']],
  ])('searches %s', (_what, query, forms) => {
    expect(emailSearchForms(query)).toEqual(forms);
  });
});
