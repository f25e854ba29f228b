// Makes sure the browser tests have a Chromium: CHROMIUM_PATH, the system's, or Playwright's own; failing
// those, installs Debian's package where this machine allows it; otherwise says exactly what to do.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { findChromium } from './chromium.mjs';

function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}

if (process.env.CHROMIUM_PATH && !fs.existsSync(process.env.CHROMIUM_PATH)) {
  console.error(`CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, but there is no file there.`);
  process.exit(1);
}

let found = findChromium();
if (!found && fs.existsSync('/usr/bin/apt-get')) {
  const root = process.getuid?.() === 0;
  const sudo = !root && spawnSync('sudo', ['-n', 'true']).status === 0;
  if (root || sudo) {
    console.log("No Chromium found for the browser tests; installing Debian's chromium package.");
    const apt = (args) => (root ? run('apt-get', args) : run('sudo', ['-n', 'apt-get', ...args]));
    if (!apt(['install', '-y', '--no-install-recommends', 'chromium'])) {
      apt(['update']);
      apt(['install', '-y', '--no-install-recommends', 'chromium']);
    }
    found = findChromium();
  }
}

if (!found) {
  console.error(
    [
      'The browser tests need Chromium, and none was found or could be installed.',
      'Do one of these, then run the tests again:',
      '  - Debian or Ubuntu: sudo apt-get install -y chromium',
      '  - with internet access: npx playwright install chromium',
      '  - point CHROMIUM_PATH at an existing Chromium or Chrome executable',
    ].join('\n'),
  );
  process.exit(1);
}
console.log(`Browser tests use Chromium at ${found}`);
