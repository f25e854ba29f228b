import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { EMAIL_ERRORS } from '@/lib/accounts/email-address';
import { StoredEmail } from './StoredEmail';

/** How the people page shows an address (the table cell's content). */

const shown = (email: string) => renderToStaticMarkup(createElement(StoredEmail, { email }));

describe('StoredEmail', () => {
  it('shows a plain address alone', () => {
    expect(shown('name@example.org')).toBe('<bdi class="stored-email">name@example.org</bdi>');
  });

  it('shows an IDN address as stored, then marked as international in its own letters', () => {
    expect(shown('name@xn--bcher-kva.example')).toBe(
      '<bdi class="stored-email">name@xn--bcher-kva.example</bdi>' +
        '<span class="email-note"><strong>International address</strong> (Latin): <bdi>name@bücher.example</bdi></span>',
    );
  });

  it('names both alphabets of a look-alike stored before the rules, and warns that it would be refused', () => {
    const html = shown('\u0430dmin@example.org');

    expect(html).toContain('<strong>International address</strong> (Cyrillic and Latin): <bdi>\u0430dmin@example.org</bdi>');
    expect(html).toContain(
      `<span class="email-note email-note--warning"><strong>Refused for new accounts:</strong> ${EMAIL_ERRORS.mixedScripts}</span>`,
    );
  });

  it('keeps markup in an address as text', () => {
    expect(shown('<b>@example.org')).toContain('&lt;b&gt;@example.org');
  });
});
