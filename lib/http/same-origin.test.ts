import { describe, expect, it } from 'vitest';
import { crossSiteProblem } from './same-origin';

process.env.SITE_URL = 'https://briefing.example.org';

const post = (headers: Record<string, string>, pathname = '/signin') => ({ method: 'POST', headers: new Headers(headers), pathname });

describe('crossSiteProblem', () => {
  it.each([
    ['its own origin', { origin: 'https://briefing.example.org', 'sec-fetch-site': 'same-origin' }],
    ['the host the browser addressed', { origin: 'http://10.0.0.5:3000', host: '10.0.0.5:3000' }],
    ['a client that is not a browser (no Origin, no Sec-Fetch-Site)', {}],
  ])('lets a POST from %s through', (_what, headers) => expect(crossSiteProblem(post(headers))).toBeNull());

  it.each([
    ['another origin', { origin: 'https://evil.example', host: 'briefing.example.org' }],
    ['a look-alike host', { origin: 'https://briefing.example.org.evil.example' }],
    ['another port', { origin: 'https://briefing.example.org:8443', host: 'briefing.example.org' }],
    ['a null origin (sandboxed frame, data: page)', { origin: 'null' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site', origin: 'https://briefing.example.org' }],
  ])('refuses a POST from %s', (_what, headers) => expect(crossSiteProblem(post(headers))).not.toBeNull());

  it('leaves reads alone, and the one-click unsubscribe that mail providers post from elsewhere', () => {
    expect(crossSiteProblem({ method: 'GET', headers: new Headers({ 'sec-fetch-site': 'cross-site' }), pathname: '/' })).toBeNull();
    expect(crossSiteProblem(post({ origin: 'https://mail.example' }, '/api/notifications/unsubscribe'))).toBeNull();
  });
});
