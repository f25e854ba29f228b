import { describe, expect, it } from 'vitest';
import { createLogger, scrub } from './log.mjs';

/** A logger at `level` and the lines it wrote, parsed. */
function capture(level = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => lines.push(line) } });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('scrub', () => {
  it('replaces email addresses, wherever they stand', () => {
    expect(scrub('Mail to ann@example.org: "Your link"')).toBe('Mail to [address]: "Your link"');
    expect(scrub('<Bob.Smith+news@mail.example.co.uk>, c@d.io')).toBe('<[address]>, [address]');
  });

  it("replaces a URL's user and password, and leaves the rest of it", () => {
    expect(scrub('smtp://user:p%40ss@mail.example.org:587')).toBe('smtp://[credentials]@mail.example.org:587');
    expect(scrub('postgres://briefings:secret@db.internal:5432/briefings')).toBe('postgres://[credentials]@db.internal:5432/briefings');
  });

  it('leaves text without addresses alone', () => {
    expect(scrub('GET /issues/2026-01-05 200 in 3 ms; v1.2@latest is not an address')).toBe(
      'GET /issues/2026-01-05 200 in 3 ms; v1.2@latest is not an address',
    );
  });
});

describe('createLogger', () => {
  it('writes one JSON line per entry, with a readable level', () => {
    const { logger, parsed } = capture();
    logger.info({ port: 3000 }, 'listening');
    expect(parsed()).toEqual([expect.objectContaining({ level: 'info', port: 3000, msg: 'listening' })]);
  });

  it('redacts headers, tokens, passwords and the secret settings', () => {
    const { logger, lines } = capture();
    logger.info({
      headers: { authorization: 'Bearer abc', cookie: 'session=abc', 'set-cookie': ['session=abc'] },
      request: { headers: { cookie: 'session=abc' } },
      token: 'abc',
      user: { password: 'abc' },
      env: { SMTP_URL: 'smtp://mail.example.org', DATABASE_URL: 'postgres://db/x', METRICS_TOKEN: 'abc', AUTH_SECRET: 'abc' },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('abc');
    expect(lines[0]).not.toContain('mail.example.org');
    expect(lines[0]).not.toContain('postgres://');
    expect(JSON.parse(lines[0]!)).toMatchObject({ headers: { authorization: '[redacted]', 'set-cookie': '[redacted]' } });
  });

  it('scrubs addresses in messages, fields and errors', () => {
    const { logger, lines } = capture();
    logger.info({ to: 'reader@example.org' }, 'Mail to reader@example.org');
    logger.error(new Error('delivery to reader@example.org over smtp://u:pw@mail.example.org failed'), 'sending');
    expect(lines.join('')).not.toMatch(/reader@|u:pw/);
    const [first, second] = lines.map((line) => JSON.parse(line) as { msg: string; to?: string; err?: { message: string; stack: string } });
    expect(first).toMatchObject({ to: '[address]', msg: 'Mail to [address]' });
    expect(second!.err!.message).toBe('delivery to [address] over smtp://[credentials]@mail.example.org failed');
    expect(second!.err!.stack).toContain('[address]');
  });

  it('keeps every line JSON when an address follows an escape', () => {
    const { logger, lines } = capture();
    logger.info('first line\nann@example.org, then \u0001bob@example.org and \\carol@example.org\tdan@example.org');
    const { msg } = JSON.parse(lines[0]!) as { msg: string };
    expect(msg).toBe('first line\n[address], then \u0001[address] and \\[address]\t[address]');
  });

  it('takes time in proportion to the length of a line, however odd', () => {
    const started = performance.now();
    for (const text of ['a'.repeat(200_000), `a@${'b.'.repeat(100_000)}`, `x://${'a'.repeat(200_000)}`, '@'.repeat(200_000)]) scrub(text);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('logs at LOG_LEVEL and above, and at info for an unknown level', () => {
    const warn = capture('warn');
    warn.logger.info('quiet');
    warn.logger.warn('said');
    expect(warn.parsed().map((line) => line.msg)).toEqual(['said']);
    const unknown = capture('loud');
    unknown.logger.debug('quiet');
    unknown.logger.info('said');
    expect(unknown.parsed().map((line) => line.msg)).toEqual(['said']);
  });
});
