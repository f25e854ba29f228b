import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/**
 * For tests that send mail: this file's mail is written to an outbox folder of its own (MAIL_DIR; no SMTP), its
 * links are built on the site's address and signed with a test secret; the folder is removed after the file.
 * Returns the folder.
 */
export function withMailOutbox(name: string): string {
  const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), `briefings-${name}-`));
  process.env.MAIL_DIR = mailDir;
  process.env.SITE_URL = 'http://localhost:3000';
  process.env.AUTH_SECRET = 'a-test-secret-that-is-long-enough-to-sign-with';
  delete process.env.SMTP_URL;
  afterAll(() => fs.rmSync(mailDir, { recursive: true, force: true }));
  return mailDir;
}
