import { describe, expect, it } from 'vitest';
import { IMPORT_ROW_LIMIT, checkImport, isBlockedDomain, normaliseDomain, readImportRows } from './import-check';

const none = { blockedDomains: [], existing: new Map() };

describe('readImportRows', () => {
  it('reads one address a line, with the file’s line numbers, blank lines skipped', () => {
    expect(readImportRows('ann@example.org\n\nbob@example.org\r\n')).toEqual({
      rows: [
        { line: 1, email: 'ann@example.org' },
        { line: 3, email: 'bob@example.org' },
      ],
      problems: [],
    });
  });

  it('takes the column a header row names, and skips the header', () => {
    expect(readImportRows('\ufeffName,Email\n"Smith, Ann",ann@example.org\nBob,bob@example.org\n').rows).toEqual([
      { line: 2, email: 'ann@example.org' },
      { line: 3, email: 'bob@example.org' },
    ]);
    expect(readImportRows('email\nann@example.org\n').rows).toEqual([{ line: 2, email: 'ann@example.org' }]);
  });

  it('says where a file stops being CSV', () => {
    const { rows, problems } = readImportRows('ann@example.org\n"bob@example.org\n');
    expect(rows).toEqual([]);
    expect(problems).toEqual([{ line: expect.any(Number), email: '', reason: expect.stringContaining('not valid CSV') }]);
  });
});

describe('checkImport', () => {
  it('adds new addresses in their stored form, skips known ones and reports every wrong line', () => {
    const rows = [
      { line: 1, email: 'New@Example.org' },
      { line: 2, email: 'not an address' },
      { line: 3, email: 'new@example.org' },
      { line: 4, email: 'someone@mail.spam.example' },
      { line: 5, email: 'ann@example.org' },
      { line: 6, email: 'gone@example.org' },
    ];
    const check = checkImport(rows, {
      blockedDomains: ['spam.example'],
      existing: new Map([
        ['ann@example.org', 'active'],
        ['gone@example.org', 'unsubscribed'],
      ]),
    });
    expect(check.add).toEqual([{ line: 1, email: 'new@example.org' }]);
    expect(check.skipped).toEqual([
      { line: 5, email: 'ann@example.org', reason: 'already subscribed' },
      { line: 6, email: 'gone@example.org', reason: expect.stringContaining('unsubscribed earlier') },
    ]);
    expect(check.problems).toEqual([
      { line: 2, email: 'not an address', reason: expect.stringMatching(/^Not a usable address: An email address cannot contain spaces/) },
      { line: 3, email: 'new@example.org', reason: 'The same address as line 1.' },
      { line: 4, email: 'someone@mail.spam.example', reason: expect.stringContaining('spam.example may not subscribe') },
    ]);
  });

  it('refuses a file over the limit', () => {
    const rows = Array.from({ length: IMPORT_ROW_LIMIT + 1 }, (_, index) => ({ line: index + 1, email: `a${index}@example.org` }));
    expect(checkImport(rows, none)).toEqual({
      add: [],
      skipped: [],
      problems: [expect.objectContaining({ line: IMPORT_ROW_LIMIT + 1, reason: expect.stringContaining('at most') })],
    });
  });
});

describe('blocked domains', () => {
  it('match the domain and its subdomains only', () => {
    expect(isBlockedDomain('spam.example', ['spam.example'])).toBe('spam.example');
    expect(isBlockedDomain('a.spam.example', ['spam.example'])).toBe('spam.example');
    expect(isBlockedDomain('notspam.example', ['spam.example'])).toBeUndefined();
  });

  it('are stored lower case in their xn-- form, and only real domain names are taken', () => {
    expect(normaliseDomain(' @Example.COM ')).toEqual({ ok: true, domain: 'example.com' });
    expect(normaliseDomain('*.bücher.example')).toEqual({ ok: true, domain: 'xn--bcher-kva.example' });
    for (const bad of ['localhost', 'exa mple.com', '-bad.com', 'a..b', '192.168.0.1', 'ann@example.com', '']) {
      expect(normaliseDomain(bad), bad).toMatchObject({ ok: false });
    }
  });
});
