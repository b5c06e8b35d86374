import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium (Playwright's own download cannot be reached here), headless and kept off the network:
 * without the background-networking flags it dials Google's hosts at every start and this machine refuses them.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
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
