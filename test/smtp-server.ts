import { afterAll, beforeAll } from 'vitest';
import { smtpSink } from './smtp-sink';

export type { ReceivedMail, RecipientAnswer } from './smtp-sink';

/**
 * A real SMTP server for this test file (test/smtp-sink.ts): started before the tests, with SMTP_URL pointed at it
 * and then the other variables of `env` set (before the configuration is first read), and closed after them.
 */
export function withSmtpServer(env: Record<string, string> = {}) {
  const { start, close, ...sink } = smtpSink();
  beforeAll(async () => {
    process.env.SMTP_URL = await start();
    Object.assign(process.env, env);
  });
  afterAll(close);
  return sink;
}
