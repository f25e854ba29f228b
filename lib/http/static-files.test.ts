import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { publicPaths, refuseWriteToStaticFile } from './static-files.mjs';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-public-'));
fs.writeFileSync(path.join(folder, 'icon.svg'), '<svg/>');
fs.mkdirSync(path.join(folder, 'fonts'));
fs.writeFileSync(path.join(folder, 'fonts', 'a b.woff2'), '');
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

/** What a server answering with refuseWriteToStaticFile (else 200 "next") says to `method url`. */
async function answer(method: string, url: string) {
  const paths = publicPaths(folder);
  const server = http.createServer((request, response) => {
    if (!refuseWriteToStaticFile(paths, request, response)) response.end('next');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const response = await fetch(`http://127.0.0.1:${port}${url}`, { method });
    return { status: response.status, allow: response.headers.get('allow'), text: await response.text() };
  } finally {
    server.close();
  }
}

describe('writes to a file of public/', () => {
  it('lists the files as the paths they are served at', () => {
    expect([...publicPaths(folder)].sort()).toEqual(['/fonts/a b.woff2', '/icon.svg']);
    expect(publicPaths(path.join(folder, 'missing')).size).toBe(0);
  });

  it('answers 405 with Allow to POST, PUT and DELETE of such a file, its query or encoding aside', async () => {
    for (const [method, url] of [
      ['POST', '/icon.svg'],
      ['PUT', '/icon.svg?x=1'],
      ['DELETE', '/fonts/a%20b.woff2'],
    ])
      expect(await answer(method!, url!), `${method} ${url}`).toMatchObject({ status: 405, allow: 'GET, HEAD' });
  });

  it('leaves reads of the files, and writes elsewhere or to malformed addresses, to Next', async () => {
    expect(await answer('GET', '/icon.svg')).toMatchObject({ status: 200, text: 'next' });
    expect(await answer('POST', '/issues/2010-09-15/x')).toMatchObject({ status: 200, text: 'next' });
    expect(await answer('POST', '/icon.svg%')).toMatchObject({ status: 200, text: 'next' });
  });
});
