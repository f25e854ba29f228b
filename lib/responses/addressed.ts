import 'server-only';
import { rowIdOf } from '@/lib/routing/addresses';
import { readResponse } from './queries';

type Response = NonNullable<Awaited<ReturnType<typeof readResponse>>>;

/** The response an address names (/responses/12, …/reply, …/report, …/delete), or null: no such response, or no id at all. */
export async function responseAt(id: string): Promise<Response | null> {
  const responseId = rowIdOf(id);
  return responseId ? readResponse(responseId) : null;
}

/** Only a published response can be replied to: the reply page treats any other as not there. */
export function isReplyTarget(response: Response | null): response is Response {
  return response?.status === 'published';
}

// /responses/resume is a page of its own, not a response.
const RESPONSE_PAGE = /^\/responses\/(?!resume$)([^/]+)(\/reply|\/report|\/delete)?$/;

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * 404 when `pathname` is one of a response's pages and the page will say the response is not there (by the same
 * two functions the pages use); otherwise the page's own status.
 */
export async function responsePageStatus(pathname: string): Promise<404 | null> {
  const match = RESPONSE_PAGE.exec(pathname);
  if (!match) return null;
  const response = await responseAt(decoded(match[1]!));
  const shown = match[2] === '/reply' ? isReplyTarget(response) : response !== null;
  return shown ? null : 404;
}
