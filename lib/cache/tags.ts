/**
 * Cache tags: every cached page and query names the data it was made from, and every write names what it
 * changed, so that a change shows at once and nothing else is thrown away.
 */
export const tags = {
  /** Issues, articles and authors: what an import or an edit of an issue changes. */
  content: 'content',
  /** The responses under one article (its page and its response pages). */
  responses: (articleId: number) => `responses:${articleId}`,
  /** The response counts shown on issue and archive pages. */
  responseCounts: 'response-counts',
} as const;

/** The NOTIFY channel on which writers announce changed tags to every server process (lib/cache/bus.ts). */
export const CACHE_CHANNEL = 'briefings_cache';
