import { and, eq } from 'drizzle-orm';
import { articles, issues } from '@/db/schema';

/**
 * What readers may see: an article that is published, in an issue that is published. A draft is the editors'
 * alone, and an unpublished article answers 410 Gone (lib/articles/gone.ts); neither is listed, counted, sent or
 * answerable anywhere a reader looks. Every read for readers that joins articles to issues uses these.
 */
export const articleIsPublished = eq(articles.status, 'published');
export const issueIsPublished = eq(issues.status, 'published');
export const readable = and(articleIsPublished, issueIsPublished)!;
