import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import { eq, inArray } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { articles, issues } from '@/db/schema';
import { verifyDkim } from '@/test/dkim';
import { withMailOutbox } from '@/test/mail-outbox';
import { withRealIssue } from '@/test/real-issue';

// The briefing of the real issue (content/briefing-2010-09-15.txt), rendered once and copied for each recipient;
// sent through the bulk mailer's outbox (no SMTP here; lib/mail/bulk.test.ts has the SMTP path), DKIM-signed.
withMailOutbox('briefing-email');
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
Object.assign(process.env, {
  SITE_URL: 'https://briefing.example.org',
  MAIL_FROM: 'The Fortnightly Briefing <briefing@example.org>',
  DKIM_DOMAIN: 'example.org',
  DKIM_SELECTOR: 'briefing2026',
  DKIM_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
});

const { db, site } = withRealIssue();
const briefing = () => import('./briefing-email');

const SUBJECT = 'The Fortnightly Briefing — 15 September 2010';
const ISSUE = 'https://briefing.example.org/issues/2010-09-15';

async function prepared() {
  const { prepareBriefing } = await briefing();
  return prepareBriefing(db(), site().issueId);
}

async function realArticles() {
  return db()
    .select({ slug: articles.slug, title: articles.title, standfirst: articles.standfirst })
    .from(articles)
    .where(eq(articles.issueId, site().issueId))
    .orderBy(articles.position);
}

// The recipient's email preferences page (h-prefs's /email), where they can stop the briefing.
const preferencesLink = /https:\/\/briefing\.example\.org\/email\?purpose=briefing&id=(\d+)&token=([\w-]+)/;

