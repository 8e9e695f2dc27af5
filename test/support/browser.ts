import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from './processes.js';

/**
 * Debian's chromium (`apt-get install chromium`); playwright never downloads a browser here. Each
 * launch gets a fresh temporary profile from playwright.
 */
const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots are kept as test artifacts (git ignores the folder). */
export const ARTIFACTS = join(repoRoot, 'test', 'artifacts');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(EXECUTABLE))
    throw new Error(
      `no Chromium at ${EXECUTABLE}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: EXECUTABLE,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
