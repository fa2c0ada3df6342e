// The browser tests drive Debian's Chromium (GUIDE: never a downloaded browser build). When it is missing and
// this process may install it (root, apt-get), it installs it; otherwise it stops at once, saying what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath } from './browser.js';

const oneLine = (message: string): Error => {
  const error = new Error(message);
  error.stack = message;
  return error;
};

export default function ensureChromium(): void {
  if (existsSync(chromiumPath)) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    throw oneLine(
      `Browser tests need Chromium at ${chromiumPath}: install Debian's package (sudo apt-get install chromium), then run the tests again.`,
    );
  }
  console.log(`e2e: ${chromiumPath} is missing; installing Debian's chromium package (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'chromium'],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env, timeout: 15 * 60_000 });
    if (result.status !== 0)
      throw oneLine(`apt-get ${args.join(' ')} failed (exit ${String(result.status)}): install Debian's chromium package by hand.`);
  }
  if (!existsSync(chromiumPath)) throw oneLine(`apt-get installed chromium but ${chromiumPath} is still missing.`);
}
