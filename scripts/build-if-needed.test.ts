import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildSettings, refusalToServe, SAME_SIZE_PREFIX, sourceHash, type BuildStamp } from './build-if-needed';

const KEY = Buffer.alloc(32, 3).toString('base64');

describe('buildSettings', () => {
  it('records a fingerprint of the key, never the key, and treats blank variables as unset', () => {
    const settings = buildSettings({ NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: ` ${KEY} `, NEXT_DEPLOYMENT_ID: 'r1' });
    expect(settings.keyFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(settings)).not.toContain(KEY);
    expect(settings).toEqual(buildSettings({ NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: KEY, NEXT_DEPLOYMENT_ID: 'r1' }));
    expect(buildSettings({ NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: '', NEXT_DEPLOYMENT_ID: '  ' })).toEqual({
      keyFingerprint: null,
      deploymentId: null,
    });
    expect(buildSettings({ NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: Buffer.alloc(32, 4).toString('base64') }).keyFingerprint).not.toBe(
      settings.keyFingerprint,
    );
  });
});

describe('refusalToServe', () => {
  const here = buildSettings({ NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: KEY, NEXT_DEPLOYMENT_ID: 'r1' });
  const stamp: BuildStamp = { sourceHash: 'abc', ...here };

  it('serves a build made with the same key and deployment id, whatever its sources', () => {
    expect(refusalToServe(stamp, here)).toBeNull();
    expect(refusalToServe({ sourceHash: 'x', keyFingerprint: null, deploymentId: null }, buildSettings({}))).toBeNull();
  });

  it('refuses no build, and a build made with another key or deployment id, saying which', () => {
    expect(refusalToServe(null, here)).toMatch(/^There is no build to serve: run `npm run build` first/);
    expect(refusalToServe(stamp, buildSettings({ NEXT_DEPLOYMENT_ID: 'r1' }))).toMatch(
      /with a NEXT_SERVER_ACTIONS_ENCRYPTION_KEY, but none is set here/,
    );
    expect(refusalToServe({ ...stamp, keyFingerprint: null }, here)).toMatch(
      /without NEXT_SERVER_ACTIONS_ENCRYPTION_KEY, but one is set here/,
    );
    expect(refusalToServe(stamp, { ...here, keyFingerprint: 'sha256:other' })).toMatch(/with another NEXT_SERVER_ACTIONS_ENCRYPTION_KEY/);
    expect(refusalToServe(stamp, { ...here, deploymentId: 'r2' })).toBe(
      "The build has deployment id r1, but NEXT_DEPLOYMENT_ID here is r2: build again, or start with the build's.",
    );
  });
});

describe('sourceHash', () => {
  const home = process.cwd();
  afterEach(() => process.chdir(home));

  it("changes with a file of public/, but not with the bench's same-size files (which would make every bench build again)", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-sources-'));
    fs.mkdirSync(path.join(root, 'public'));
    fs.writeFileSync(path.join(root, 'public', 'icon.svg'), '<svg/>');
    process.chdir(root);
    const before = sourceHash();
    fs.writeFileSync(path.join(root, 'public', `${SAME_SIZE_PREFIX}1.html`), '<p>bytes</p>');
    expect(sourceHash()).toBe(before);
    fs.writeFileSync(path.join(root, 'public', 'robots-extra.txt'), 'a new file');
    expect(sourceHash()).not.toBe(before);
    process.chdir(home);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
