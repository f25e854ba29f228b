import { describe, expect, it } from 'vitest';
import { articleHtml, buildRss, escapeHtml, type FeedArticle } from './rss';

const site = { name: 'The Briefing', url: (path: string) => `https://briefing.example.org${path}` };

const article = (overrides: Partial<FeedArticle> = {}): FeedArticle => ({
  date: '2010-09-15',
  publishedAt: '2010-09-15T00:00:00.000Z',
  slug: 'we-should-value-local-diversity',
  title: 'We should value local diversity',
  standfirst: 'All too often a successful local project…',
  body: 'First paragraph, *emphasised*.',
  invitation: 'We would like to hear from you.',
  authorSlug: 'stian-westlake',
  authorName: 'Stian Westlake',
  ...overrides,
});

/** The text of every CDATA section, in order; the document outside them must hold no stray markup. */
function sections(xml: string): { cdata: string[]; outside: string } {
  const cdata: string[] = [];
  const outside = xml.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, text: string) => {
    cdata.push(text);
    return '';
  });
  return { cdata, outside };
}

describe('buildRss', () => {
  it('writes RSS 2.0 with each article in full, linked to this site', async () => {
    const xml = await buildRss(site, [article()]);
    expect(xml).toContain('<rss version="2.0"');
    expect(xml).toContain('<link>https://briefing.example.org/issues/2010-09-15/we-should-value-local-diversity</link>');
    const { cdata } = sections(xml);
    expect(cdata).toContain('We should value local diversity');
    expect(cdata).toContain(
      '<p><em>All too often a successful local project…</em></p><p>First paragraph, <em>emphasised</em>.</p><p>We would like to hear from you.</p>',
    );
  });

  it('makes links to this site’s own pages whole, since a feed reader shows them away from the site', async () => {
    const xml = await buildRss(site, [article({ body: 'See [the archive](/issues) and [elsewhere](https://example.com/x).' })]);
    expect(sections(xml).cdata.join('')).toContain(
      '<a href="https://briefing.example.org/issues">the archive</a> and <a href="https://example.com/x">elsewhere</a>',
    );
  });

  it('never lets article text become markup, in any field', async () => {
    const hostile = '<img src=x onerror=alert(1)> ]]> <script>alert(2)</script> ]]><b>';
    const xml = await buildRss(site, [
      article({ title: hostile, standfirst: hostile, body: hostile, invitation: hostile, authorName: hostile }),
    ]);
    const { cdata, outside } = sections(xml);
    // Nothing escaped out of its CDATA section: outside them there are only the feed's own elements.
    expect(outside).not.toMatch(/<(img|script|b)\b/);
    // The HTML fields (description, content) hold the text escaped, never live tags.
    for (const text of cdata.filter((section) => section.includes('&lt;img'))) expect(text).not.toMatch(/<(img|script)\b/);
    expect(cdata.some((section) => section.includes('&lt;img src=x onerror=alert(1)&gt;'))).toBe(true);
    const item = xml.slice(xml.indexOf('<item>'));
    for (const field of ['description', 'content:encoded']) {
      const html = new RegExp(`<${field}><!\\[CDATA\\[([\\s\\S]*?)\\]\\]></${field}>`).exec(item)?.[1];
      expect(html, field).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
      expect(html, field).not.toMatch(/<(img|script|b)\b/);
    }
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters, an ampersand once', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;',
    );
    expect(escapeHtml('&amp; plain – “text”')).toBe('&amp;amp; plain – “text”');
  });
});

describe('articleHtml', () => {
  it('renders the markup as the article page does, raw HTML tags dropped and unsafe links unlinked', async () => {
    const html = await articleHtml({
      standfirst: 'Lede',
      body: '## Part\n\nA [link](/issues) and [bad](javascript:alert(1)).\n\n<b>x</b>',
      invitation: '',
    });
    expect(html).toBe('<p><em>Lede</em></p><h3>Part</h3>\n<p>A <a href="/issues">link</a> and bad.</p>\n<p>x</p>');
  });
});
