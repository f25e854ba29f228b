import { createElement } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from './message';

// Every message is rendered here as it is sent: HTML and plain text from one React Email template.
beforeAll(() => {
  process.env.SITE_URL = 'https://briefing.example.org';
  process.env.AUTH_SECRET = 'a-test-secret-that-is-long-enough-to-sign-with';
});

const ARTICLE = { title: 'We should value “local” diversity', url: 'https://briefing.example.org/issues/2010-09-15/local-diversity' };
const USER = '5f0c7a4e-3d5c-4c41-9a53-2f1f0d2b6a10';
const SIGN_IN_URL = 'https://briefing.example.org/signin/confirm?token=abc&email=reader%40example.org';

async function signIn(): Promise<MailMessage> {
  const { signInMessage } = await import('./templates/SignInEmail');
  return signInMessage('reader@example.org', SIGN_IN_URL, new Date(Date.now() + 24 * 60 * 60_000));
}

async function reply(overrides: { replierName?: string | null; replyBody?: string } = {}): Promise<MailMessage> {
  const { replyMessage } = await import('@/lib/responses/notify');
  return replyMessage({
    to: 'author@example.org',
    recipientId: USER,
    replierName: 'Grace Replier',
    replyId: 42,
    replyBody: 'I see it differently.',
    article: ARTICLE,
    ...overrides,
  });
}

async function subscriptionConfirm(): Promise<MailMessage> {
  const { subscriptionConfirmMessage } = await import('./templates/SubscriptionConfirmEmail');
  return subscriptionConfirmMessage('reader@example.org', 'https://briefing.example.org/subscribe/confirm?subscriber=7&token=abc');
}

async function alreadySubscribed(): Promise<MailMessage> {
  const { alreadySubscribedMessage } = await import('./templates/AlreadySubscribedEmail');
  return alreadySubscribedMessage('reader@example.org');
}

const messages = { 'sign-in': signIn, reply, 'subscription-confirm': subscriptionConfirm, 'already-subscribed': alreadySubscribed };

