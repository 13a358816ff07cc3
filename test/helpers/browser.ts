import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from './cli.js';
import { componentMissing } from './components.js';

export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots of the browser tests (`web-*.png`). */
export const OUTPUT = join(REPO_ROOT, 'test-output');

/** True (skip) when the Debian chromium is absent locally; throws in CI, which must have it. */
export function chromiumMissing(): boolean {
  return componentMissing(
    'chromium',
    existsSync(CHROMIUM),
    `${CHROMIUM} is not installed (apt-get install chromium)`,
  );
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Debian chromium with a throw-away profile (tabs of one context share workers, as in a real browser). */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(OUTPUT, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'autoswe-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
    ],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A fresh tab at `url` that has its live connection up (the header says `live`). */
export async function openLivePage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('#live[data-state="live"]').waitFor({ timeout: 5000 });
  return page;
}
