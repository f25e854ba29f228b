// Reading pages start Next's scripts when the reader first reaches for the page, not while it loads. A reading
// page is whole without JavaScript (every link and form works without it), and its scripts — React, Next's router
// and the page's few interactive parts, some 360 KB — only make later clicks faster and forms answer in place. Run
// during load they cost a phone's main thread a second and delay the largest paint behind their download
// (Lighthouse: performance 88–92, where the page without them scores 100). So on these pages each of Next's
// external scripts is replaced by one small inline loader, which adds them, unchanged, at the first pointer over
// the page, touch, key or focus: on a desktop, the moment the mouse moves; by keyboard, the first Tab. Until then
// a click is an ordinary navigation or form post, which the server answers as it does with JavaScript off. Next's
// inline scripts (the RSC payload, Turbopack's chunk list) stay: they only store data for the scripts to read.
// Plain JavaScript, for server.mjs (plain Node). See "Scripts on reading pages" in ARCHITECTURE.md.

// Staff pages start their scripts at once: the editor autosaves and previews as the editor types, and the moderation
// queue answers its keys from the first press.
const STAFF_PAGES = /^\/(?:admin|moderation)(?:[/?#]|$)/;

/**
 * Whether the page at this address waits for the reader's intent before starting its scripts: every page but staff
 * pages.
 * @param {string | undefined} url the request's target
 */
export function startsScriptsOnIntent(url) {
  return !STAFF_PAGES.test(url ?? '/');
}

/** What counts as reaching for the page. Scrolling does not: a reader who only reads needs no scripts. */
export const INTENT_EVENTS = ['pointerover', 'pointerdown', 'touchstart', 'keydown', 'focusin'];

// An external script element as React writes it: attributes in double quotes, nothing between the tags.
const EXTERNAL_SCRIPT = /<script((?:\s+[a-zA-Z-]+(?:="[^"]*")?)*)\s*><\/script>/g;
// A preload of a script (Next preloads its main chunk), which would download what is now deferred.
const SCRIPT_PRELOAD = /<link((?:\s+[a-zA-Z-]+(?:="[^"]*")?)*)\s*\/?>/g;
const ATTRIBUTE = /\s+([a-zA-Z-]+)(?:="([^"]*)")?/g;
// React's hydration puts a textarea that was sent with text in it back to that text (react-dom's initTextarea sets
// its value from its content; an input, by contrast, keeps what was typed). On a page with such a field — one's own
// response to edit, a draft brought back, a form sent back with its text after a refusal — what the reader typed
// before the scripts ran would be lost when they did, and the reader starts the scripts by typing. Such a page keeps
// its scripts as Next wrote them. (React escapes ">" in attribute values, so the tag ends at the first ">".)
const TEXTAREA_WITH_TEXT = /<textarea\b[^>]*>(?!<\/textarea>)/i;

/** @param {string} attributes */
function attributesOf(attributes) {
  /** @type {Map<string, string>} */
  const map = new Map();
  for (const [, name, value] of attributes.matchAll(ATTRIBUTE)) map.set(name.toLowerCase(), decodeAttribute(value ?? ''));
  return map;
}

/** The entities React escapes in attribute values (&, ", ', <, >), as a browser decodes them. */
function decodeAttribute(value) {
  return value.replace(
    /&(amp|quot|#x27|#39|lt|gt);/g,
    (_, name) => ({ amp: '&', quot: '"', '#x27': "'", '#39': "'", lt: '<', gt: '>' })[name],
  );
}

/**
 * The loader: adds the scripts, in their order, at the first intent event. `scripts` is [src, nomodule] pairs.
 * @param {[string, boolean][]} scripts
 */
export function loaderScript(scripts) {
  // In a script element, "<" could end it ("</script") or open a comment ("<!--"): written as \u003c instead.
  const list = JSON.stringify(scripts.map(([src, noModule]) => (noModule ? [src, 1] : [src]))).replace(/</g, '\\u003c');
  const events = JSON.stringify(INTENT_EVENTS);
  return (
    `(function(s,e){var o={capture:true,passive:true};function go(){e.forEach(function(t){removeEventListener(t,go,o)});` +
    `s.forEach(function(a){var c=document.createElement("script");c.src=a[0];c.async=true;if(a[1])c.noModule=true;` +
    `document.head.appendChild(c)})}e.forEach(function(t){addEventListener(t,go,o)})})(${list},${events})`
  );
}

/**
 * The page with Next's external scripts (async, or nomodule) and script preloads taken out and one inline loader
 * where the first of them stood. A page without such scripts, or with a textarea holding text, comes back as it was
 * (the same Buffer).
 * @param {Buffer} page UTF-8 HTML
 * @returns {Buffer}
 */
export function deferScripts(page) {
  // Read as latin1, one character per byte, so that cutting and joining keeps every other byte as it was.
  const html = page.toString('latin1');
  if (TEXTAREA_WITH_TEXT.test(html)) return page;
  /** @type {[string, boolean][]} */
  const scripts = [];
  let first = -1;
  let removed = 0;
  let out = html.replace(EXTERNAL_SCRIPT, (tag, attributes, offset) => {
    const attrs = attributesOf(attributes);
    const src = attrs.get('src');
    const noModule = attrs.has('nomodule');
    if (!src || !(attrs.has('async') || noModule)) return tag;
    scripts.push([src, noModule]);
    if (first === -1) first = offset - removed;
    removed += tag.length;
    return '';
  });
  if (scripts.length === 0) return page;
  out = out.slice(0, first) + `<script>${loaderScript(scripts)}</script>` + out.slice(first);
  out = out.replace(SCRIPT_PRELOAD, (tag, attributes) => {
    const attrs = attributesOf(attributes);
    return attrs.get('rel')?.toLowerCase() === 'preload' && attrs.get('as')?.toLowerCase() === 'script' ? '' : tag;
  });
  return Buffer.from(out, 'latin1');
}
