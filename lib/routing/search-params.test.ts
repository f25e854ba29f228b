import { describe, expect, it } from 'vitest';
import { singleValues } from './search-params';

describe('singleValues', () => {
  it('takes the first of a repeated parameter and keeps single ones', async () => {
    expect(await singleValues(Promise.resolve({ q: ['a', 'b'], after: '12', none: undefined, empty: [] }))).toEqual({
      q: 'a',
      after: '12',
    });
  });
});
