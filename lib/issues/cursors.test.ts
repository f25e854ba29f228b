import { describe, expect, it } from 'vitest';
import { formatAuthorCursor, parseAuthorCursor } from './cursors';

describe('author cursors', () => {
  it('read back what they write', () => {
    expect(parseAuthorCursor(formatAuthorCursor({ date: '2010-09-15', id: 42 }))).toEqual({ date: '2010-09-15', id: 42 });
  });

  it('refuse anything else, impossible dates included', () => {
    for (const text of [null, '', '2010-09-15', '2010-09-15.x', "2010-09-15.1'; drop table articles", '2010-09-15.1234567890']) {
      expect(parseAuthorCursor(text)).toBeNull();
    }
    // Well-shaped but not days: PostgreSQL would refuse to compare with them.
    expect(parseAuthorCursor('2010-13-45.1')).toBeNull();
    expect(parseAuthorCursor('0000-01-01.1')).toBeNull();
    expect(parseAuthorCursor('2010-02-30.1')).toBeNull();
  });
});
