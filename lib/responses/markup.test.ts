import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ResponseBody } from '@/components/ResponseBody';
import { XSS_PAYLOADS } from '@/test/fixtures/xss-payloads';
import { parseInline, parseMarkup, plainText, safeHref } from './markup';

const render = (source: string) => renderToStaticMarkup(createElement(ResponseBody, { source }));

const ALLOWED_TAGS = new Set(['p', 'br', 'em', 'strong', 'a', 'blockquote', 'ul', 'ol', 'li']);

/** Every tag in the output is from the allowlist, every attribute is href or rel on a link, every href is http(s) or mailto. */
function expectHarmless(html: string, source: string) {
  for (const [, closing, name, attributes] of html.matchAll(/<(\/?)([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    expect(ALLOWED_TAGS.has(name!.toLowerCase()), `tag <${name}> from ${JSON.stringify(source)}`).toBe(true);
    if (closing) continue;
    const attrs = [...attributes!.matchAll(/\s([^\s=/]+)(?:="([^"]*)")?/g)];
    for (const [, attr, value] of attrs) {
      expect(name === 'a' && (attr === 'href' || attr === 'rel'), `attribute ${attr} on <${name}> from ${JSON.stringify(source)}`).toBe(
        true,
      );
      if (attr === 'href') expect(value, `href from ${JSON.stringify(source)}`).toMatch(/^(https?:\/\/[^\s"]+|mailto:[^\s"]+)$/);
      if (attr === 'rel') expect(value).toBe('ugc nofollow noopener noreferrer');
    }
    // Nothing outside a quoted attribute value that looks like another attribute.
    expect(attributes!.replace(/="[^"]*"/g, '')).toMatch(/^(\s+(href|rel))*\s*\/?$/);
  }
}

describe('the response renderer against hostile text', () => {
  it(`has a fixture of at least 150 payloads (${XSS_PAYLOADS.length})`, () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(150);
  });

  it.each(XSS_PAYLOADS.map((payload) => [payload]))('renders %j with nothing executable', (payload) => {
    expectHarmless(render(payload), payload);
  });

  it('shows tags as the text they were typed as', () => {
    expect(render('<b>bold?</b> <script>alert(1)</script>')).toBe('<p>&lt;b&gt;bold?&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });
});

describe('the markup readers may use', () => {
  it('paragraphs and line breaks', () => {
    expect(render('One\ntwo\n\n\nThree')).toBe('<p>One<br/>two</p><p>Three</p>');
  });

  it('emphasis, strong, and escapes; snake_case stays', () => {
    expect(render('*a* **b** _c_ __d__ snake_case_word \\*e\\*')).toBe(
      '<p><em>a</em> <strong>b</strong> <em>c</em> <strong>d</strong> snake_case_word *e*</p>',
    );
  });

  it('links and bare addresses, with ugc rel and sentence punctuation left out', () => {
    expect(render('[NESTA report](https://www.nesta.org.uk/report/mass-localism/), see https://example.org/a.')).toBe(
      '<p><a href="https://www.nesta.org.uk/report/mass-localism/" rel="ugc nofollow noopener noreferrer">NESTA report</a>, see <a href="https://example.org/a" rel="ugc nofollow noopener noreferrer">https://example.org/a</a>.</p>',
    );
    expect(render('[write to us](mailto:editor@example.org)')).toContain('href="mailto:editor@example.org"');
    expect(render('[not a link](ftp://example.org)')).toBe('<p>[not a link](ftp://example.org)</p>');
  });

  it('quotes and lists', () => {
    expect(render('> Quoted\n> words\n\nReply')).toBe('<blockquote><p>Quoted<br/>words</p></blockquote><p>Reply</p>');
    expect(render('- one\n- two\n\n1. first\n2. second')).toBe('<ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol>');
  });

  it('no link inside a link', () => {
    const [link] = parseInline('[see https://a.example](https://b.example)');
    expect(link).toEqual({ type: 'link', href: 'https://b.example/', children: [{ type: 'text', text: 'see https://a.example' }] });
  });

  it('safeHref takes only http, https and mailto without credentials', () => {
    expect(safeHref('https://example.org/x?y=1#z')).toBe('https://example.org/x?y=1#z');
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,x',
      '//example.org',
      'https://u:p@example.org',
      'https://exa mple.org',
      'https://example.org/"x',
    ]) {
      expect(safeHref(bad), bad).toBeNull();
    }
  });

  it('plainText keeps the words only', () => {
    expect(plainText(parseMarkup('> *Quoted*\n\nSee [the report](https://example.org)\n- one\n- two'))).toBe(
      'Quoted See the report one; two',
    );
  });

  it('renders right-to-left text and emoji as they are', () => {
    expect(render('مرحبا بالعالم 🙂 שלום')).toBe('<p>مرحبا بالعالم 🙂 שלום</p>');
  });
});