describe.each(Object.entries(messages))('the %s message', (_, make) => {
  it('declares both colour schemes, so clients that support dark mode do not invert it', async () => {
    const { html } = await make();
    expect(html).toContain('<meta name="color-scheme" content="light dark"/>');
    expect(html).toContain('<meta name="supported-color-schemes" content="light dark"/>');
    expect(html).toMatch(/@media \(prefers-color-scheme: dark\)/);
  });

  it('links only to absolute addresses', async () => {
    const { html } = await make();
    const addresses = [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((match) => match[1]);
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(address).toMatch(/^https:\/\/briefing\.example\.org\//);
  });

  it('sets a background wherever it sets a text colour, so no client pairs its text with a background it chose', async () => {
    const { html } = await make();
    const coloured = [...html.matchAll(/style="([^"]*)"/g)].map((match) => match[1]!).filter((style) => /(^|;)color:/.test(style));
    expect(coloured.length).toBeGreaterThan(0);
    for (const style of coloured) expect(style).toMatch(/(^|;)background-color:#/);
  });

  it('gives the button a background and a border of its own, so it keeps its shape and contrast when inverted', async () => {
    const { html } = await make();
    expect(html).toMatch(/<a class="mail-button"[^>]*style="[^"]*background-color:#0b3d6e;border:2px solid #0b3d6e;[^"]*color:#ffffff/);
  });

  it('is far below the 102 KB at which Gmail clips a message', async () => {
    const { html, text } = await make();
    expect(Buffer.byteLength(html) + Buffer.byteLength(text)).toBeLessThan(20 * 1024);
  });
});

describe('the sign-in message', () => {
  it('says what the link is for and how long it works, with the link written out in the text', async () => {
    const message = await signIn();
    expect(message.subject).toBe('Sign in to The Fortnightly Briefing');
    expect(message.text).toBe(
      [
        'Someone — we hope you — asked to sign in to The Fortnightly Briefing with this address.',
        'Open the link below and press the button on that page to finish signing in. The link works once, for 24 hours.',
        `Sign in:\n${SIGN_IN_URL}`,
        '--',
        'If you did not ask, ignore this message: nothing happens without that button.',
      ].join('\n\n'),
    );
    expect(message.html).toContain(`href="${SIGN_IN_URL.replace('&', '&amp;')}"`);
    expect(message.html).toContain('>Sign in</span>');
  });
});

describe('the subscription confirmation message', () => {
  it('says what was asked and that nothing is sent without the button, with the link written out in the text', async () => {
    const message = await subscriptionConfirm();
    expect(message.subject).toBe('Confirm your subscription to The Fortnightly Briefing');
    expect(message.text).toBe(
      [
        'Someone — we hope you — asked for The Fortnightly Briefing to be emailed to this address.',
        'Open the link below and press the button on that page to confirm. The link works for 7 days.',
        'Confirm your subscription:\nhttps://briefing.example.org/subscribe/confirm?subscriber=7&token=abc',
        '--',
        'If you did not ask, ignore this message: without that button, nothing is sent to you.',
      ].join('\n\n'),
    );
  });
});

describe('the reply message', () => {
  it('names the replier and the article, quotes the reply, and links to it and to unsubscribing', async () => {
    const message = await reply();
    expect(message.subject).toBe('Grace Replier replied to you on “We should value “local” diversity”');
    expect(message.text).toContain(
      'Grace Replier replied to your response on “We should value “local” diversity”:\n\nI see it differently.',
    );
    expect(message.text).toContain(`Read the reply:\n${ARTICLE.url}#response-42`);
    expect(message.text).toMatch(
      /You get these emails because you respond on The Fortnightly Briefing\. To stop them: https:\/\/briefing\.example\.org\/notifications\/unsubscribe\?purpose=replies&id=[\w-]+&token=[\w-]+$/,
    );
    expect(message.headers).toEqual({
      'List-Unsubscribe': expect.stringMatching(/^<https:\/\/briefing\.example\.org\/api\/notifications\/unsubscribe\?purpose=replies&id=/),
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('calls an unnamed replier "A reader"', async () => {
    const message = await reply({ replierName: null });
    expect(message.subject).toMatch(/^A reader replied to you on/);
    expect(message.text).toMatch(/^A reader replied to your response on/);
  });

  it('escapes a hostile name and reply in the HTML, and keeps them as written in the text', async () => {
    const name = 'Eve <script>alert("name")</script>';
    const body = `"Quoted" <img src=x onerror="alert('reply')"> & <b>bold</b>`;
    const message = await reply({ replierName: name, replyBody: body });
    expect(message.html).not.toMatch(/<script|<img|<b>|onerror="/i);
    expect(message.html).toContain('Eve &lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;');
    expect(message.html).toContain(
      '&quot;Quoted&quot; &lt;img src=x onerror=&quot;alert(&#x27;reply&#x27;)&quot;&gt; &amp; &lt;b&gt;bold&lt;/b&gt;',
    );
    expect(message.text).toContain(name);
    expect(message.text).toContain(body);
  });

  it('cuts a long reply to 500 characters', async () => {
    const message = await reply({ replyBody: 'word '.repeat(1000) });
    const quoted = message.text.split('\n\n')[1]!;
    expect(quoted).toHaveLength(498);
    expect(quoted.endsWith('…')).toBe(true);
  });
});

describe('renderMessage', () => {
  it('refuses a template that links to a relative address', async () => {
    const { renderMessage, RelativeLinkError } = await import('./render');
    const { ReplyEmail } = await import('./templates/ReplyEmail');
    const email = createElement(ReplyEmail, {
      siteName: 'The Briefing',
      replier: 'Grace',
      articleTitle: 'Title',
      excerpt: 'Text',
      replyUrl: '/issues/2010-09-15/local-diversity#response-42',
      unsubscribeUrl: 'https://briefing.example.org/notifications/unsubscribe',
    });
    await expect(renderMessage({ to: 'a@example.org', subject: 'x' }, email)).rejects.toThrow(RelativeLinkError);
  });
});
