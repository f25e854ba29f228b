import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as issueRoute } from '@/app/api/control/issues/[date]/route';
import { GET as progressRoute } from '@/app/api/control/sends/[id]/route';
import { POST as startRoute } from '@/app/api/control/sends/route';
import { closeDb, getConnection, type Db } from '@/db/client';
import { migrate } from '@/db/migrate';
import { sends } from '@/db/schema';
import { closeControlChannel, openControlChannel } from '@/lib/control/channel';
import { writeControlFile } from '@/lib/control/file';
import { CLIENT_HEADER, normaliseAddress } from '@/lib/http/client-address.mjs';
import { startSender, type Sender } from '@/lib/sending/sender';
import { importRealIssue } from '@/test/moderation';
import { freshAudience } from '@/test/sending';
import { withSmtpServer } from '@/test/smtp-server';

/**
 * `npm run send` while a server holds the embedded database: the command hands the send to that server through the
 * control channel and draws the progress it reads from it. The "server" here is this test process: it holds the
 * folder, runs the sending loop, opens the channel and serves the channel's own route handlers over HTTP, as
 * server.mjs and Next would (the whole built server does the same in e2e/send-command.spec.ts).
 */

const smtp = withSmtpServer({
  SEND_RATE: '200',
  SITE_URL: 'http://localhost:3000',
  AUTH_SECRET: 'a-test-secret-that-is-long-enough-to-sign-with',
});

type Run = { code: number | null; output: string };

function send(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/send.ts', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, TEST_DATABASE_URL: '', DATABASE_URL: '', SMTP_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/** The channel's routes behind a plain Node server that records the client's address as server.mjs does. */
function serveControlRoutes(): http.Server {
  return http.createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const headers = new Headers(incoming.headers as Record<string, string>);
    headers.set(CLIENT_HEADER, normaliseAddress(incoming.socket.remoteAddress ?? '') ?? 'socket-unknown');
    const request = new Request(`http://127.0.0.1${incoming.url}`, {
      method: incoming.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const [, issueDate] = /^\/api\/control\/issues\/([^/]+)$/.exec(incoming.url ?? '') ?? [];
    const [, sendId] = /^\/api\/control\/sends\/([^/]+)$/.exec(incoming.url ?? '') ?? [];
    const response =
      issueDate && incoming.method === 'GET'
        ? await issueRoute(request, { params: Promise.resolve({ date: issueDate }) })
        : sendId && incoming.method === 'GET'
          ? await progressRoute(request, { params: Promise.resolve({ id: sendId }) })
          : incoming.url === '/api/control/sends' && incoming.method === 'POST'
            ? await startRoute(request, undefined)
            : new Response('Not found', { status: 404 });
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
}

// The embedded database's path: on PostgreSQL the command opens the database itself (scripts/send.test.ts).
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('npm run send while a server holds the embedded database', () => {
  let dataDir: string;
  let db: Db;
  let sender: Sender;
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-send-server-'));
    process.env.DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    const connection = await getConnection(); // holds the folder, as the server does
    await migrate(connection);
    db = connection.db;
    await importRealIssue(db);
    await freshAudience(db, 40, 'handed');
    sender = startSender(db, { pollMs: 100, orphansAtStart: true });
    server = serveControlRoutes();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
    openControlChannel(dataDir, port);
  }, 300_000);

  afterAll(async () => {
    closeControlChannel();
    await new Promise((resolve) => server.close(resolve));
    await sender.stop();
    await closeDb();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('says so clearly when the server named in control.json does not answer (killed), and sends nothing', async () => {
    const unused = http.createServer();
    await new Promise<void>((resolve) => unused.listen(0, '127.0.0.1', resolve));
    const deadPort = (unused.address() as { port: number }).port;
    await new Promise((resolve) => unused.close(resolve));
    writeControlFile(dataDir, { url: `http://127.0.0.1:${deadPort}`, token: 'z'.repeat(43), pid: process.pid });
    try {
      const run = await send(['2010-09-15', '--yes']);
      expect(run.code, run.output).toBe(1);
      expect(run.output).toContain(`The server at http://127.0.0.1:${deadPort} does not answer (ECONNREFUSED).`);
      expect(run.output).toContain('http://localhost:3000/admin/issues/2010-09-15/send');
    } finally {
      openControlChannel(dataDir, port);
    }
    expect(await db.select().from(sends)).toEqual([]);
  });

  it("says so when the server does not take the folder's token (another folder's server on that port)", async () => {
    writeControlFile(dataDir, { url: `http://127.0.0.1:${port}`, token: 'z'.repeat(43), pid: process.pid });
    try {
      const run = await send(['2010-09-15', '--yes']);
      expect(run.code, run.output).toBe(1);
      expect(run.output).toContain("refused this folder's token");
    } finally {
      openControlChannel(dataDir, port);
    }
    expect(await db.select().from(sends)).toEqual([]);
  });

  it('points to the send page when the process holding the folder is not a server (no control file of its own)', async () => {
    writeControlFile(dataDir, { url: `http://127.0.0.1:${port}`, token: 'z'.repeat(43), pid: process.pid + 1 });
    try {
      const run = await send(['2010-09-15', '--yes']);
      expect(run.code, run.output).toBe(1);
      expect(run.output).toContain(`The embedded database in ${dataDir} is in use by another process`);
      expect(run.output).toContain("Start the send on the issue's send page instead");
    } finally {
      openControlChannel(dataDir, port);
    }
  });

  it('asks first, and without a terminal to answer in starts nothing', async () => {
    const run = await send(['2010-09-15']);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain('add --yes to send without asking');
    expect(await db.select().from(sends)).toEqual([]);
  });

  it('with --yes, has the server start the send as the command line and shows its progress until done; everyone gets one message', async () => {
    const run = await send(['2010-09-15', '--yes']);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`asking it at http://127.0.0.1:${port}`);
    expect(run.output).toContain('Sending the issue of 2010-09-15 to 40 subscribers.');
    expect(run.output).toContain('40 sent, 0 failed, 0 uncertain, 0 skipped of 40: done.');
    expect(smtp.received).toHaveLength(40);
    expect([...smtp.perRecipient().values()].every((count) => count === 1)).toBe(true);
    const [row] = await db.select().from(sends);
    expect(row).toMatchObject({ state: 'done', audience: 40, startedByName: 'command line' });
  }, 120_000);

  it('with --watch, shows the progress of the send the server has', async () => {
    const watched = await send(['2010-09-15', '--watch']);
    expect(watched.code, watched.output).toBe(0);
    expect(watched.output).toContain('40 sent, 0 failed, 0 uncertain, 0 skipped of 40: done.');
  }, 120_000);

  it("passes on the server's refusal of a second send, and nothing more is sent", async () => {
    const again = await send(['2010-09-15', '--yes']);
    expect(again.code, again.output).toBe(1);
    expect(again.output).toContain('The issue of 2010-09-15 was sent: an issue is sent once.');
    expect(again.output).not.toContain('send page');
    expect(await db.select({ id: sends.id }).from(sends).where(eq(sends.state, 'done'))).toHaveLength(1);
    expect(smtp.received).toHaveLength(40);
  }, 120_000);
});
