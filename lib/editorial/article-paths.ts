/** The article editor's addresses, in one place for the pages, their forms' redirects and the proxy. */
export const articlePaths = {
  editor: (articleId: number) => `/admin/articles/${articleId}`,
  revisions: (articleId: number) => `/admin/articles/${articleId}/revisions`,
  preview: (articleId: number) => `/admin/articles/${articleId}/preview`,
};

/** The preview page's address, whose id the proxy reads to answer 404 to anyone who may not see it. */
export const PREVIEW_ADDRESS = /^\/admin\/articles\/([1-9]\d{0,9})\/preview$/;

/** The article's id from its address: digits only, within an integer column, or none. */
export function articleIdOf(segment: string): number | null {
  return /^[1-9]\d{0,9}$/.test(segment) && Number(segment) <= 2 ** 31 - 1 ? Number(segment) : null;
}
