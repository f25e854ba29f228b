/** The address of an issue's publish page, and of the editors' pages it links to. */
export const publishPaths = {
  page: (date: string) => `/admin/issues/${date}/publish`,
  /** The issue editor (its articles, date and summary). */
  issueEditor: (date: string) => `/admin/issues/${date}`,
  articleEditor: (articleId: number) => `/admin/articles/${articleId}`,
};
