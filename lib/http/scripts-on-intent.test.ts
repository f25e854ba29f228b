import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { deferScripts, INTENT_EVENTS, loaderScript, startsScriptsOnIntent } from './scripts-on-intent.mjs';

// A page as Next 16 (Turbopack) writes one: async chunks and a script preload in the head, a nomodule polyfill, an
// inline chunk list, a last async chunk after it, and the RSC payload's inline scripts.
const PAGE =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/>' +
  '<link rel="stylesheet" href="/_next/static/chunks/a.css?dpl=d1" data-precedence="next"/>' +
  '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/main.js?dpl=d1"/>' +
  '<script src="/_next/static/chunks/one.js?dpl=d1" async=""></script>' +
  '<script src="/_next/static/chunks/two.js?dpl=d1&amp;x=1" async=""></script>' +
  '<script src="/_next/static/chunks/polyfill.js?dpl=d1" noModule=""></script>' +
  '<title>Café — “briefing”</title><link rel="icon" href="/icon.svg"/></head>' +
  '<body><p>é’</p><script id="_R_">(globalThis.TURBOPACK||(globalThis.TURBOPACK=[])).push({})</script>' +
  '<script src="/_next/static/chunks/main.js?dpl=d1" async=""></script>' +
  '<script>(self.__next_f=self.__next_f||[]).push([0])</script><script>self.__next_f.push([1,"x"])</script></body></html>';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** Runs the page's loader script in a stand-in for the browser and returns what it would do. */
function runLoader(html: string) {
  const loader = /<script>(\(function\(s,e\)[^<]*)<\/script>/.exec(html)?.[1];
  if (!loader) throw new Error('no loader in the page');
  const listeners = new Map<string, () => void>();
  const added: { src: string; async: boolean; noModule: boolean }[] = [];
  const document = {
    createElement: () => ({ src: '', async: false, noModule: false }),
    head: { appendChild: (script: (typeof added)[number]) => added.push(script) },
  };
  vm.runInNewContext(loader, {
    document,
    addEventListener: (type: string, listener: () => void) => listeners.set(type, listener),
    removeEventListener: (type: string) => listeners.delete(type),
  });
  return { listeners, added };
}

describe('deferScripts', () => {
  it("takes out Next's external scripts and script preloads, and puts one inline loader where the first stood", () => {
    const out = deferScripts(utf8(PAGE)).toString('utf8');
    expect(out).not.toMatch(/<script[^>]*\ssrc=/);
    expect(out).not.toContain('rel="preload"');
    expect(out).toContain('<link rel="stylesheet" href="/_next/static/chunks/a.css?dpl=d1" data-precedence="next"/><script>(function(s,e)');
    // Everything else is as it was, byte for byte.
    expect(out).toContain('<title>Café — “briefing”</title><link rel="icon" href="/icon.svg"/></head><body><p>é’</p>');
    expect(out).toContain('<script id="_R_">(globalThis.TURBOPACK||(globalThis.TURBOPACK=[])).push({})</script>');
    expect(out).toContain(
      '<script>(self.__next_f=self.__next_f||[]).push([0])</script><script>self.__next_f.push([1,"x"])</script></body></html>',
    );
  });

  it('adds nothing until the reader reaches for the page, then every script once, in order, decoded, as it was', () => {
    const { listeners, added } = runLoader(deferScripts(utf8(PAGE)).toString('utf8'));
    expect([...listeners.keys()]).toEqual(INTENT_EVENTS);
    expect(added).toEqual([]);
    listeners.get('focusin')!();
    expect(added).toEqual([
      { src: '/_next/static/chunks/one.js?dpl=d1', async: true, noModule: false },
      { src: '/_next/static/chunks/two.js?dpl=d1&x=1', async: true, noModule: false },
      { src: '/_next/static/chunks/polyfill.js?dpl=d1', async: true, noModule: true },
      { src: '/_next/static/chunks/main.js?dpl=d1', async: true, noModule: false },
    ]);
    expect(listeners.size).toBe(0);
  });

  it('writes an address that could close the script as an escape, so the loader stays one script', () => {
    const page = '<head><script src="/x.js?a=&lt;/script&gt;&lt;!--" async=""></script></head>';
    const out = deferScripts(utf8(page)).toString('utf8');
    expect(out.match(/<\/script/g)).toHaveLength(1);
    expect(runLoader(out).added).toEqual([]);
    const { listeners, added } = runLoader(out);
    listeners.get('keydown')!();
    expect(added.map((script) => script.src)).toEqual(['/x.js?a=</script><!--']);
  });

  it('leaves a page with a textarea holding text as it was: hydration would put the field back to that text', () => {
    const editing = utf8(PAGE.replace('<p>é’</p>', '<form><textarea name="body" rows="8">My response, as posted.</textarea></form>'));
    expect(deferScripts(editing)).toBe(editing);
    const empty = utf8(PAGE.replace('<p>é’</p>', '<form><textarea name="body" rows="8"></textarea><input name="n" value="x"/></form>'));
    expect(deferScripts(empty).toString('utf8')).not.toMatch(/<script[^>]*\ssrc=/);
  });

  it('leaves a page without deferrable scripts as it was, and a script that must run in place where it is', () => {
    const plain = utf8('<p>no scripts</p><script>inline()</script>');
    expect(deferScripts(plain)).toBe(plain);
    const blocking = utf8('<script src="/blocking.js"></script><link rel="preload" as="script" href="/blocking.js"/>');
    expect(deferScripts(blocking)).toBe(blocking);
  });
});

describe('loaderScript', () => {
  it('is plain ES5 for the oldest browsers that still run it', () => {
    expect(() => new vm.Script(loaderScript([['/a.js', false]]))).not.toThrow();
    expect(loaderScript([['/a.js', false]])).not.toMatch(/=>|\blet\b|\bconst\b|`/);
  });
});

describe('startsScriptsOnIntent', () => {
  it('holds back the scripts of every page but the staff pages', () => {
    for (const url of ['/', '/issues', '/issues/2010-09-15/a-slug', '/authors/x', '/search?q=a', '/account', '/signin', '/administer'])
      expect(startsScriptsOnIntent(url), url).toBe(true);
    for (const url of ['/admin', '/admin/issues', '/admin?x=1', '/moderation', '/moderation/queue'])
      expect(startsScriptsOnIntent(url), url).toBe(false);
  });
});
