// A file of public/ asked for with another method than GET or HEAD: Next 16 answers by rendering a '/405' page,
// which an App Router app does not have, so the answer is a 500 — anyone could fill the error counts and the 5xx
// alerts by posting to /icon.svg. server.mjs answers those itself: 405 with Allow, before Next sees them.
// Plain JavaScript, for server.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { pathWithoutQuery } from './request-path.mjs';

/**
 * The URL paths of the files under `folder` (public/), read once at start: Next serves public/ as it was at start
 * too.
 * @param {string} folder
 * @returns {Set<string>}
 */
export function publicPaths(folder) {
  if (!fs.existsSync(folder)) return new Set();
  const files = /** @type {string[]} */ (fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }));
  return new Set(files.filter((file) => fs.statSync(path.join(folder, file)).isFile()).map((file) => `/${file.split(path.sep).join('/')}`));
}

/**
 * Answers 405 when `request` writes to one of `paths`; true when it did.
 * @param {Set<string>} paths
 * @param {{ method?: string, url?: string }} request
 * @param {import('node:http').ServerResponse} response
 */
export function refuseWriteToStaticFile(paths, request, response) {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  let pathname;
  try {
    pathname = decodeURIComponent(pathWithoutQuery(request.url));
  } catch {
    return false; // a malformed address is Next's (400)
  }
  if (!paths.has(pathname)) return false;
  response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store' });
  response.end('This is a file to read: only GET and HEAD are allowed.\n');
  return true;
}
