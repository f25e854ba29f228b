import { createHash, timingSafeEqual } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { Refusal, type RefusalCode } from '@/lib/commands/refusal';
import { config } from '@/lib/config';
import { CLIENT_HEADER, PROXIED_HEADER } from '@/lib/http/client-address.mjs';
import { controlToken } from './channel';

/**
 * Every /api/control route handler is made with controlRoute, which answers for it — never cached, nothing done —
 * unless the request is the command line's on this machine:
 *   404 when the channel is not open (the server runs on PostgreSQL, where tools open the database themselves);
 *   403 when it came from another machine: the client address server.mjs recorded is not loopback, or a proxy
 *       passed it along (a command-line tool names no forwarded client) — a proxy on this machine would otherwise
 *       make every visitor look local;
 *   401 without this server's token (compared in constant time).
 * A Refusal from the command becomes its message with a status that fits its code.
 */

export const CONTROL_HEADERS = { 'Cache-Control': 'private, no-store' } as const;

// Not X-Forwarded-For: Next itself adds one to every request it hands a route handler. Whether the request arrived
// with one (nginx on this machine sends that header alone) is what server.mjs recorded in PROXIED_HEADER.
const FORWARDING_HEADERS = ['forwarded', 'x-real-ip'];

function proxied(headers: Headers): boolean {
  return headers.get(PROXIED_HEADER) === '1' || FORWARDING_HEADERS.some((name) => headers.has(name));
}

const REFUSAL_STATUS: Record<RefusalCode, number> = {
  'not-allowed': 403,
  'not-found': 404,
  invalid: 400,
  conflict: 409,
  limited: 429,
  unavailable: 503,
};

export function controlAnswer(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: CONTROL_HEADERS });
}

function isLoopback(address: string | null): boolean {
  return address !== null && ipaddr.isValid(address) && ipaddr.process(address).range() === 'loopback';
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function bearerMatches(authorization: string | null, token: string): boolean {
  const given = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1] ?? '';
  // Digests have one length whatever was sent, as timingSafeEqual needs.
  return timingSafeEqual(digest(given), digest(token));
}

/** Why a request may not use the channel, as the answer to give it; null when it may. */
export function controlRefusal(request: Request): Response | null {
  const token = controlToken();
  // On PostgreSQL a tool opens the database itself: no server ever opens the channel, and none answers it.
  if (!token || config().DATABASE_URL) return controlAnswer({ error: 'Not found.' }, 404);
  const { headers } = request;
  if (!isLoopback(headers.get(CLIENT_HEADER)) || proxied(headers))
    return controlAnswer({ error: 'The control channel answers command-line tools on this machine only.' }, 403);
  if (!bearerMatches(headers.get('authorization'), token))
    return controlAnswer({ error: "Wrong or missing token: read it from the data folder's control.json." }, 401);
  return null;
}

/** A route handler that runs `answer` for the command line on this machine only (see above). */
export function controlRoute<Context>(answer: (request: Request, context: Context) => Promise<Response>) {
  return async (request: Request, context: Context): Promise<Response> => {
    const refused = controlRefusal(request);
    if (refused) return refused;
    try {
      return await answer(request, context);
    } catch (error) {
      if (error instanceof Refusal) return controlAnswer({ error: error.message, code: error.code }, REFUSAL_STATUS[error.code]);
      throw error;
    }
  };
}