describe('the briefing email of the real issue', () => {
  it('has the issue date in the subject and, for each article, its title, author, standfirst and a link to respond', async () => {
    const { briefingFor } = await briefing();
    const message = briefingFor(await prepared(), { subscriberId: 42, email: 'reader@example.org' });
    expect(message.subject).toBe(SUBJECT);
    const rows = await realArticles();
    expect(rows.length).toBeGreaterThan(0);
    expect(message.text).toContain(`${SUBJECT}\n`);
    for (const row of rows) {
      expect(message.text).toContain(row.title);
      expect(message.text).toContain(row.standfirst.replace(/\s+/g, ' '));
      // The article page's response form: <section id="respond"> in components/ResponsesSection.tsx.
      expect(message.text).toContain(`Read and respond:\n${ISSUE}/${row.slug}#respond`);
      expect(message.html).toContain(`href="${ISSUE}/${row.slug}#respond"`);
    }
    expect(message.text).toContain('by Stian Westlake');
    expect(message.html).toContain(`href="${ISSUE}"`);
  });

  it('links only to absolute addresses on the site', async () => {
    const { briefingFor } = await briefing();
    const message = briefingFor(await prepared(), { subscriberId: 42, email: 'reader@example.org' });
    const addresses = [...message.html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((match) => match[1]);
    expect(addresses.length).toBeGreaterThan(3);
    for (const address of addresses) expect(address).toMatch(/^https:\/\/briefing\.example\.org\//);
  });

  it('declares both colour schemes and sets a background wherever it sets a text colour (dark mode)', async () => {
    const { briefingFor } = await briefing();
    const { html } = briefingFor(await prepared(), { subscriberId: 42, email: 'reader@example.org' });
    expect(html).toContain('<meta name="color-scheme" content="light dark"/>');
    expect(html).toMatch(/@media \(prefers-color-scheme: dark\)/);
    const coloured = [...html.matchAll(/style="([^"]*)"/g)].map((match) => match[1]!).filter((style) => /(^|;)color:/.test(style));
    expect(coloured.length).toBeGreaterThan(3);
    for (const style of coloured) expect(style).toMatch(/(^|;)background-color:#/);
  });

  it('is under the 102 KB at which Gmail clips a message, with the standfirsts whole', async () => {
    const { briefingFor } = await briefing();
    const briefingOf = await prepared();
    const { html } = briefingFor(briefingOf, { subscriberId: 42, email: 'reader@example.org' });
    expect(Buffer.byteLength(html)).toBeLessThan(102_000);
    expect(briefingOf.standfirstLimit).toBeNull();
  });
});

describe("each recipient's copy", () => {
  it('carries their own signed link to change or stop the briefing, visibly in both parts, escaped in the HTML', async () => {
    const { briefingFor } = await briefing();
    const { checkUnsubscribeToken } = await import('@/lib/mail/unsubscribe');
    const message = briefingFor(await prepared(), { subscriberId: 42, email: 'reader@example.org' });
    const [link, id, token] = message.text.match(preferencesLink)!;
    expect(id).toBe('42');
    expect(checkUnsubscribeToken({ purpose: 'briefing', id: '42', token: token! })).toBe(true);
    expect(message.text).toMatch(/To change what you get or stop it: https:\/\/briefing\.example\.org\/email\?/);
    expect(message.html).toContain(`href="${link.replaceAll('&', '&amp;')}"`);
    expect(message.html).toContain(`>${link.replaceAll('&', '&amp;')}</a>`);
    expect(message.html).not.toMatch(/email\?purpose=briefing&id/); // every & escaped
    expect(`${message.html}${message.text}`).not.toContain('preferences.invalid');
  });

  it('has the list headers: one-click unsubscribe (HTTPS and mailto), List-Id, and a Message-ID of its own on our domain', async () => {
    const { briefingFor } = await briefing();
    const { checkUnsubscribeToken } = await import('@/lib/mail/unsubscribe');
    const briefingOf = await prepared();
    const message = briefingFor(briefingOf, { subscriberId: 42, email: 'reader@example.org' });
    expect(message.headers).toEqual({
      'List-Id': 'The Fortnightly Briefing <briefing.briefing.example.org>',
      'List-Unsubscribe': expect.stringMatching(
        /^<https:\/\/briefing\.example\.org\/api\/notifications\/unsubscribe\?purpose=briefing&id=42&token=[\w-]+>, <mailto:unsubscribe@example\.org\?subject=unsubscribe%20briefing%2042%20[\w-]+>$/,
      ),
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    const token = message.headers!['List-Unsubscribe']!.match(/token=([\w-]+)>/)![1]!;
    expect(checkUnsubscribeToken({ purpose: 'briefing', id: '42', token })).toBe(true);
    expect(message.messageId).toMatch(/^<[0-9a-f-]{36}@example\.org>$/);
    expect(briefingFor(briefingOf, { subscriberId: 42, email: 'reader@example.org' }).messageId).not.toBe(message.messageId);
  });

  it("differs from another recipient's only in the links that name them", async () => {
    const { briefingFor } = await briefing();
    const briefingOf = await prepared();
    const first = briefingFor(briefingOf, { subscriberId: 42, email: 'first@example.org' });
    const second = briefingFor(briefingOf, { subscriberId: 7, email: 'second@example.org' });
    expect(second.to).toBe('second@example.org');
    expect(second.text.match(preferencesLink)![1]).toBe('7');
    const anonymous = (text: string) => text.replace(new RegExp(preferencesLink.source.replaceAll('&', '&(?:amp;)?'), 'g'), 'LINK');
    expect(anonymous(second.html)).toBe(anonymous(first.html));
    expect(anonymous(second.text)).toBe(anonymous(first.text));
  });

  it('is made without rendering again: the template renders once, when the briefing is prepared', async () => {
    const render = await import('@/lib/mail/render');
    const renders = vi.spyOn(render, 'renderMessage');
    const { briefingFor } = await briefing();
    const briefingOf = await prepared();
    const counted = renders.mock.calls.length;
    expect(counted).toBeGreaterThan(0); // prepareBriefing rendered through the spy
    for (let id = 1; id <= 50; id += 1) briefingFor(briefingOf, { subscriberId: id, email: `reader${id}@example.org` });
    expect(renders.mock.calls.length).toBe(counted);
    renders.mockRestore();
  });

  it('refuses a recipient whose id is not a subscriber id, rather than put it into a link', async () => {
    const { briefingFor, UnsafeLinkError } = await briefing();
    const briefingOf = await prepared();
    for (const subscriberId of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2])
      expect(() => briefingFor(briefingOf, { subscriberId, email: 'reader@example.org' })).toThrow(UnsafeLinkError);
  });
});

describe('a staff test copy', () => {
  it('is marked "[Test]" and names nobody: no unsubscribe link or headers', async () => {
    const { briefingFor } = await briefing();
    const message = briefingFor(await prepared(), { subscriberId: null, email: 'editor@example.org' });
    expect(message.subject).toBe(`[Test] ${SUBJECT}`);
    expect(message.headers).toEqual({ 'List-Id': 'The Fortnightly Briefing <briefing.briefing.example.org>' });
    expect(`${message.html}${message.text}`).not.toMatch(/unsubscribe|\/email\?/i);
    expect(message.text).toContain('A test copy for staff');
    for (const row of await realArticles()) expect(message.text).toContain(`${ISSUE}/${row.slug}#respond`);
  });
});

describe('an issue written to break the email', () => {
  let issueId: number;
  afterAll(async () => {
    if (issueId) await db().delete(issues).where(eq(issues.id, issueId));
  });

  it('escapes its text, and a stand-in address written into an article stays as written', async () => {
    const [issue] = await db().insert(issues).values({ date: '2010-10-01' }).returning({ id: issues.id });
    issueId = issue!.id;
    await db().insert(articles).values({
      issueId,
      position: 1,
      slug: 'hostile',
      title: 'Tags <script>alert("title")</script> & "quotes"',
      standfirst: 'See https://preferences.invalid/anything and <img src=x onerror="alert(1)">',
      body: 'Body.',
      authorId: site().authorId,
      status: 'published',
      publishedAt: new Date(),
    });
    const { prepareBriefing, briefingFor } = await briefing();
    const message = briefingFor(await prepareBriefing(db(), issueId), { subscriberId: 42, email: 'reader@example.org' });
    expect(message.subject).toBe('The Fortnightly Briefing — 1 October 2010');
    expect(message.html).not.toMatch(/<script|<img/);
    expect(message.html).toContain('Tags &lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(message.text).toContain('See https://preferences.invalid/anything and');
  });

  it('fits under the clipping limit at the largest size the issue format allows, cutting standfirsts to fit', async () => {
    const { LIMITS } = await import('@/lib/issues/format');
    const [issue] = await db().insert(issues).values({ date: '2010-10-15' }).returning({ id: issues.id });
    await db()
      .insert(articles)
      .values(
        Array.from({ length: LIMITS.articles }, (_, n) => ({
          issueId: issue!.id,
          position: n + 1,
          slug: `a-long-article-slug-to-make-the-links-long-${n + 1}`,
          title: `${n + 1} ${'Title '.repeat(LIMITS.title / 6)}`.slice(0, LIMITS.title),
          standfirst: `Standfirst ${n + 1}: ${'words and more words '.repeat(LIMITS.standfirst / 21)}`.slice(0, LIMITS.standfirst),
          body: 'Body.',
          authorId: site().authorId,
          status: 'published' as const,
          publishedAt: new Date(),
        })),
      );
    const { prepareBriefing, briefingFor, HTML_BUDGET } = await briefing();
    const briefingOf = await prepareBriefing(db(), issue!.id);
    await db().delete(issues).where(eq(issues.id, issue!.id));
    expect(briefingOf.standfirstLimit).toBeGreaterThan(0);
    const message = briefingFor(briefingOf, { subscriberId: 2_147_483_647, email: 'reader@example.org' });
    expect(Buffer.byteLength(message.html)).toBeLessThan(102_000);
    expect(Buffer.byteLength(message.html)).toBeLessThan(HTML_BUDGET + 1_000);
    expect(message.text).toMatch(/Standfirst 50: words and more words .*…\n/);
    expect(message.text).toMatch(/To change what you get or stop it: https:\/\/\S+id=2147483647&token=/);
    // The whole issue still there: every article's link to respond.
    expect(message.text.match(/Read and respond:\n/g)).toHaveLength(LIMITS.articles);
  });

  it('carries the published articles only: not a draft, nor one unpublished', async () => {
    const hidden = await db()
      .insert(articles)
      .values(
        [
          { slug: 'still-a-draft', title: 'Still a draft', status: 'draft' as const, publishedAt: null, position: 20 },
          { slug: 'taken-down', title: 'Taken down', status: 'unpublished' as const, publishedAt: new Date(), position: 21 },
        ].map((article) => ({ ...article, issueId: site().issueId, standfirst: 'Hidden.', body: 'Body.', authorId: site().authorId })),
      )
      .returning({ id: articles.id });
    const { briefingFor } = await briefing();
    const message = briefingFor(await prepared(), { subscriberId: 42, email: 'reader@example.org' });
    await db()
      .delete(articles)
      .where(
        inArray(
          articles.id,
          hidden.map((row) => row.id),
        ),
      );
    expect(message.text).toContain('We should value local diversity');
    for (const text of [message.text, message.html]) {
      expect(text).not.toMatch(/Still a draft|Taken down|still-a-draft|taken-down/);
    }
  });

  it('is refused for an issue that does not exist', async () => {
    const { prepareBriefing, IssueNotFoundError } = await briefing();
    await expect(prepareBriefing(db(), 999_999)).rejects.toThrow(IssueNotFoundError);
  });
});

describe('sent through the bulk mailer', () => {
  it('arrives with its headers, signed with DKIM over the unsubscribe headers', async () => {
    const { briefingFor } = await briefing();
    const { openBulkMailer } = await import('@/lib/mail/bulk');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const mailer = openBulkMailer();
    const message = briefingFor(await prepared(), { subscriberId: 42, email: 'reader@example.org' });
    const sent = await mailer.send(message);
    await mailer.close();
    log.mockRestore();
    expect(sent.messageId).toBe(message.messageId);
    const eml = fs.readFileSync(sent.response.replace(/^written to /, ''), 'utf8');
    expect(eml).toMatch(/^Subject: /m);
    expect(eml).toContain(`Message-ID: ${message.messageId}`);
    expect(eml).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(eml).toMatch(/^List-Id: The Fortnightly Briefing <briefing\.briefing\.example\.org>$/im);
    // Its parts, encoded once for the whole send (lib/mail/prepared-part.ts), read back as this recipient's copy.
    const parsed = await simpleParser(eml);
    expect(parsed.html).toBe(message.html);
    expect(parsed.text).toBe(message.text.replace(/\r\n/g, '\n'));
    const result = verifyDkim(eml, publicKey);
    expect(result.ok).toBe(true);
    expect(result.tags!.h!.toLowerCase().split(':')).toEqual(
      expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'list-id']),
    );
  });
});
