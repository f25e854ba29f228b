import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, normaliseQuery } from './queries';

// Unit tests of the query clean-up alone (no database); searchArticles itself is tested in queries.test.ts.
describe('normaliseQuery', () => {
  it('takes the text, or the first of repeated parameters', () => {
    expect(normaliseQuery('localism')).toBe('localism');
    expect(normaliseQuery(['local', 'finance'])).toBe('local');
    expect(normaliseQuery([])).toBe('');
    expect(normaliseQuery(undefined)).toBe('');
  });

  it('collapses and trims whitespace', () => {
    expect(normaliseQuery('  mass \t\n  localism  ')).toBe('mass localism');
    expect(normaliseQuery(' \n ')).toBe('');
  });

  it('drops NUL, other control characters and the highlight markers', () => {
    expect(normaliseQuery('mass\u0000localism')).toBe('mass localism');
    expect(normaliseQuery('a\u0007b\u001bc\u007fd\u0085e')).toBe('a b c d e');
    expect(normaliseQuery('\uE000local\uE001 finance')).toBe('local finance');
    expect(normaliseQuery('\u0000\uE000\uE001')).toBe('');
  });

  it('keeps search syntax and markup as typed', () => {
    expect(normaliseQuery('"social finance" -bonds or <b>')).toBe('"social finance" -bonds or <b>');
  });

  it(`caps the query at ${MAX_QUERY_LENGTH} code points`, () => {
    expect(MAX_QUERY_LENGTH).toBe(200);
    expect(normaliseQuery('x'.repeat(500))).toBe('x'.repeat(200));
    expect(normaliseQuery(`${'x'.repeat(199)} tail`)).toBe('x'.repeat(199));
  });

  it('never splits an emoji when capping', () => {
    const capped = normaliseQuery(`${'x'.repeat(199)}😀😀`);
    expect(capped).toBe(`${'x'.repeat(199)}😀`);
    expect(capped).toHaveLength(201);
    const emoji = normaliseQuery('😀'.repeat(300));
    expect([...emoji]).toHaveLength(200);
    expect(emoji).toBe('😀'.repeat(200));
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
