/**
 * Cache tags: every cached read names the data it was made from (`readTags`), and every kind of write names what it
 * changed (the `tagsFor…` functions below), so that a change shows at once and nothing else is thrown away. A page
 * carries the tags of every cached read it made, so expiring a tag expires the pages that showed that data.
 *
 * Reads are cached by id (lib/issues/queries.ts finds the id from the address first, uncached), because a write
 * knows the ids it touched but a tag has to be known before the read it labels runs.
 */
export const tags = {
  /**
   * An issue as its pages show it: its date and demo mark, and its articles' titles, standfirsts, slugs, bylines and
   * order. Read by its issue page (and the home page while it is the newest) and by each of its article pages and
   * their response pages ("Also in this issue").
   */
  issue: (issueId: number) => `issue:${issueId}`,
  /** One article's own page data: its text, how it takes responses, when it changed. */
  article: (articleId: number) => `article:${articleId}`,
  /** An author's pages: their name and their published articles. */
  author: (authorId: number) => `author:${authorId}`,
  /** Which issues are published, on which dates: which is the newest (the home page), each issue's previous and next. */
  issueDates: 'issue-dates',
  /** The archive pages: every published issue with its articles' titles and bylines. */
  archive: 'archive',
  /** The feed: the newest articles in full. */
  feed: 'feed',
  /** The sitemap: every published issue and article with when it changed. */
  sitemap: 'sitemap',
  /** The responses under one article (its page and its response pages). */
  responses: (articleId: number) => `responses:${articleId}`,
  /** The response counts shown on issue and archive pages. */
  responseCounts: 'response-counts',
} as const;

/** What each cached read is stored under. */
export const readTags = {
  /** An issue page (or the home page): the issue, and its neighbours by date. */
  issue: (issueId: number) => [tags.issue(issueId), tags.issueDates],
  /** An article page or response page: the article, and its issue (date, demo mark, the other articles). */
  article: ({ articleId, issueId }: { articleId: number; issueId: number }) => [tags.article(articleId), tags.issue(issueId)],
  authorPage: (authorId: number) => [tags.author(authorId)],
  archivePage: () => [tags.archive],
  feed: () => [tags.feed],
  sitemap: () => [tags.sitemap],
  threads: (articleId: number) => [tags.responses(articleId)],
  responseCounts: () => [tags.responseCounts],
};

const unique = (list: string[]) => [...new Set(list)];

/** An author list may hold a draft's missing author (null): nobody's pages list it. */
type AuthorIds = readonly (number | null)[];
const authorTags = (authorIds: AuthorIds) => authorIds.flatMap((id) => (id === null ? [] : [tags.author(id)]));

/**
 * An article changed as readers see it — its text, title, standfirst, slug or byline — or it was added to or taken
 * from a published issue: its own pages, its issue's pages (which list it), the archive, the pages of its author
 * (before and after, if the byline moved), the feed and the sitemap.
 */
export type ArticleChange = { articleId: number; issueId: number; authorIds: AuthorIds };

export function tagsForArticleChange({ articleId, issueId, authorIds }: ArticleChange) {
  return unique([tags.article(articleId), tags.issue(issueId), ...authorTags(authorIds), tags.archive, tags.feed, tags.sitemap]);
}

/**
 * How an article takes responses (its mode): shown on its own page and its response pages only. The write also
 * moves the article's modified time, which the sitemap gives.
 */
export function tagsForArticleModeChange(articleId: number) {
  return [tags.article(articleId), tags.sitemap];
}

/**
 * An issue changed as a whole: published or withdrawn, deleted, its date, its demo mark, or articles added, taken away
 * or reordered. `datesChanged` when it became or stopped being published or moved to another date, which changes
 * which issue is newest and the neighbours of others; `authorIds` are the authors of its articles, before and after.
 * Its article pages carry its tag, so they go with it.
 */
export type IssueChange = { issueId: number; authorIds: AuthorIds; datesChanged: boolean };

export function tagsForIssueChange({ issueId, authorIds, datesChanged }: IssueChange) {
  return unique([
    tags.issue(issueId),
    ...(datesChanged ? [tags.issueDates] : []),
    ...authorTags(authorIds),
    tags.archive,
    tags.feed,
    tags.sitemap,
  ]);
}

/**
 * An author's name (or address) changed: their pages, and every page with their byline — the issues their articles
 * are in (with those articles' own pages), the archive and the feed. The sitemap names no one.
 */
export type AuthorChange = { authorId: number; issueIds: readonly number[] };

export function tagsForAuthorChange({ authorId, issueIds }: AuthorChange) {
  return unique([tags.author(authorId), ...issueIds.map(tags.issue), tags.archive, tags.feed]);
}

/**
 * An import (lib/issues/import.ts): each issue it created or changed is an issue change, and each author it renamed
 * an author change.
 */
export function tagsForImport({ issues, renamedAuthors }: { issues: readonly IssueChange[]; renamedAuthors: readonly AuthorChange[] }) {
  return unique([...issues.flatMap(tagsForIssueChange), ...renamedAuthors.flatMap(tagsForAuthorChange)]);
}

/**
 * Demo issues added or removed in bulk (lib/demo/issues.ts). Added ones are new rows, so no cached read is about
 * them yet: only the lists they join change, and their authors' pages. Removed ones take their own pages with them.
 */
export function tagsForDemoIssues({ removedIssueIds, authorIds }: { removedIssueIds: readonly number[]; authorIds: AuthorIds }) {
  return unique([...removedIssueIds.map(tags.issue), tags.issueDates, ...authorTags(authorIds), tags.archive, tags.feed, tags.sitemap]);
}

/**
 * Responses posted, edited, deleted or moderated under these articles; `countsChanged` when one appeared or went
 * (published or not), which moves the counts on issue and archive pages.
 */
export function tagsForResponsesChange(articleIds: readonly number[], countsChanged: boolean) {
  return unique([...articleIds.map(tags.responses), ...(countsChanged ? [tags.responseCounts] : [])]);
}

/**
 * A reader's name, organisation or role (the staff badge) changed, or their account went: shown on their responses
 * only, under these articles.
 */
export function tagsForRespondentChange(articleIds: readonly number[]) {
  return tagsForResponsesChange(articleIds, false);
}

/** The NOTIFY channel on which writers announce changed tags to every server process (lib/cache/bus.ts). */
export const CACHE_CHANNEL = 'briefings_cache';
