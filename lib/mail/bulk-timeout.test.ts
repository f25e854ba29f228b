import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A mail server that accepts the connection and then says nothing: the bulk mailer gives up after its timeout (made
// short here through SMTP_URL) and smtpFailure reads that as temporary, so the message is tried again later.
let server: net.Server;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}/?greetingTimeout=300`;
  process.env.SITE_URL = 'https://briefing.example.org';
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('a mail server that does not answer', () => {
  it('fails the message as temporary, with no reply code', async () => {
    const { openBulkMailer, smtpFailure } = await import('./bulk');
    const mailer = openBulkMailer();
    const error = await mailer
      .send({ to: 'reader@example.org', subject: 'Hello', text: 'Hello.', html: '<p>Hello.</p>' })
      .catch((caught: unknown) => caught);
    await mailer.close();
    expect(error).toBeInstanceOf(Error);
    expect(smtpFailure(error)).toMatchObject({ temporary: true, code: null, answer: expect.stringMatching(/greeting|time/i) });
  });
});
