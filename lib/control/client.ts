import type { IssueSending, ProgressLine } from '@/lib/sending/command-line';
import { readControlFile, type ControlFile } from './file';

/**
 * The command line's end of the control channel (see file.ts and route.ts): what `npm run send` asks the server
 * that holds the embedded database. Every failure is a ControlError whose message says what happened and what to do.
 */

export class ControlError extends Error {
  name = 'ControlError';
  constructor(
    message: string,
    /** The server answered, and said no (the send page's refusals): nothing is wrong with the channel. */
    readonly refused = false,
  ) {
    super(message);
  }
}

export type ControlClient = {
  /** The server's address, for messages. */
  url: string;
  issue(date: string): Promise<IssueSending | null>;
  startSend(date: string, audienceSeen: number): Promise<{ sendId: number; audience: number }>;
  progress(sendId: number): Promise<ProgressLine | null>;
};

/**
 * A client for the server holding `dataDir`, whose process is `holderPid` (from the folder's lock); undefined
 * when the folder has no control file of that process — the holder is not a server (an import, another send), or a
 * server too old or not yet listening.
 */
export function controlClientFor(dataDir: string, holderPid: number): ControlClient | undefined {
  const control = readControlFile(dataDir);
  return control && control.pid === holderPid ? controlClient(control) : undefined;
}

export function controlClient({ url, token }: ControlFile): ControlClient {
  async function ask<T>(path: string, init: RequestInit = {}, notFound?: 'null'): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, url), {
        ...init,
        headers: { ...init.headers, Authorization: `Bearer ${token}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new ControlError(`The server at ${url} does not answer (${reason(error)}).`);
    }
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    if (response.ok) return body as T;
    if (response.status === 404 && notFound) return null as T;
    if (response.status === 401)
      throw new ControlError(`The server at ${url} refused this folder's token: is it another folder's server? (${body.error ?? 401})`);
    throw new ControlError(body.error ?? `The server at ${url} answered ${response.status}.`, response.status < 500);
  }
  return {
    url,
    issue: (date) => ask(`/api/control/issues/${date}`, {}, 'null'),
    startSend: (date, audienceSeen) =>
      ask('/api/control/sends', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ date, audienceSeen }),
      }),
    progress: (sendId) => ask(`/api/control/sends/${sendId}`, {}, 'null'),
  };
}

function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
