/** The editorial admin's addresses, in one place: pages link with these and actions redirect to them. */
export const editorialPaths = {
  issues: '/admin/issues',
  issue: (date: string) => `/admin/issues/${date}`,
  publish: (date: string) => `/admin/issues/${date}/publish`,
  article: (articleId: number) => `/admin/articles/${articleId}`,
  authors: '/admin/authors',
  author: (authorId: number) => `/admin/authors/${authorId}`,
};
