import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { safeCell, safeCsv } from './safe-cell';

describe('safeCell', () => {
  it('puts an apostrophe before a cell a spreadsheet would read as a formula', () => {
    for (const text of ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])
      expect(safeCell(text), JSON.stringify(text)).toBe(`'${text}`);
  });

  it('leaves every other cell as it is', () => {
    for (const text of ['ann@example.org', '550 5.1.1 no such user', "'quoted", ' =1', 'a=b', '']) expect(safeCell(text)).toBe(text);
    expect(safeCell(42)).toBe('42');
    expect(safeCell(-1)).toBe("'-1");
    expect(safeCell(null)).toBe('');
    expect(safeCell(new Date('2026-01-01T00:00:00Z'))).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('safeCsv', () => {
  it('quotes commas, quotes and line breaks, and reads back to the neutralised cells', () => {
    const csv = safeCsv(['email', 'answer'], [['=cmd|calc', 'line one\nline "two", three']]);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parse(csv)).toEqual([
      ['email', 'answer'],
      ["'=cmd|calc", 'line one\nline "two", three'],
    ]);
  });
});
