import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ArticleBody, safeHref } from './markup';

const html = (markup: string) => renderToStaticMarkup(<ArticleBody markup={markup} />);

describe('the article markup', () => {
  it('renders paragraphs, headings below the title, emphasis, links, quotes and lists', () => {
    expect(html('# A heading\n\nSome *words* and **more** [here](https://example.org).\n\n> Quoted\n\n1. one\n2. two')).toBe(
      '<h2>A heading</h2>\n<p>Some <em>words</em> and <strong>more</strong> <a href="https://example.org">here</a>.</p>\n<blockquote>\n<p>Quoted</p>\n</blockquote>\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>',
    );
  });

  it('never renders raw HTML, and unwraps what it does not allow to its text', () => {
    const out = html(
      '<script>alert(1)</script>\n\nA <b onclick="x()">bold</b> claim and `code`.\n\n![a picture](https://example.org/p.png)',
    );
    expect(out).not.toMatch(/<script|<b |onclick|<img|<code/);
    expect(out).toContain('code');
  });

  it('keeps the words of a link to an unsafe address, without the link', () => {
    expect(html('[click](javascript:alert(1)) and [data](data:text/html,x)')).toBe('<p>click and data</p>');
  });

  it('keeps links to the web, mail and this site', () => {
    for (const href of ['https://example.org/a', 'http://example.org', 'mailto:someone@example.org', '/issues/2010-09-15', '#respond'])
      expect(safeHref(href)).toBe(href);
    for (const href of ['//evil.example', 'javascript:x', 'vbscript:x', 'data:x', 'ftp://x']) expect(safeHref(href)).toBe('');
  });
});
