import { describe, expect, it } from 'vitest';
import { articleHtml, escapeHtml, paragraphsOf, splitInvitation } from './body';

describe('paragraphsOf', () => {
  it('splits on blank lines, trimming and dropping empty paragraphs', () => {
    expect(paragraphsOf('One.\n\nTwo.')).toEqual(['One.', 'Two.']);
    expect(paragraphsOf('\n\n  One.  \n \t\n\n\nTwo.\n\n')).toEqual(['One.', 'Two.']);
    expect(paragraphsOf('One.\r\n\r\nTwo.')).toEqual(['One.', 'Two.']);
  });

  it('keeps a single line break inside its paragraph', () => {
    expect(paragraphsOf('Line one\nline two')).toEqual(['Line one\nline two']);
  });

  it('gives nothing for an empty body', () => {
    expect(paragraphsOf('')).toEqual([]);
    expect(paragraphsOf(' \n\n ')).toEqual([]);
  });
});

describe('splitInvitation', () => {
  it('takes the closing invitation to respond out of the paragraphs', () => {
    const invitation = 'If you are passionate about this – we would like to hear from you.';
    expect(splitInvitation(['One.', 'Two.', invitation])).toEqual({ paragraphs: ['One.', 'Two.'], invitation });
    expect(splitInvitation(['We would like to HEAR FROM YOU'])).toEqual({ paragraphs: [], invitation: 'We would like to HEAR FROM YOU' });
  });

  it('leaves articles without a closing invitation alone', () => {
    expect(splitInvitation(['We would like to hear from you.', 'The end.'])).toEqual({
      paragraphs: ['We would like to hear from you.', 'The end.'],
    });
    expect(splitInvitation(['Nice to hear from yourself.'])).toEqual({ paragraphs: ['Nice to hear from yourself.'] });
    expect(splitInvitation([])).toEqual({ paragraphs: [] });
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;',
    );
  });

  it('escapes an ampersand once, leaving existing entities visible as text', () => {
    expect(escapeHtml('&amp; &lt;')).toBe('&amp;amp; &amp;lt;');
    expect(escapeHtml('plain – “text”')).toBe('plain – “text”');
  });
});

describe('articleHtml', () => {
  it('sets the standfirst in italics and each paragraph in its own <p>', () => {
    expect(articleHtml('The lede.', 'One.\n\nTwo.')).toBe('<p><em>The lede.</em></p>\n<p>One.</p>\n<p>Two.</p>');
  });

  it('escapes markup in the standfirst and the body', () => {
    const html = articleHtml('A <b>bold</b> "lede"', "Safe & sound.\n\n<script>alert('x')</script>");
    expect(html).toBe(
      '<p><em>A &lt;b&gt;bold&lt;/b&gt; &quot;lede&quot;</em></p>\n' +
        '<p>Safe &amp; sound.</p>\n' +
        '<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>',
    );
    expect(html).not.toContain('<script');
  });
});
