import { describe, expect, it } from 'vitest';
import { formatIssueDate, isIssueDate, parseIssueDate, yearOf } from './dates';

describe('parseIssueDate', () => {
  it.each([
    ['September 15, 2010', '2010-09-15'],
    ['15 September 2010', '2010-09-15'],
    ['Sept 15 2010', '2010-09-15'],
    ['Sep. 15, 2010', '2010-09-15'],
    ['Wednesday, September 15, 2010', '2010-09-15'],
    ['wednesday 15th september 2010', '2010-09-15'],
    ['  September   15,\t2010  ', '2010-09-15'],
    ['May 1st, 2010', '2010-05-01'],
    ['1 jan 2011', '2011-01-01'],
    ['2010-09-15', '2010-09-15'],
    ['2012-02-29', '2012-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['1900-01-01', '1900-01-01'],
    ['2200-12-31', '2200-12-31'],
  ])('reads %j as %s', (text, iso) => {
    expect(parseIssueDate(text)).toBe(iso);
  });

  it.each([
    '2010-02-30',
    '2010-13-01',
    '2010-00-10',
    '2010-09-00',
    '2011-02-29',
    '1900-02-29',
    'September 31, 2010',
    'February 29, 2011',
    '1899-12-31',
    '2201-01-01',
    'September 15, 1899',
    '2010-9-15',
    '15/09/2010',
    'Septembre 15, 2010',
    'Septe 15, 2010',
    'September 15, 10',
    'September 2010',
    'next Wednesday',
    '',
    '   ',
  ])('refuses %j', (text) => {
    expect(parseIssueDate(text)).toBeUndefined();
  });
});

describe('isIssueDate', () => {
  it('accepts only real days written YYYY-MM-DD', () => {
    expect(isIssueDate('2010-09-15')).toBe(true);
    expect(isIssueDate('2012-02-29')).toBe(true);
    for (const value of ['2010-02-30', '2010-13-01', '2010-9-15', 'September 15, 2010', ' 2010-09-15', '2010-09-15\n', '1899-12-31']) {
      expect(isIssueDate(value), value).toBe(false);
    }
  });
});

describe('formatIssueDate and yearOf', () => {
  it('spells a date out for readers', () => {
    expect(formatIssueDate('2010-09-15')).toBe('15 September 2010');
    expect(formatIssueDate('2011-01-01')).toBe('1 January 2011');
    expect(formatIssueDate('1999-12-31')).toBe('31 December 1999');
  });

  it('round-trips through parseIssueDate', () => {
    expect(parseIssueDate(formatIssueDate('2010-09-15'))).toBe('2010-09-15');
  });

  it('gives the year as a number', () => {
    expect(yearOf('2010-09-15')).toBe(2010);
    expect(yearOf('1999-12-31')).toBe(1999);
  });
});

describe('parseIssueDate with a weekday', () => {
  it('accepts the right weekday and refuses a wrong one', () => {
    expect(parseIssueDate('Wednesday, September 15, 2010')).toBe('2010-09-15');
    expect(parseIssueDate('wednesday 15 September 2010')).toBe('2010-09-15');
    expect(parseIssueDate('Monday, September 15, 2010')).toBeUndefined();
    expect(parseIssueDate('Sunday 15 September 2010')).toBeUndefined();
  });
});
