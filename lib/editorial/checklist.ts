import { fromMarkdown } from 'mdast-util-from-markdown';
import type { ArticleStatus, ResponseMode } from '@/db/schema';
import { safeHref } from '@/lib/articles/markup';

/**
 * The checklist an issue (or one article) goes through before it is published: findings that block publishing
 * and findings that only warn. Pure, like lib/moderation/rules.ts: it sees only what it is given — which of this
 * site's addresses exist is worked out by the caller (lib/editorial/checklist-data.ts) from `siteLinks`.
 */

export type Finding = {
  level: 'block' | 'warn';
  /** The article it is about; none for the issue as a whole. */
  article?: { id: number; title: string };
  field?: 'title' | 'standfirst' | 'body' | 'invitation' | 'author' | 'summary' | 'articles';
  message: string;
};

export type ChecklistArticle = {
  id: number;
  title: string;
  standfirst: string;
  body: string;
  invitation: string;
  authorId: number | null;
  responsesMode: ResponseMode;
  status: ArticleStatus;
};

export type ChecklistIssue = { date: string; summary: string; articles: readonly ChecklistArticle[] };

export type ChecklistContext = {
  /** The site's own origin (SITE_URL): absolute links to it are checked like site-relative ones. */
  siteUrl: string;
  /** Addresses of this site that readers will find, as `siteLinks` names them (`/issues/<date>/<slug>` …). */
  existing: ReadonlySet<string>;
};

/** Fewer words than this in a body is worth a second look (a paste that went wrong, a stub). */
export const SHORT_BODY_WORDS = 80;

/**
 * "TK" (to come): the journalists' mark for something still to be written. As a whole word in capitals, also
 * doubled ("TKTK"); "tk" in other words or cases is left alone (Tk, the toolkit; "Atkins").
 */
const PLACEHOLDER = /(?<![\p{L}\p{N}_])(?:TK)+(?![\p{L}\p{N}_])/u;

/** A page of this site that a link can name and the checklist can look up. */
export type SiteLink = { kind: 'issue'; date: string } | { kind: 'article'; date: string; slug: string } | { kind: 'author'; slug: string };

const SITE_PATH = /^\/(?:issues\/(\d{4}-\d{2}-\d{2})(?:\/([^/]+))?|authors\/([^/]+))(?:\/.*)?$/;

/** The address `siteLinks` uses for a page: the key of `existing`. */
export function addressOf(link: SiteLink): string {
  if (link.kind === 'author') return `/authors/${link.slug}`;
  return link.kind === 'issue' ? `/issues/${link.date}` : `/issues/${link.date}/${link.slug}`;
}

/** The path on this site `url` goes to, or null when it leaves the site (or is only a fragment or mail). */
function sitePath(url: string, siteUrl: string): string | null {
  const href = safeHref(url);
  if (!href || href.startsWith('#') || /^mailto:/i.test(href)) return null;
  let parsed: URL;
  try {
    parsed = new URL(href, siteUrl);
  } catch {
    return null;
  }
  if (parsed.origin !== new URL(siteUrl).origin) return null;
  return decodeURIComponent(parsed.pathname).replace(/\/+$/, '') || '/';
}

/** Every address written in a body's links and link definitions, in order. */
function linkUrls(body: string): string[] {
  const urls: string[] = [];
  const walk = (node: { type: string; url?: string; children?: unknown[] }) => {
    if ((node.type === 'link' || node.type === 'definition') && typeof node.url === 'string') urls.push(node.url);
    for (const child of node.children ?? []) walk(child as typeof node);
  };
  walk(fromMarkdown(body));
  return urls;
}

