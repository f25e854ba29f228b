import { createHash, verify, type KeyObject } from 'node:crypto';

/**
 * A DKIM verifier for tests (RFC 6376, rsa-sha256 with relaxed/relaxed canonicalisation, the only kind the app
 * signs), written from the RFC so that a signature is checked by something other than the code that made it.
 * Given the raw message as a mail server received it and the public key DNS would publish.
 */

export type DkimResult = { ok: true; tags: Record<string, string> } | { ok: false; reason: string; tags?: Record<string, string> };

type Header = { name: string; raw: string };

function splitMessage(raw: string): { headers: Header[]; body: string } {
  const message = raw.replace(/\r?\n/g, '\r\n');
  const end = message.indexOf('\r\n\r\n');
  const head = end === -1 ? message : message.slice(0, end + 2);
  const body = end === -1 ? '' : message.slice(end + 4);
  const headers: Header[] = [];
  for (const line of head.split(/\r\n(?![ \t])/)) {
    if (!line) continue;
    const colon = line.indexOf(':');
    headers.push({ name: line.slice(0, colon).trim().toLowerCase(), raw: line.replace(/\r\n$/, '') });
  }
  return { headers, body };
}

/** Relaxed header canonicalisation (RFC 6376 3.4.2). */
function relaxedHeader(raw: string): string {
  const colon = raw.indexOf(':');
  const name = raw.slice(0, colon).trim().toLowerCase();
  const value = raw
    .slice(colon + 1)
    .replace(/\r\n(?=[ \t])/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${name}:${value}`;
}

/** Relaxed body canonicalisation (RFC 6376 3.4.4). */
function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.length ? `${lines.join('\r\n')}\r\n` : '';
}

function parseTags(value: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of value.split(';')) {
    const equals = part.indexOf('=');
    if (equals === -1) continue;
    tags[part.slice(0, equals).replace(/\s+/g, '')] = part.slice(equals + 1).replace(/\s+/g, '');
  }
  return tags;
}

export function verifyDkim(raw: string, publicKey: KeyObject | string): DkimResult {
  const { headers, body } = splitMessage(raw);
  const signature = headers.find((header) => header.name === 'dkim-signature');
  if (!signature) return { ok: false, reason: 'no DKIM-Signature' };
  const tags = parseTags(signature.raw.slice(signature.raw.indexOf(':') + 1));
  if (tags.v !== '1' || tags.a !== 'rsa-sha256' || tags.c !== 'relaxed/relaxed')
    return { ok: false, reason: 'not v=1 rsa-sha256 relaxed/relaxed', tags };
  const bodyHash = createHash('sha256').update(relaxedBody(body)).digest('base64');
  if (bodyHash !== tags.bh) return { ok: false, reason: 'body hash differs', tags };
  // Each name in h= takes the next instance of that header from the bottom up (RFC 6376 5.4.2).
  const used = new Set<Header>();
  let data = '';
  for (const name of (tags.h ?? '').toLowerCase().split(':')) {
    const instance = headers.findLast((header) => header.name === name && header !== signature && !used.has(header));
    if (!instance) continue;
    used.add(instance);
    data += `${relaxedHeader(instance.raw)}\r\n`;
  }
  // The signature header itself, with the value of b= left out, and no line break after it.
  data += relaxedHeader(signature.raw.replace(/(\bb=)[^;]*/, '$1'));
  const ok = verify('sha256', Buffer.from(data), publicKey, Buffer.from(tags.b ?? '', 'base64'));
  return ok ? { ok, tags } : { ok, reason: 'signature does not verify', tags };
}
