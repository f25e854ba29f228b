import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { from: string; to: string[]; data: string };

/** How the server answers one recipient: accept (null), a temporary 451, a permanent 550, or 421 and hang up. */
export type RecipientAnswer = null | 451 | 550 | 'drop';

/**
 * A real SMTP server on a free local port, for any test runner (test/smtp-server.ts is Vitest's): `start()` listens
 * and gives its smtp:// URL, `close()` stops it. What it receives is kept, in order, in `received`;
 * `refuseNext(count)` makes it turn the next `count` recipients away with a temporary failure (451), as a busy
 * mailbox would, or with the reply code given (550: no such mailbox); `dropNext(count)` makes it hang up on the next
 * `count` recipients without a reply, as a crashed server would; `answer(fn)` decides per recipient (451, 550 or a
 * dropped connection), and `perRecipient()` counts the messages each address received.
 */
export function smtpSink() {
  const received: ReceivedMail[] = [];
  let refusals = 0;
  let refusalCode = 451;
  let drops = 0;
  let answerFor: (address: string) => RecipientAnswer = () => null;
  let server: SMTPServer;
  // Connections clients have opened to the server: a pooled mailer reuses a few for many messages.
  let connections = 0;

  async function start(): Promise<string> {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onConnect(_session, callback) {
        connections += 1;
        callback();
      },
      logger: false,
      onRcptTo(_address, session, callback) {
        if (drops > 0) {
          drops -= 1;
          for (const connection of server.connections) if (connection.session === session) connection._socket.destroy();
          return;
        }
        if (refusals > 0) {
          refusals -= 1;
          const answer = refusalCode < 500 ? 'Mailbox busy, try again later' : 'No such mailbox here';
          return callback(Object.assign(new Error(answer), { responseCode: refusalCode }));
        }
        const answer = answerFor(_address.address);
        if (answer === 451) return callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
        if (answer === 550) return callback(Object.assign(new Error('No such mailbox here'), { responseCode: 550 }));
        // smtp-server closes the connection after a 421.
        if (answer === 'drop') return callback(Object.assign(new Error('Closing the connection'), { responseCode: 421 }));
        callback();
      },
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            data,
          });
          callback();
        });
      },
    });
    // A client killed with -9 mid-message resets its connection: expected in the crash tests, not an error of the
    // test (smtp-server emits it on the server, where no listener would make it an uncaught exception).
    server.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') throw error;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  }

  return {
    start,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    connections: () => connections,
    received,
    refuseNext: (count: number, code = 451) => {
      refusals = count;
      refusalCode = code;
    },
    dropNext: (count: number) => {
      drops = count;
    },
    answer: (decide: (address: string) => RecipientAnswer) => {
      answerFor = decide;
    },
    perRecipient: (): Map<string, number> => {
      const counts = new Map<string, number>();
      for (const mail of received) for (const to of mail.to) counts.set(to, (counts.get(to) ?? 0) + 1);
      return counts;
    },
  };
}
