// Debian's Chromium driven by playwright-core, the way the GUIDE says: headless, sandbox off (root in CI), no
// network besides loopback, a fresh profile each run. Screenshots go to test-results/e2e/ (gitignored).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '../../local/stack.js';

export const chromiumPath = '/usr/bin/chromium';
export const screenshotDir = join(projectRoot, 'test-results', 'e2e');
/** Every wait a page does has this deadline unless it says otherwise. */
export const pageTimeoutMs = 30_000;

export interface Browser {
  readonly context: BrowserContext;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** More command-line switches (a fake camera fed from a file). */
  readonly args?: readonly string[];
  /** 'block' lets page.route see requests a service worker would otherwise make on the page's behalf. */
  readonly serviceWorkers?: 'allow' | 'block';
}

export const launchBrowser = async (options: LaunchOptions = {}): Promise<Browser> => {
  const profile = mkdtempSync(join(tmpdir(), 'healthcard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    serviceWorkers: options.serviceWorkers ?? 'allow',
    executablePath: chromiumPath,
    timeout: 60_000,
    viewport: { width: 1280, height: 900 },
    locale: 'en-IN',
    timezoneId: 'Asia/Kolkata',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.args ?? []),
    ],
  });
  return {
    context,
    newPage: async (viewport) => {
      const page = await context.newPage();
      page.setDefaultTimeout(pageTimeoutMs);
      page.setDefaultNavigationTimeout(pageTimeoutMs);
      if (viewport !== undefined) await page.setViewportSize(viewport);
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
};

/** Open the dashboard and sign in with a role's development token, as its sign-in page offers on the embedded stack. */
export const signIn = async (page: Page, dashboardUrl: string, role: 'district-admin' | 'state-admin' | 'operator'): Promise<void> => {
  await page.goto(dashboardUrl);
  await page.locator(`button[data-role="${role}"]:enabled`).click();
  await page.locator('nav.site-nav').waitFor();
};

export const screenshot = async (page: Page, name: string): Promise<void> => {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
};

/** A figure as the page writes it (`28,95,434`, `33.3%`, `+4`) as a number; `—` is null. */
export const figure = (text: string | null): number | null => {
  const trimmed = (text ?? '').trim();
  if (trimmed === '—' || trimmed === '') return null;
  const value = Number(trimmed.replace(/[,%+\s]/g, ''));
  if (Number.isNaN(value)) throw new Error(`not a figure: ${JSON.stringify(text)}`);
  return value;
};

/** Where each element a selector finds lies across the window (its left and right edge), named by its text. */
export const horizontalBoxes = async (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((elements) =>
    elements.map((element) => {
      const box = element.getBoundingClientRect();
      return { what: (element.textContent ?? '').trim() || element.getAttribute('aria-label'), left: box.left, right: box.right };
    }),
  );

/** A view to open (its hash), what shows it has loaded, and its main actions (selectors) that must be on the screen. */
export interface ActionCheck {
  readonly hash: string;
  readonly ready: string;
  readonly actions: readonly string[];
}

/** The main actions of a view that lie outside a window `width` wide: none when every one is on the screen. */
export const actionsOffScreen = async (page: Page, check: ActionCheck, width: number): Promise<string[]> => {
  await page.evaluate((next) => {
    window.location.hash = next;
  }, check.hash);
  await page.locator(check.ready).first().waitFor();
  const off: string[] = [];
  for (const selector of check.actions) {
    // Each part of a view loads on its own (a panel, a form, a list): wait for the action itself.
    await page.locator(selector).first().waitFor();
    for (const box of await horizontalBoxes(page, selector))
      if (box.left < 0 || box.right > width) off.push(`${width} px ${check.hash} ${String(box.what)}: ${box.left}..${box.right}`);
  }
  return off;
};
