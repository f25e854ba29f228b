import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseBuildConfig, parseConfig } from './config';

/** The ConfigError's message for `env`, which must be refused. */
function refusal(env: Record<string, string | undefined>): string {
  let caught: unknown;
  try {
    parseConfig(env);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  const message = (caught as ConfigError).message;
  expect(message).toMatch(/^Invalid configuration:\n/);
  expect(message).toMatch(/\nSee "Configuration" in README\.md\.$/);
  return message;
}

describe('parseConfig', () => {
  it('fills in defaults for an empty environment', () => {
    expect(parseConfig({})).toEqual({
      NODE_ENV: 'development',
      PORT: 3000,
      SITE_URL: 'http://localhost:3000',
      SITE_NAME: 'The Fortnightly Briefing',
      DATA_DIR: '.data',
      SMTP_POOL: 10,
      SEND_RATE: 50,
      SITE_TIME_ZONE: 'Europe/London',
      LOG_LEVEL: 'info',
      dataDir: path.resolve('.data'),
      mailDir: path.resolve('.data/mail'),
    });
  });

  it('reads the sending settings and refuses DKIM set by halves or with a bad key', () => {
    expect(parseConfig({ SMTP_POOL: '20', SEND_RATE: '300', SITE_TIME_ZONE: 'America/New_York' })).toMatchObject({
      SMTP_POOL: 20,
      SEND_RATE: 300,
      SITE_TIME_ZONE: 'America/New_York',
    });
    expect(() => parseConfig({ SITE_TIME_ZONE: 'Mars/Olympus' })).toThrow(/SITE_TIME_ZONE: must be a time zone name/);
    expect(() => parseConfig({ SEND_RATE: '0' })).toThrow(/SEND_RATE/);
    expect(() => parseConfig({ DKIM_DOMAIN: 'example.org' })).toThrow(/set all three or none/);
    expect(() => parseConfig({ DKIM_DOMAIN: 'example.org', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY: 'not a key' })).toThrow(
      /must be a PEM private key/,
    );
    const key = '-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----';
    expect(parseConfig({ DKIM_DOMAIN: 'example.org', DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY: key }).DKIM_PRIVATE_KEY).toBe(
      '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----',
    );
  });

  it('reads the mail settings, refusing a From that would break a header', () => {
    const config = parseConfig({
      SMTP_URL: 'smtps://u:p@mail.example.org:465',
      MAIL_FROM: 'The Briefing <briefing@example.org>',
      MAIL_DIR: '/tmp/out',
    });
    expect(config).toMatchObject({
      SMTP_URL: 'smtps://u:p@mail.example.org:465',
      MAIL_FROM: 'The Briefing <briefing@example.org>',
      mailDir: '/tmp/out',
    });
    expect(refusal({ SMTP_URL: 'http://mail.example.org' })).toContain('SMTP_URL: must be an smtp:// or smtps:// URL');
    expect(refusal({ MAIL_FROM: 'a@example.org\r\nBcc: victim@example.org' })).toContain('MAIL_FROM: must be one line');
    expect(refusal({ MAIL_FROM: 'not an address' })).toContain('MAIL_FROM: must be an address');
    expect(refusal({ AUTH_SECRET: 'short' })).toContain('AUTH_SECRET: must be at least 32 characters');
  });

  it('reads given values', () => {
    const config = parseConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      SITE_URL: 'https://briefing.example.org',
      SITE_NAME: '  SCA Briefing ',
      DATA_DIR: '/var/lib/briefings',
      DATABASE_URL: '  postgresql://app:secret@db.example.org:5432/briefings ',
    });
    expect(config).toMatchObject({
      NODE_ENV: 'production',
      PORT: 8080,
      SITE_URL: 'https://briefing.example.org',
      SITE_NAME: 'SCA Briefing',
      dataDir: '/var/lib/briefings',
      DATABASE_URL: 'postgresql://app:secret@db.example.org:5432/briefings',
    });
    expect(parseConfig({ DATA_DIR: 'elsewhere' }).dataDir).toBe(path.resolve('elsewhere'));
  });

  it('takes SITE_URL with or without its trailing slash', () => {
    expect(parseConfig({ SITE_URL: 'https://example.org/' }).SITE_URL).toBe('https://example.org');
    expect(parseConfig({ SITE_URL: 'http://localhost:8080' }).SITE_URL).toBe('http://localhost:8080');
  });

  it.each([
    'https://example.org/briefing',
    'https://example.org///',
    'https://example.org/?x=1',
    'https://example.org/#top',
    'https://user:pw@example.org',
  ])('refuses SITE_URL=%j, which is more than an address', (url) => {
    expect(refusal({ SITE_URL: url })).toMatch(/\n {2}SITE_URL: must be the site's address alone/);
  });

  it('treats an empty or blank variable as unset', () => {
    expect(parseConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
    expect(parseConfig({ DATABASE_URL: '   ' }).DATABASE_URL).toBeUndefined();
    expect(parseConfig({ PORT: '' }).PORT).toBe(3000);
    expect(parseConfig({ DATABASE_URL: 'postgres://localhost/briefings' }).DATABASE_URL).toBe('postgres://localhost/briefings');
  });

  it.each(['abc', '0', '65536', '3.5', '-1'])('refuses PORT=%j, naming the variable', (port) => {
    const message = refusal({ PORT: port });
    expect(message).toMatch(/\n {2}PORT: /);
    expect(message).not.toMatch(/SITE_URL|DATABASE_URL/);
  });

  it.each(['not a url', 'ftp://example.org', 'localhost:3000', 'javascript:alert(1)'])('refuses SITE_URL=%j', (url) => {
    expect(refusal({ SITE_URL: url })).toContain('\n  SITE_URL: must be an http:// or https:// URL, like https://briefing.example.org\n');
  });

  it.each(['mysql://localhost/db', 'localhost:5432', 'postgres://', 'postgres://host/db name'])('refuses DATABASE_URL=%j', (url) => {
    expect(refusal({ DATABASE_URL: url })).toContain('\n  DATABASE_URL: must be a postgres:// or postgresql:// URL\n');
  });

  it('refuses an unknown NODE_ENV and lists every bad variable at once', () => {
    const message = refusal({ NODE_ENV: 'staging', PORT: 'x', DATABASE_URL: 'mysql://db' });
    expect(
      message
        .split('\n')
        .filter((line) => line.startsWith('  '))
        .map((line) => line.split(':')[0]!.trim()),
    ).toEqual(['NODE_ENV', 'PORT', 'DATABASE_URL']);
  });

  it('defaults SITE_URL to this machine on PORT', () => {
    expect(parseConfig({ PORT: '4000' }).SITE_URL).toBe('http://localhost:4000');
    expect(parseConfig({ PORT: '4000', SITE_URL: 'https://briefing.example.org/' }).SITE_URL).toBe('https://briefing.example.org');
  });

  it('reads LOG_LEVEL in any case and refuses a level pino does not know', () => {
    expect(parseConfig({ LOG_LEVEL: 'WARN' }).LOG_LEVEL).toBe('warn');
    expect(parseConfig({ LOG_LEVEL: 'silent' }).LOG_LEVEL).toBe('silent');
    expect(refusal({ LOG_LEVEL: 'verbose' })).toContain('\n  LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent\n');
  });

  it('takes a METRICS_TOKEN of at least 16 characters', () => {
    expect(parseConfig({ METRICS_TOKEN: 'a'.repeat(32) }).METRICS_TOKEN).toBe('a'.repeat(32));
    expect(parseConfig({}).METRICS_TOKEN).toBeUndefined();
    expect(refusal({ METRICS_TOKEN: 'short' })).toContain('\n  METRICS_TOKEN: must be at least 16 characters');
  });

  it('reads the build settings: a 32-byte base64 key and a short deployment id', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(parseConfig({ NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: key, NEXT_DEPLOYMENT_ID: '2026-12-03.1' })).toMatchObject({
      NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: key,
      NEXT_DEPLOYMENT_ID: '2026-12-03.1',
    });
    for (const bad of [Buffer.alloc(16, 1).toString('base64'), Buffer.alloc(33, 1).toString('base64'), 'not base64 at all!', key.slice(1)])
      expect(refusal({ NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: bad })).toContain(
        '\n  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: must be base64 of exactly 32 random bytes',
      );
    for (const bad of ['has space', 'a/b', '-leading', 'x'.repeat(65), 'quote"'])
      expect(refusal({ NEXT_DEPLOYMENT_ID: bad })).toContain('\n  NEXT_DEPLOYMENT_ID: must be a short token');
  });

  it('requires the key to build for PostgreSQL, where several instances serve one build, and not on one machine', () => {
    expect(() => parseBuildConfig({})).not.toThrow();
    let caught: unknown;
    try {
      parseBuildConfig({ DATABASE_URL: 'postgres://localhost/briefings' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toContain('\n  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: is required to build with DATABASE_URL set');
    const key = Buffer.alloc(32, 9).toString('base64');
    expect(parseBuildConfig({ DATABASE_URL: 'postgres://localhost/briefings', NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: key })).toMatchObject({
      NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: key,
    });
  });
});