/** The issue, article and author pages of this site a body links to (the other pages of the site are not checked). */
export function siteLinks(body: string, siteUrl: string): SiteLink[] {
  return linkUrls(body).flatMap((url): SiteLink[] => {
    const path = sitePath(url, siteUrl);
    const match = path ? SITE_PATH.exec(path) : null;
    if (!match) return [];
    const [, date, slug, author] = match;
    if (author) return [{ kind: 'author', slug: author }];
    return slug ? [{ kind: 'article', date: date!, slug }] : [{ kind: 'issue', date: date! }];
  });
}

/** Links that lead nowhere: refused by the renderer (a javascript: link, say), or plain http to another site. */
function linkWarnings(body: string): string[] {
  return linkUrls(body).flatMap((url) => {
    if (!safeHref(url)) return [`The link “${url}” will not work: only web, mail and this site’s addresses are linked.`];
    if (/^http:\/\//i.test(url.trim())) return [`The link “${url}” is not secure (http): use https if the site has it.`];
    return [];
  });
}

const FIELD_WORDS = { title: 'title', standfirst: 'standfirst', body: 'body', invitation: 'closing invitation' } as const;

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** What one article that is about to be read needs, and what is worth a look. */
export function checkArticle(article: ChecklistArticle, context: ChecklistContext): Finding[] {
  const about = { id: article.id, title: article.title.trim() || `article ${article.id}` };
  const findings: Finding[] = [];
  const block = (field: Finding['field'], message: string) => findings.push({ level: 'block', article: about, field, message });
  const warn = (field: Finding['field'], message: string) => findings.push({ level: 'warn', article: about, field, message });

  if (!article.title.trim()) block('title', 'It has no title.');
  if (!article.body.trim()) block('body', 'It has no text.');
  if (article.authorId === null) block('author', 'It has no author.');
  for (const field of ['title', 'standfirst', 'body', 'invitation'] as const)
    if (PLACEHOLDER.test(article[field])) block(field, `Its ${FIELD_WORDS[field]} still has “TK” (text to come).`);
  const missing = new Set<string>();
  for (const link of siteLinks(article.body, context.siteUrl)) {
    const address = addressOf(link);
    if (context.existing.has(address) || missing.has(address)) continue;
    missing.add(address);
    block('body', `Its text links to ${address}, which is not a page on this site.`);
  }

  if (!article.standfirst.trim()) warn('standfirst', 'It has no standfirst: the issue page and the email show none.');
  if (!article.invitation.trim() && article.responsesMode !== 'closed')
    warn('invitation', 'It takes responses but has no closing invitation asking for them.');
  const words = wordCount(article.body);
  if (words > 0 && words < SHORT_BODY_WORDS) warn('body', `Its text is very short (${words} words).`);
  for (const message of linkWarnings(article.body)) warn('body', message);
  return findings;
}

/**
 * The whole issue before it is published: it needs articles, and each article that will be read (drafts, which
 * publishing publishes, and those already published) is checked; unpublished ones stay unpublished.
 */
export function checkIssue(issue: ChecklistIssue, context: ChecklistContext): Finding[] {
  const read = issue.articles.filter((article) => article.status !== 'unpublished');
  if (read.length === 0) return [{ level: 'block', field: 'articles', message: 'The issue has no articles.' }];
  const findings: Finding[] = [];
  if (PLACEHOLDER.test(issue.summary)) findings.push({ level: 'block', field: 'summary', message: 'The issue’s summary still has “TK”.' });
  if (!issue.summary.trim()) findings.push({ level: 'warn', field: 'summary', message: 'The issue has no summary.' });
  const titles = new Map<string, number>();
  for (const article of read) {
    const title = article.title.trim().toLowerCase();
    if (title && titles.has(title))
      findings.push({
        level: 'warn',
        article: { id: article.id, title: article.title.trim() },
        field: 'title',
        message: `Another article of the issue has the same title.`,
      });
    titles.set(title, article.id);
  }
  return [...findings, ...read.flatMap((article) => checkArticle(article, context))];
}

/** The findings that stop publishing: none, and it may go ahead. */
export function blocking(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.level === 'block');
}
