import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { log } from '@/lib/ops/log.mjs';
import { authSecret } from '@/lib/auth/secret';
import { sendMail } from '@/lib/mail/send';

/**
 * A process that never opens PGlite (DATABASE_URL, or a worker that only mails) still keeps the auth secret and the
 * outgoing mail to its user: each tightens what an older version left open the first time it touches it, the
 * outbox too when MAIL_DIR is outside DATA_DIR.
 */

let tmp: string;
let dataDir: string;
let mailDir: string;
let umask: number;

function modes(root: string): Record<string, string> {
  const found: Record<string, string> = {};
  const visit = (entry: string) => {
    const stats = fs.lstatSync(entry);
    found[path.relative(root, entry) || '.'] = (stats.mode & 0o777).toString(8);
    if (stats.isDirectory()) for (const child of fs.readdirSync(entry)) visit(path.join(entry, child));
  };
  visit(root);
  return found;
}

/** A folder as an older version left it: 0755, with one 0644 file. */
function looseFolder(folder: string, file: string, content: string): void {
  fs.mkdirSync(folder);
  fs.chmodSync(folder, 0o755);
  fs.writeFileSync(path.join(folder, file), content);
  fs.chmodSync(path.join(folder, file), 0o644);
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-private-'));
  dataDir = path.join(tmp, 'data');
  mailDir = path.join(tmp, 'outbox');
  looseFolder(dataDir, 'auth-secret', 's'.repeat(43));
  looseFolder(mailDir, 'old.eml', 'Subject: Sign in\n\nA link.\n');
  Object.assign(process.env, { DATA_DIR: dataDir, MAIL_DIR: mailDir, SITE_URL: 'http://localhost:3000' });
  for (const name of ['AUTH_SECRET', 'SMTP_URL']) delete process.env[name];
  umask = process.umask(0o022);
});

afterAll(() => {
  process.umask(umask);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('without PGlite', () => {
  it('the auth secret an older version left readable is kept, and made private on first use', () => {
    const info = vi.spyOn(log(), 'info').mockImplementation(() => {});
    expect(authSecret()).toBe('s'.repeat(43));
    expect(modes(dataDir)).toEqual({ '.': '700', 'auth-secret': '600' });
    expect(info).toHaveBeenCalledWith(`Briefings: made 1 file and 1 folder in ${dataDir} readable by this user only`);
    info.mockRestore();
  });

  it('an outbox outside DATA_DIR is made private on the first send, the new message with it', async () => {
    const info = vi.spyOn(log(), 'info').mockImplementation(() => {});
    const console_ = vi.spyOn(console, 'log').mockImplementation(() => {}); // the outbox's own line (lib/mail/send.ts)
    const sent = await sendMail({ to: 'reader@example.org', subject: 'Sign in', text: 'A link.', html: '<p>A link.</p>' });
    expect(modes(mailDir)).toEqual({ '.': '700', 'old.eml': '600', [path.basename(sent.file!)]: '600' });
    expect(info).toHaveBeenCalledWith(`Briefings: made 1 file and 1 folder in ${mailDir} readable by this user only`);
    info.mockRestore();
    console_.mockRestore();
  });
});
