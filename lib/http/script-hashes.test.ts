import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
// The same compression middleware Next's router applies inside its handler, so the order server.mjs relies on
// (this module's hook first, then compression, then Next setting its headers) is tested as it runs.
// @ts-expect-error Next's compiled copy has no type declarations
import compression from 'next/dist/compiled/compression';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashInlineScripts, inlineScripts, policyForPage, rememberedPage, scriptHash, withHashes } from './script-hashes.mjs';

const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('inlineScripts', () => {
  it('finds the text of scripts without src, in order, and skips scripts with src', () => {
    const html =
      '<html><head><script src="/a.js" async=""></script><script id="_R_">boot()</script></head>' +
      '<body><p>x</p><script>(self.__next_f=self.__next_f||[]).push([0])</script>' +
      '<script type="application/ld+json">{"a":1}</script><SCRIPT\n>upper()</SCRIPT ></body></html>';
    expect(inlineScripts(html)).toEqual(['boot()', '(self.__next_f=self.__next_f||[]).push([0])', '{"a":1}', 'upper()']);
  });

  it('reads quoted attribute values that hold ">" or "src=" as values, not as the end of the tag or a src', () => {
    expect(inlineScripts('<script data-x="a>b src=c">one()</script><script title=\'src\'>two()</script>')).toEqual(['one()', 'two()']);
    expect(inlineScripts('<script SRC=/x.js></script><script data-src="y">three()</script>')).toEqual(['three()']);
  });

  it('is not fooled by names that only begin with "script" and ends a script at the first "</script"', () => {
    expect(inlineScripts('<scripts>no</scripts><script>a("</scripty>")</script>')).toEqual(['a("</scripty>")']);
    expect(inlineScripts('<script>a()</script\t>')).toEqual(['a()']);
  });

  it('turns CR LF and lone CR into LF as the HTML parser does, and keeps empty scripts', () => {
    expect(inlineScripts('<script>a()\r\nb()\rc()</script><script></script>')).toEqual(['a()\nb()\nc()', '']);
  });

  it('stops at a script that never ends', () => {
    expect(inlineScripts('<script>a()</script><script>b(')).toEqual(['a()']);
  });
});

describe('scriptHash and the policy', () => {
  it('hashes the UTF-8 text in base64 as a CSP source', () => {
    expect(scriptHash('')).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
    expect(scriptHash('é')).toBe(hashOf('é'));
  });

  it('adds hashes to script-src only, and leaves a policy without inline scripts as it was', () => {
    const base = "default-src 'self'; script-src 'self'; style-src 'self'";
    expect(withHashes(base, ["'sha256-A'", "'sha256-B'"])).toBe(
      "default-src 'self'; script-src 'self' 'sha256-A' 'sha256-B'; style-src 'self'",
    );
    expect(withHashes(base, [])).toBe(base);
    expect(policyForPage(base, '<p>no scripts</p>')).toBe(base);
  });

  it('hashes the bytes of a page as the browser reads them: UTF-8 as it is, CR LF and lone CR as LF', () => {
    const page = Buffer.from('<p>’</p><script>a("é")\r\nb()\rc()</script><script>d("’")</script>', 'utf8');
    expect(policyForPage("script-src 'self'", page)).toBe(`script-src 'self' ${hashOf('a("é")\nb()\nc()')} ${hashOf('d("’")')}`);
  });

  it('names a script that appears twice once', () => {
    const policy = policyForPage("script-src 'self'", '<script>a()</script><script>a()</script>');
    expect(policy).toBe(`script-src 'self' ${hashOf('a()')}`);
  });
});

