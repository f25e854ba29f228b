import { randomUUID } from 'node:crypto';
import { and, asc, eq, ne } from 'drizzle-orm';
import { createElement } from 'react';
import type { Executor } from '@/db/client';
import { articles, authors, issues } from '@/db/schema';
import { articleIsPublished } from '@/lib/articles/visibility';
import { config } from '@/lib/config';
import { formatIssueDate } from '@/lib/issues/dates';
import { newMessageId } from '@/lib/mail/bulk';
import type { MailMessage } from '@/lib/mail/message';
import { preparePart, rawPart, type PreparedPart } from '@/lib/mail/prepared-part';
import { renderMessage } from '@/lib/mail/render';
import { BriefingEmail } from '@/lib/mail/templates/BriefingEmail';
import { listUnsubscribeHeaders, preferencesUrl } from '@/lib/mail/unsubscribe';
import { absoluteUrl, paths, siteName, truncate } from '@/lib/site';

/**
 * The briefing email of one issue. A send renders it once (prepareBriefing: React Email, the slow part) with a
 * stand-in address where each recipient's link to their email preferences (where they can stop the briefing) goes,
 * and then makes each recipient's copy by putting their signed link in its place (briefingFor: string joins, no
 * rendering). A staff test send (subscriberId null) gets a copy of its own that names no subscriber: "[Test]" in the
 * subject, no preferences link and no List-Unsubscribe headers.
 */

export type BriefingRecipient = { subscriberId: number | null /* null: a staff test send */; email: string };

export type PreparedBriefing = {
  issueId: number;
  date: string;
  /** The subscribers' subject; a test copy's is "[Test] " and this. */
  subject: string;
  /** A subscriber's copy, split at the stand-in for their preferences page: joined with the escaped link. */
  html: string[];
  text: string[];
  /** The same, encoded once for every copy (lib/mail/prepared-part.ts). */
  parts: { html: PreparedPart; text: PreparedPart };
  /** The test copy, whole. */
  test: { html: string; text: string };
  /** List-Id: the site's name and briefing.<host of SITE_URL>. */
  listId: string;
  /** Null when the standfirsts are whole; else the length they were cut to (0: left out) to keep under HTML_BUDGET. */
  standfirstLimit: number | null;
};

/**
 * Gmail shows "[Message clipped]" and hides the rest — the footer's unsubscribe link with it — once a message's HTML
 * passes 102 KB. The briefing aims well below, leaving room for each recipient's links and for a larger issue.
 */
export const HTML_BUDGET = 90_000;
/** How far standfirsts are cut, in turn, until the HTML fits the budget (0: left out; the articles stay). */
const STANDFIRST_LIMITS = [null, 600, 300, 150, 0] as const;

export class IssueNotFoundError extends Error {
  name = 'IssueNotFoundError';
}

/** The stand-in for the preferences page: absolute (render.ts checks), and unique, so no article text can contain it. */
function standIn(): string {
  return `https://preferences.invalid/${randomUUID()}`;
}

/** "The Fortnightly Briefing — 15 September 2010" */
export function briefingSubject(date: string): string {
  return `${siteName()} — ${formatIssueDate(date)}`.replace(/[\r\n]+/g, ' ');
}

/**
 * `The Fortnightly Briefing <briefing.briefing.example.org>` (RFC 2919): the site's name as a phrase of plain words
 * (no quotes: nodemailer would encode the whole header), and the list's own name under the site's host.
 */
