/**
 * Headless Debian Chromium through playwright-core (which never downloads a
 * browser). Each launch gets a fresh profile so tests do not share cookies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Path of the system Chromium (apt-get install -y chromium). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A launched browser (one persistent context); `close()` also removes its profile directory. */
export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Options of {@link launchBrowser}. */
export interface LaunchOptions {
  /** Defaults to a phone-sized 375×740. */
  viewport?: { width: number; height: number };
  /** The pages need no JavaScript; tests run without it by default to prove it. */
  javaScriptEnabled?: boolean;
}

/** @returns a headless Chromium with a fresh, throwaway profile (--user-data-dir) */
export async function launchBrowser(opts: LaunchOptions = {}): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'dc-chromium-'));
  // Playwright passes the profile as --user-data-dir itself.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: opts.viewport ?? { width: 375, height: 740 },
    javaScriptEnabled: opts.javaScriptEnabled ?? false,
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
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
