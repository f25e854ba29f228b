// The script policy of every HTML page: script-src allows this origin's files and, by SHA-256 hash, exactly the
// inline scripts of that very response — never 'unsafe-inline'. Next inlines its RSC payload (self.__next_f.push)
// and Turbopack's bootstrap as inline scripts; reading pages are cached whole, so a per-request nonce cannot be
// written into them, but their hashes can be read from the finished HTML as it leaves. Plain JavaScript, because
// server.mjs (plain Node) installs it on each response. See "Script policy" in ARCHITECTURE.md.
import { createHash } from 'node:crypto';

const CSP = 'content-security-policy';

// A start tag named "script" (the HTML tokenizer ends the name at whitespace, "/" or ">"), its attributes with
// quoted values that may hold ">", then its text up to the first "</script" the tokenizer would end it at.
const SCRIPT_START = /<script(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const SCRIPT_END = /<\/script(?=[\s/>])/gi;
const ATTRIBUTE_NAME = /([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?/g;

/**
 * Where each inline script's text (a <script> element without a src attribute) starts and ends in an HTML
 * document. A script this scan reads differently from a browser ends up with a hash that matches nothing, so the
 * browser refuses it: an error shows as a blocked script, never as a script allowed by mistake.
 * @param {string} html the document, or its bytes read as latin1 (the tags are ASCII, so the places are the bytes')
 * @returns {[number, number][]}
 */
export function inlineScriptRanges(html) {
  /** @type {[number, number][]} */
  const ranges = [];
  SCRIPT_START.lastIndex = 0;
  let start;
  while ((start = SCRIPT_START.exec(html)) !== null) {
    SCRIPT_END.lastIndex = SCRIPT_START.lastIndex;
    const end = SCRIPT_END.exec(html);
    if (end === null) break;
    if (!hasSrc(start[1])) ranges.push([SCRIPT_START.lastIndex, end.index]);
    SCRIPT_START.lastIndex = end.index;
  }
  return ranges;
}

/**
 * The text of each inline script, as the browser hashes it: the HTML parser turns CR LF and lone CR into LF
 * before the script's text exists.
 * @param {string} html
 * @returns {string[]}
 */
export function inlineScripts(html) {
  return inlineScriptRanges(html).map(([start, end]) => html.slice(start, end).replace(/\r\n?/g, '\n'));
}

/** @param {string} attributes */
function hasSrc(attributes) {
  for (const [, name] of attributes.matchAll(ATTRIBUTE_NAME)) if (name.toLowerCase() === 'src') return true;
  return false;
}

/**
 * A CSP hash source for one script's text (SHA-256 of its UTF-8 bytes, in base64).
 * @param {string | Buffer} text
 */
export function scriptHash(text) {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

/**
 * The policy with the given hash sources added to its script-src directive (which the base policy must have;
 * without one a page keeps its policy unchanged).
 * @param {string} policy
 * @param {string[]} hashes
 */
export function withHashes(policy, hashes) {
  if (hashes.length === 0) return policy;
  return policy
    .split(';')
    .map((directive) => {
      const text = directive.trim();
      return /^script-src\s/i.test(text) ? `${text} ${hashes.join(' ')}` : text;
    })
    .join('; ');
}

/**
 * The policy for an HTML document: the base policy with a hash for each distinct inline script in it. The body's
 * bytes are scanned as latin1 and each script's own bytes hashed, which spares decoding the page as UTF-8 and
 * encoding each script back (together more than half the cost on an article).
 * @param {string} policy
 * @param {Buffer | string} body the document, UTF-8
 */
export function policyForPage(policy, body) {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const text = bytes.toString('latin1');
  const hashes = inlineScriptRanges(text).map(([start, end]) => {
    const script = bytes.subarray(start, end);
    return scriptHash(script.includes(13) ? Buffer.from(text.slice(start, end).replace(/\r\n?/g, '\n'), 'latin1') : script);
  });
  return withHashes(policy, [...new Set(hashes)]);
}

// The last page finished for each address, with the page it was finished from: a cached page goes out as the
// same bytes until it changes, and comparing them (a memcmp) costs a few microseconds where rewriting, scanning and
// hashing cost tens. Equal bytes give equal results, so a result is reused only for the very same page. The oldest
// address is dropped past LAST_PAGES, which bounds the memory to that many pages. Pages for one reader only
// (Cache-Control private or no-store) are never kept.
const LAST_PAGES = 256;
/** @type {Map<string, { page: Buffer, base: string, rewrite: Rewrite, finished: Finished }>} */
const lastPages = new Map();

/** @typedef {(page: Buffer) => Buffer} Rewrite what is done to a page before it is hashed and sent */
/** @typedef {{ body: Buffer, policy: string }} Finished */

/** @type {Rewrite} */
const asItIs = (page) => page;

/**
 * The page rewritten, and its policy: the base policy with the hashes of the rewritten page's inline scripts.
 * @param {string} base
 * @param {Buffer} page
 * @param {Rewrite} rewrite
 * @returns {Finished}
 */
export function finishPage(base, page, rewrite = asItIs) {
  const body = rewrite(page);
  return { body, policy: policyForPage(base, body) };
}

/**
 * finishPage, remembered for the address: the same page at the same address is not rewritten or scanned again.
 * @param {string} address
 * @param {string} base
 * @param {Buffer} page
 * @param {Rewrite} rewrite
 * @returns {Finished}
 */
export function rememberedPage(address, base, page, rewrite = asItIs) {
  const last = lastPages.get(address);
  if (last && last.base === base && last.rewrite === rewrite && last.page.equals(page)) return last.finished;
  const finished = finishPage(base, page, rewrite);
  lastPages.delete(address);
  lastPages.set(address, { page, base, rewrite, finished });
  if (lastPages.size > LAST_PAGES) lastPages.delete(lastPages.keys().next().value);
  return finished;
}

/**
 * Makes an HTML response carry its own script hashes, after `rewrite` (server.mjs passes lib/http/scripts-on-intent
 * for reading pages). Called on each response before Next's handler; it waits
 * for Next to set the configured policy (next.config.ts headers()), which Next does after its compression
 * middleware has taken over write() and end(), so what is held here is the page's own HTML, not gzip. From
 * there an HTML response's body is held until it ends (headers included), its policy is completed, and it is
 * sent in one piece; any other response passes straight through.
 * @param {import('node:http').ServerResponse} response
 * @param {Rewrite} [rewrite]
 */
export function hashInlineScripts(response, rewrite = asItIs) {
  const setHeader = response.setHeader;
  response.setHeader = function (name, value) {
    if (typeof name === 'string' && name.toLowerCase() === CSP) {
      response.setHeader = setHeader;
      holdHtml(response, rewrite);
    }
    return setHeader.call(this, name, value);
  };
}

/**
 * @param {import('node:http').ServerResponse} response
 * @param {Rewrite} rewrite
 */
function holdHtml(response, rewrite) {
  const { write, end, writeHead, flushHeaders } = response;
  /** @type {boolean | undefined} */
  let html;
  const isHtml = () => (html ??= /^\s*text\/html/i.test(String(response.getHeader('content-type') ?? '')));
  /** @type {Buffer[]} */
  const chunks = [];
  /** @type {Function[]} */
  const callbacks = [];
  /** @type {unknown[] | undefined} */
  let head;

  const hold = (chunk, encoding, callback) => {
    if (typeof encoding === 'function') [callback, encoding] = [encoding, undefined];
    if (chunk != null && chunk.length !== 0) {
      // Bytes are not copied (a Buffer view of them): Next hands each chunk over and does not touch it again.
      if (typeof chunk === 'string') chunks.push(Buffer.from(chunk, encoding ?? 'utf8'));
      else chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
    if (typeof callback === 'function') callbacks.push(callback);
  };

  response.writeHead = function (...args) {
    // Headers given here join the response's own before the type is known, as Node would merge them.
    const headers = args.find((arg) => arg !== null && typeof arg === 'object');
    if (headers && !Array.isArray(headers)) {
      for (const [name, value] of Object.entries(headers))
        if (name.toLowerCase() === 'content-type') html = /^\s*text\/html/i.test(String(value));
    }
    if (!isHtml()) return writeHead.apply(this, args);
    head = args;
    return this;
  };
  response.flushHeaders = function () {
    if (!isHtml()) return flushHeaders.call(this);
  };
  response.write = function (chunk, encoding, callback) {
    if (!isHtml()) return write.call(this, chunk, encoding, callback);
    hold(chunk, encoding, callback);
    return true;
  };
  response.end = function (chunk, encoding, callback) {
    if (!isHtml()) return end.call(this, chunk, encoding, callback);
    hold(chunk, encoding, callback);
    Object.assign(response, { write, end, writeHead, flushHeaders });
    let body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    const policy = response.getHeader(CSP);
    if (typeof policy === 'string' && body.length > 0) {
      // Only a page anyone may be sent is remembered: a reader's own page (private, no-store) is not kept.
      const shared = !/private|no-store/i.test(String(response.getHeader('cache-control') ?? ''));
      const finished = shared ? rememberedPage(response.req?.url ?? '', policy, body, rewrite) : finishPage(policy, body, rewrite);
      if (finished.body !== body && response.hasHeader('content-length')) response.setHeader('content-length', finished.body.length);
      body = finished.body;
      response.setHeader(CSP, finished.policy);
    }
    if (head) writeHead.apply(response, head);
    return end.call(response, body, () => callbacks.forEach((done) => done()));
  };
}
