import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { articles } from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import { currentUser, type CurrentUser } from '@/lib/auth/session';
import { articleIdOf, PREVIEW_ADDRESS } from './article-paths';

/**
 * The preview of an article is for those who edit it. To anyone else it does not exist — a 404, not a 403 and not
 * a sign-in page — so that a draft's address says nothing about whether there is a draft behind it.
 */

/** The viewer, when they may preview articles; null for a reader or a signed-out visitor. */
export async function previewViewer(): Promise<CurrentUser | null> {
  const viewer = await currentUser();
  return viewer && can(viewer, 'edit-issues') ? viewer : null;
}

/** 404 for the preview of an article that is not there or not the viewer's to see; null for any other address. */
export async function articlePreviewStatus(pathname: string): Promise<404 | null> {
  const segment = PREVIEW_ADDRESS.exec(pathname)?.[1];
  if (segment === undefined) return null;
  if (!(await previewViewer())) return 404;
  // The segment as the page will read it (Next decodes its params), and an id the integer column can hold.
  const id = articleIdOf(decodedSegment(segment));
  if (id === null) return 404;
  const db = await getDb();
  const [found] = await db.select({ id: articles.id }).from(articles).where(eq(articles.id, id));
  return found ? null : 404;
}

function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