describe('rememberedPage', () => {
  const policyOf = (address: string, base: string, page: Buffer, rewrite?: (page: Buffer) => Buffer) =>
    rememberedPage(address, base, page, rewrite).policy;

  it('reuses a policy only for the same page at the same address, and works out a changed page anew', () => {
    const base = "script-src 'self'";
    const first = Buffer.from('<script>a()</script>');
    expect(policyOf('/remembered', base, first)).toBe(`${base} ${hashOf('a()')}`);
    expect(policyOf('/remembered', base, Buffer.from(first))).toBe(`${base} ${hashOf('a()')}`);
    expect(policyOf('/remembered', base, Buffer.from('<script>b()</script>'))).toBe(`${base} ${hashOf('b()')}`);
    expect(policyOf('/remembered', "script-src 'none'", Buffer.from('<script>b()</script>'))).toBe(`script-src 'none' ${hashOf('b()')}`);
  });

  it('hashes the page as rewritten, rewrites the same page once, and not with another rewrite', () => {
    const base = "script-src 'self'";
    const page = Buffer.from('<script>a()</script>');
    let calls = 0;
    const rewrite = (bytes: Buffer) => {
      calls++;
      return Buffer.from(bytes.toString().replace('a()', 'c()'));
    };
    const finished = rememberedPage('/rewritten', base, page, rewrite);
    expect(finished.body.toString()).toBe('<script>c()</script>');
    expect(finished.policy).toBe(`${base} ${hashOf('c()')}`);
    expect(rememberedPage('/rewritten', base, Buffer.from(page), rewrite)).toBe(finished);
    expect(calls).toBe(1);
    expect(rememberedPage('/rewritten', base, page).body.toString()).toBe('<script>a()</script>');
  });
});

describe('hashInlineScripts on a response', () => {
  const policy = "default-src 'self'; script-src 'self'";
  const compress = compression();
  let server: http.Server;
  let origin: string;

  // Stands in for Next: compression takes over write() and end(), then the configured headers are set, then
  // the body goes out — for "/stream" as Next streams a dynamic page (flushHeaders, then several writes).
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      hashInlineScripts(response, request.url === '/rewritten' ? (page) => Buffer.from(`${page}<script>added()</script>`) : undefined);
      compress(request, response, () => {});
      response.setHeader('Content-Security-Policy', policy);
      if (request.url === '/script.js') {
        response.setHeader('Content-Type', 'text/javascript');
        response.end('run()');
        return;
      }
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      if (request.url === '/stream') {
        response.flushHeaders();
        response.write('<html><body><script>one()</script>');
        response.write(new TextEncoder().encode('<p>é</p><script>two("é")</script>'.padEnd(2000, ' ')));
        response.end('</body></html>');
        return;
      }
      const page = '<html><script>self.__next_f.push([1,"x"])</script></html>';
      // As Next sends a whole page: its length told first.
      response.setHeader('Content-Length', Buffer.byteLength(page));
      response.end(page);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers a whole HTML page with the hashes of its own inline scripts', async () => {
    const answer = await fetch(`${origin}/`);
    expect(await answer.text()).toBe('<html><script>self.__next_f.push([1,"x"])</script></html>');
    expect(answer.headers.get('content-security-policy')).toBe(`${policy} ${hashOf('self.__next_f.push([1,"x"])')}`);
  });

  it('holds a streamed page until it ends and hashes what it held, before compression, when gzip is accepted', async () => {
    const answer = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(`${origin}/stream`, { headers: { 'accept-encoding': 'gzip' } }, resolve),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of answer) chunks.push(chunk as Buffer);
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(Buffer.concat(chunks)).toString('utf8')).toContain('<script>two("é")</script>');
    expect(answer.headers['content-security-policy']).toBe(`${policy} ${hashOf('one()')} ${hashOf('two("é")')}`);
  });

  it('sends the page as rewritten, with its length and the hashes of the scripts it ends up with', async () => {
    const answer = await fetch(`${origin}/rewritten`);
    const page = '<html><script>self.__next_f.push([1,"x"])</script></html><script>added()</script>';
    expect(await answer.text()).toBe(page);
    expect(answer.headers.get('content-length')).toBe(String(Buffer.byteLength(page)));
    expect(answer.headers.get('content-security-policy')).toBe(`${policy} ${hashOf('self.__next_f.push([1,"x"])')} ${hashOf('added()')}`);
  });

  it('lets anything but HTML through untouched', async () => {
    const answer = await fetch(`${origin}/script.js`);
    expect(await answer.text()).toBe('run()');
    expect(answer.headers.get('content-security-policy')).toBe(policy);
  });
});
