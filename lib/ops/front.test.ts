import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFront, pathOf } from './front.mjs';
import { markStopping, setReadinessCheck } from './health.mjs';
import { log } from './log.mjs';
import { bearerMatches, routeKind } from './metrics.mjs';

const TOKEN = 'metrics-token-for-the-tests-0123456789';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let servers: http.Server[] = [];

/** A server with the front before a stand-in for Next (which answers "from next"), on a free loopback port. */
async function serve(settings: Parameters<typeof createFront>[0]): Promise<string> {
  const front = createFront(settings);
  const server = http.createServer((request, response) => {
    if (front(request, response)) return;
    response.end(`from next, id ${request.headers['x-request-id']}`);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  servers = [];
  vi.restoreAllMocks();
});

describe('the request id', () => {
  it('is a new one, on the response and the request, when no proxy is trusted, whatever the client sent', async () => {
    const base = await serve({});
    const response = await fetch(`${base}/issues`, { headers: { 'X-Request-Id': 'chosen-by-the-client' } });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(UUID);
    expect(await response.text()).toBe(`from next, id ${id}`);
  });

  it("is a trusted proxy's, when valid", async () => {
    const base = await serve({ trustProxy: 'loopback' });
    const kept = await fetch(`${base}/`, { headers: { 'X-Request-Id': 'nginx-4f2a.17' } });
    expect(kept.headers.get('x-request-id')).toBe('nginx-4f2a.17');
    for (const invalid of ['has spaces in it', 'x'.repeat(200), '<script>']) {
      const replaced = await fetch(`${base}/`, { headers: { 'X-Request-Id': invalid } });
      expect(replaced.headers.get('x-request-id')).toMatch(UUID);
    }
  });

  it('is never taken from a peer that is not one of the named proxies', async () => {
    const base = await serve({ trustProxy: '10.0.0.0/8' });
    const response = await fetch(`${base}/`, { headers: { 'X-Request-Id': 'nginx-4f2a.17' } });
    expect(response.headers.get('x-request-id')).toMatch(UUID);
  });

  it('is trusted from the nearest of a number of proxy hops', async () => {
    const base = await serve({ trustProxy: '1' });
    const response = await fetch(`${base}/`, { headers: { 'X-Request-Id': 'lb-1' } });
    expect(response.headers.get('x-request-id')).toBe('lb-1');
  });
});

describe('the access log', () => {
  it('has one line per request: method, path without its query, status, time and id; no address, no cookie', async () => {
    const info = vi.spyOn(log(), 'info').mockImplementation(() => {});
    const base = await serve({});
    const response = await fetch(`${base}/api/auth/callback/nodemailer?token=secret&email=a%40b.org`, {
      headers: { Cookie: 'session=abc' },
    });
    await response.text();
    await vi.waitFor(() => expect(info).toHaveBeenCalledTimes(1));
    const [line, message] = info.mock.calls[0] as unknown as [Record<string, unknown>, string];
    expect(message).toBe('request');
    expect(line).toEqual({
      method: 'GET',
      path: '/api/auth/callback/nodemailer',
      status: 200,
      ms: expect.any(Number),
      requestId: response.headers.get('x-request-id'),
    });
  });

  it('keeps the probes at debug', async () => {
    const info = vi.spyOn(log(), 'info').mockImplementation(() => {});
    const debug = vi.spyOn(log(), 'debug').mockImplementation(() => {});
    const base = await serve({});
    await (await fetch(`${base}/healthz`)).text();
    await vi.waitFor(() => expect(debug).toHaveBeenCalledTimes(1));
    expect(info).not.toHaveBeenCalled();
  });
});

describe('HSTS', () => {
  it('is sent for an https site only', async () => {
    const secure = await serve({ siteUrl: 'https://briefing.example.org' });
    expect((await fetch(`${secure}/`)).headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    const plain = await serve({ siteUrl: 'http://localhost:3000' });
    expect((await fetch(`${plain}/`)).headers.get('strict-transport-security')).toBeNull();
  });
});

describe('/healthz and /readyz', () => {
  it('say ok, and ready or why not, never to be cached; /readyz says "stopping" once the server stops', async () => {
    const base = await serve({});
    const health = await fetch(`${base}/healthz?probe=1`);
    expect([health.status, await health.text(), health.headers.get('cache-control')]).toEqual([200, 'ok\n', 'no-store']);

    setReadinessCheck(async () => 'migrations pending');
    const pending = await fetch(`${base}/readyz`);
    expect([pending.status, await pending.json(), pending.headers.get('cache-control')]).toEqual([
      503,
      { ready: false, reason: 'migrations pending' },
      'no-store',
    ]);

    setReadinessCheck(async () => null);
    const ready = await fetch(`${base}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { ready: true }]);

    vi.spyOn(log(), 'warn').mockImplementation(() => {});
    setReadinessCheck(async () => {
      throw new Error('connection to postgres://user:pw@db failed');
    });
    const failed = await fetch(`${base}/readyz`);
    expect([failed.status, await failed.json()]).toEqual([503, { ready: false, reason: 'the checks failed' }]);

    const post = await fetch(`${base}/healthz`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);

    setReadinessCheck(async () => null);
    markStopping();
    const stopping = await fetch(`${base}/readyz`);
    expect([stopping.status, await stopping.json()]).toEqual([503, { ready: false, reason: 'stopping' }]);
  });
});

describe('/metrics', () => {
  it('is not there without METRICS_TOKEN', async () => {
    const base = await serve({});
    expect((await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  it('asks for the token, and gives the counts for it', async () => {
    const base = await serve({ metricsToken: TOKEN });
    const none = await fetch(`${base}/metrics`);
    expect([none.status, none.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="metrics"']);
    expect((await fetch(`${base}/metrics`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    await (await fetch(`${base}/issues/latest`)).text();
    const scraped = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect([scraped.status, scraped.headers.get('cache-control')]).toEqual([200, 'no-store']);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await scraped.text();
    expect(text).toMatch(/^briefings_http_requests_total\{kind="page",status_class="2xx"\} [1-9]\d*$/m);
    expect(text).toContain('# TYPE briefings_job_queue_depth gauge');
    expect(text).toContain('process_cpu_seconds_total');
  });
});

describe('bearerMatches', () => {
  it('takes exactly the token, as a Bearer token', () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`Bearer ${TOKEN}x`, TOKEN)).toBe(false);
    expect(bearerMatches(`Bearer ${TOKEN.slice(1)}`, TOKEN)).toBe(false);
    expect(bearerMatches(TOKEN, TOKEN)).toBe(false);
    expect(bearerMatches(`Basic ${TOKEN}`, TOKEN)).toBe(false);
    expect(bearerMatches(undefined, TOKEN)).toBe(false);
    expect(bearerMatches('Bearer ', TOKEN)).toBe(false);
  });
});

describe('pathOf and routeKind', () => {
  it('drop the query and name a few kinds of address', () => {
    expect(pathOf('/signin?email=a@b.org')).toBe('/signin');
    expect(pathOf('http://example.org/x?y')).toBe('/x');
    expect(routeKind('GET', '/issues/2010-09-15/some-article')).toBe('page');
    expect(routeKind('POST', '/issues/2010-09-15/some-article')).toBe('action');
    expect(routeKind('GET', '/_next/static/chunks/a.js')).toBe('static');
    expect(routeKind('GET', '/icon.svg')).toBe('static');
    expect(routeKind('POST', '/api/auth/callback/nodemailer')).toBe('api');
    expect(routeKind('GET', '/admin/issues')).toBe('admin');
    expect(routeKind('GET', '/feed.xml')).toBe('feed');
    expect(routeKind('GET', '/readyz')).toBe('ops');
  });
});
