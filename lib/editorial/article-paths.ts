/** The article editor's addresses, in one place for the pages, their forms' redirects and the proxy. */
export const articlePaths = {
  editor: (articleId: number) => `/admin/articles/${articleId}`,
  revisions: (articleId: number) => `/admin/articles/${articleId}/revisions`,
  preview: (articleId: number) => `/admin/articles/${articleId}/preview`,
};

/**
 * The preview page's address, whose id the proxy reads to answer 404 to anyone who may not see it. Any segment, not
 * only a well-formed id: Next routes `/admin/articles/%31/preview`, `/01/preview` or `/abc/preview` to the same page,
 * and each of those must answer 404 too, not the page's "not found" text with 200.
 */
export const PREVIEW_ADDRESS = /^\/admin\/articles\/([^/]+)\/preview$/;

/** The article's id from its address: digits only, within an integer column, or none. */
export function articleIdOf(segment: string): number | null {
  return /^[1-9]\d{0,9}$/.test(segment) && Number(segment) <= 2 ** 31 - 1 ? Number(segment) : null;
}
