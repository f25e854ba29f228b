import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectSameOriginPath, HOSTILE_TABLE, hostileReturnPath, SITE_URL } from '@/test/hostile-paths';
import { returnAddress } from './return-path';

process.env.SITE_URL = SITE_URL;

/** A staff page's address and nothing else: what returnAddress must always give back. */
const STAFF_ADDRESS = /^\/(moderation|admin)(\/[a-z0-9-]+)*\?/;

describe('returnAddress', () => {
  it.each([
    ['/moderation', 7, '/moderation?done=approved&focus=7#item-7'],
    ['/moderation?tab=pending#item-3', 7, '/moderation?tab=pending&done=approved&focus=7#item-7'],
    ['/moderation/queue?focus=3&done=rejected', null, '/moderation/queue?done=approved#results'],
    ['/admin/people?q=ann', null, '/admin/people?q=ann&done=approved#results'],
    ['http://localhost:3000/moderation/log', null, '/moderation/log?done=approved#results'],
    ['/moderation/./queue', null, '/moderation/queue?done=approved#results'],
    ['/moderation//queue', null, '/moderation/queue?done=approved#results'],
  ])('goes back to %s', (returnTo, focus, address) => {
    expect(returnAddress(returnTo, 'approved', focus)).toBe(address);
  });

  it.each([
    '/issues/2010-09-15', // on this site, but not a staff page
    '/moderation/../account',
    '/moderation/.//evil.example',
    '//evil.example/moderation',
    '/%2f/evil.example/moderation',
    'https://evil.example/moderation',
    'javascript:alert(1)//moderation',
    undefined,
  ])('goes to the queue instead of %j', (returnTo) => {
    expect(returnAddress(returnTo, 'approved', null)).toBe('/moderation?done=approved#results');
  });

  it(`stays on a staff page of this site for every one of ${HOSTILE_TABLE.length} hostile values`, () => {
    for (const value of HOSTILE_TABLE) {
      const address = returnAddress(value, 'approved', 3);
      expect(address).toMatch(STAFF_ADDRESS);
      expectSameOriginPath(address);
    }
  });

  it('stays on a staff page of this site for stacked hostile prefixes and arbitrary text', () => {
    fc.assert(
      fc.property(
        hostileReturnPath.map((value) => `${value}/moderation`),
        (value) => {
          const address = returnAddress(value, 'approved', null);
          expect(address).toMatch(STAFF_ADDRESS);
          expectSameOriginPath(address);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