function listId(): string {
  const host = new URL(config().SITE_URL).hostname;
  const name = siteName()
    .replace(/["\\<>()[\],;:@\s]+/g, ' ')
    .trim();
  return `${name} <briefing.${host.includes('.') ? host : `${host}.localdomain`}>`.trim();
}

/**
 * `withDrafts`: the editors' preview of an issue still being written (/admin/articles/<id>/preview) lists its drafts
 * too, where they will be once published; a send never does.
 */
export async function prepareBriefing(executor: Executor, issueId: number, { withDrafts = false } = {}): Promise<PreparedBriefing> {
  const [issue] = await executor.select({ id: issues.id, date: issues.date }).from(issues).where(eq(issues.id, issueId));
  if (!issue) throw new IssueNotFoundError(`There is no issue ${issueId}.`);
  const rows = await executor
    .select({ slug: articles.slug, title: articles.title, standfirst: articles.standfirst, author: authors.name })
    .from(articles)
    .innerJoin(authors, eq(authors.id, articles.authorId))
    // Drafts and unpublished articles are not the readers' (lib/articles/visibility.ts).
    .where(and(eq(articles.issueId, issueId), withDrafts ? ne(articles.status, 'unpublished') : articleIsPublished))
    .orderBy(asc(articles.position));
  const subject = briefingSubject(issue.date);
  const base = {
    siteName: siteName(),
    subject,
    date: formatIssueDate(issue.date),
    issueUrl: absoluteUrl(paths.issue(issue.date)),
  };
  const articlesCut = (limit: number | null) =>
    rows.map((row) => {
      const url = absoluteUrl(paths.article(issue.date, row.slug));
      const standfirst = limit === null ? row.standfirst : limit === 0 ? '' : truncate(row.standfirst, limit);
      // The article page's response form is in <section id="respond"> (components/ResponsesSection.tsx).
      return { title: row.title, author: row.author, standfirst, url, respondUrl: `${url}#respond` };
    });
  const placeholder = standIn();
  const envelope = { to: 'recipient@example.org', subject };
  // The whole standfirsts when they fit in HTML_BUDGET; otherwise each cut shorter until the message fits.
  let standfirstLimit: number | null = null;
  let subscriberCopy: MailMessage;
  for (let step = 0; ; step += 1) {
    standfirstLimit = STANDFIRST_LIMITS[step]!;
    subscriberCopy = await renderMessage(
      envelope,
      createElement(BriefingEmail, { ...base, articles: articlesCut(standfirstLimit), preferencesUrl: placeholder }),
    );
    if (Buffer.byteLength(subscriberCopy.html) <= HTML_BUDGET || step === STANDFIRST_LIMITS.length - 1) break;
  }
  const testCopy = await renderMessage(
    envelope,
    createElement(BriefingEmail, { ...base, articles: articlesCut(standfirstLimit), preferencesUrl: null }),
  );
  const html = subscriberCopy.html.split(placeholder);
  const text = subscriberCopy.text.split(placeholder);
  return {
    issueId,
    date: issue.date,
    subject,
    html,
    text,
    parts: { html: preparePart('text/html', html), text: preparePart('text/plain', text) },
    test: { html: testCopy.html, text: testCopy.text },
    listId: listId(),
    standfirstLimit,
  };
}

/**
 * A link put into the rendered HTML unescaped by React, so it is checked here: the site's address (scheme, host,
 * port: config refuses anything more), a fixed path, a numeric id and a base64url token. Nothing in it can end an
 * attribute or start a tag; its `&` are escaped as React would.
 */
const SAFE_LINK = /^https?:\/\/[A-Za-z0-9.:[\]-]+\/[a-z/]*\?purpose=briefing&id=\d+&token=[A-Za-z0-9_-]+$/;

export class UnsafeLinkError extends Error {
  name = 'UnsafeLinkError';
}

function checked(link: string): string {
  if (!SAFE_LINK.test(link)) throw new UnsafeLinkError(`"${link}" is not a preferences link that can go into a message as it is.`);
  return link;
}

/**
 * One recipient's copy: cheap (string joins), with their signed preferences link, a Message-ID of its own and the
 * list headers. Throws UnsafeLinkError for an id that is not a positive integer.
 */
export function briefingFor(prepared: PreparedBriefing, recipient: BriefingRecipient): MailMessage & { messageId: string } {
  const messageId = newMessageId();
  if (recipient.subscriberId === null) {
    return {
      to: recipient.email,
      subject: `[Test] ${prepared.subject}`,
      html: prepared.test.html,
      text: prepared.test.text,
      headers: { 'List-Id': prepared.listId },
      messageId,
    };
  }
  if (!Number.isSafeInteger(recipient.subscriberId) || recipient.subscriberId <= 0)
    throw new UnsafeLinkError(`${recipient.subscriberId} is not a subscriber id.`);
  const id = String(recipient.subscriberId);
  const page = checked(preferencesUrl('briefing', id));
  const inHtml = page.replaceAll('&', '&amp;');
  return {
    to: recipient.email,
    subject: prepared.subject,
    html: prepared.html.join(inHtml),
    text: prepared.text.join(page),
    encoded: { html: rawPart(prepared.parts.html, inHtml), text: rawPart(prepared.parts.text, page) },
    // One-click https (RFC 8058) and mailto: addresses for this subscriber; both signed by DKIM (lib/mail/dkim.ts).
    headers: { 'List-Id': prepared.listId, ...listUnsubscribeHeaders('briefing', id) },
    messageId,
  };
}
