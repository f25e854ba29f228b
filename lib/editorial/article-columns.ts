import { articles } from '@/db/schema';

/**
 * The columns of `articles` that hold an article's fields (./article-fields.ts: fieldsOfRow reads a row of them
 * back), for a query that reads them or a revision that keeps them. Not in article-fields.ts, which the editor's
 * client code imports: this names the table.
 */
export const articleFieldColumns = {
  title: articles.title,
  slug: articles.slug,
  standfirst: articles.standfirst,
  body: articles.body,
  invitation: articles.invitation,
  authorId: articles.authorId,
  responsesMode: articles.responsesMode,
  responsesNote: articles.responsesNote,
};
