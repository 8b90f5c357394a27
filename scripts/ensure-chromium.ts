/**
 * Makes sure headless Chromium (Debian's `chromium` package) is installed at
 * /usr/bin/chromium, where the browser tests and the dashboard benchmark
 * launch it through playwright-core. Installs it with apt-get when absent.
 *
 *   npx tsx scripts/ensure-chromium.ts
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { aptInstall } from '../cli/system.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Launch flags for this machine: the background-networking, component-update
 * and sync flags stop Chromium from opening connections that the closed
 * network refuses (and that slow or fail the launch).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function ensureChromium(): string {
  if (!existsSync(CHROMIUM_PATH)) {
    aptInstall(['chromium']);
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is still missing`);
  }
  return CHROMIUM_PATH;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${ensureChromium()}\n`);
}
