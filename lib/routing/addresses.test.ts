import { describe, expect, it } from 'vitest';
import { ADDRESS_HELP, findAddressProblem, rowIdOf } from './addresses';

describe('findAddressProblem', () => {
  it.each([
    '/',
    '/search',
    '/feed.xml',
    '/issues',
    '/issues/',
    '/issues/latest',
    '/issues/2010-09-15',
    '/issues/2010-09-15/',
    '/issues/2010-09-15/we-should-value-local-diversity',
    '/issues/latest/we-should-value-local-diversity',
    '/issues/%32%30%31%30-09-15/we%2Dshould-value',
    // Well-formed but naming nothing: the page's own 404, not a malformed address.
    '/issues/2010-02-30',
    '/issues/2010-09-15/a/b',
    '/issues/before',
    '/issues/before/now',
    '/issues/before/2010-09-15',
    '/authors',
    '/authors/stian-westlake',
    '/authors/stian-westlake/before/2010-09-15.3',
    '/authors/stian-westlake/before/2010-09-15.123456789',
    '/authors/stian-westlake/before',
  ])('accepts %s', (pathname) => {
    expect(findAddressProblem(pathname)).toBeNull();
  });

  it.each([
    ['/issues/yesterday', { kind: 'date', value: 'yesterday' }],
    ['/issues/2010-9-15', { kind: 'date', value: '2010-9-15' }],
    ['/issues/September%2015%2C%202010', { kind: 'date', value: 'September 15, 2010' }],
    ['/issues/%E0%A4%A', { kind: 'date', value: '%E0%A4%A' }],
    ['/issues/2010-09-15/Hello%20World', { kind: 'slug', value: 'Hello World' }],
    ['/issues/2010-09-15/We-Should', { kind: 'slug', value: 'We-Should' }],
    ['/issues/2010-09-15/bad--slug', { kind: 'slug', value: 'bad--slug' }],
    ['/issues/2010-09-15/caf%C3%A9', { kind: 'slug', value: 'café' }],
    ['/issues/2010-09-15/a%2Fb', { kind: 'slug', value: 'a/b' }],
    ['/issues/before/yesterday', { kind: 'cursor', value: 'yesterday' }],
    ['/issues/before/2010-09-15.3', { kind: 'cursor', value: '2010-09-15.3' }],
    ['/authors/Stian', { kind: 'author', value: 'Stian' }],
    ['/authors/stian%20westlake', { kind: 'author', value: 'stian westlake' }],
    ['/authors/-stian', { kind: 'author', value: '-stian' }],
    ['/authors/stian-westlake/before/xyz', { kind: 'cursor', value: 'xyz' }],
    ['/authors/stian-westlake/before/2010-09-15', { kind: 'cursor', value: '2010-09-15' }],
    ['/authors/stian-westlake/before/2010-09-15.1234567890', { kind: 'cursor', value: '2010-09-15.1234567890' }],
  ])('finds the problem in %s', (pathname, problem) => {
    expect(findAddressProblem(pathname)).toEqual(problem);
  });
});

describe('ADDRESS_HELP', () => {
  it('explains every kind of problem', () => {
    expect(Object.keys(ADDRESS_HELP).sort()).toEqual(['author', 'cursor', 'date', 'slug']);
    for (const help of Object.values(ADDRESS_HELP)) expect(help.length).toBeGreaterThan(20);
  });

  it('gives example addresses that are themselves well-formed', () => {
    const examples = Object.values(ADDRESS_HELP).flatMap((help) => help.match(/\/[a-z][\w/-]*[\w]/g) ?? []);
    expect(examples).toEqual(['/issues/2010-09-15', '/issues/2010-09-15/we-should-value-local-diversity', '/authors/stian-westlake']);
    for (const example of examples) expect(findAddressProblem(example), example).toBeNull();
  });
});

describe('rowIdOf', () => {
  it('reads a positive integer that fits the column, and nothing else', () => {
    expect(rowIdOf('1')).toBe(1);
    expect(rowIdOf('2147483647')).toBe(2147483647);
    for (const text of ['2147483648', '9999999999', '0', '07', '-1', '1.5', '1e3', ' 1', '', undefined, null, '12345678901']) {
      expect(rowIdOf(text), String(text)).toBeNull();
    }
  });
});
