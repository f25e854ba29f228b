import type net from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * The bench's SMTP sink, in a process of its own (scripts/bench.ts forks it): it accepts every message and tells
 * its parent how many arrived and when the first and last did. In the bench's own process it shared one event loop
 * with autocannon, which held its answers back while the page was loaded — the send then measured the sink.
 */
let received = 0;
let firstAt = 0;
let lastAt = 0;
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.resume();
    stream.on('end', () => {
      received += 1;
      lastAt = Date.now();
      firstAt ||= lastAt;
      callback();
    });
  },
});

export type SinkReport = { received: number; firstAt: number; lastAt: number };

sink.listen(0, '127.0.0.1', () => {
  process.send!({ port: (sink.server.address() as net.AddressInfo).port });
});
process.on('message', () => process.send!({ received, firstAt, lastAt } satisfies SinkReport));
process.on('disconnect', () => sink.close(() => process.exit(0)));
