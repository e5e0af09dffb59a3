import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { cloud } from '../integration/client.ts';
import { patient } from '../support/patience.ts';

export { launch } from '../../scripts/support/chromium.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** Where the views' screenshots go (git-ignored); the README's pictures are chosen from here. */
export const SCREENSHOTS = path.join(ROOT, '.local', 'screenshots');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export const LAPTOP = { width: 1366, height: 768 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** A fresh tab on the local cloud's web app, in Vietnamese and Hà Nội time. */
export async function newPage(
  browser: Browser,
  viewport: { width: number; height: number } = LAPTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: `${cloud().url}/`,
    viewport,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(patient(30_000));
  return { context, page };
}

/** The WCAG 2.x A and AA rules axe-core finds broken on the page as it stands. */
export async function axeViolations(page: Page): Promise<{ id: string; help: string; targets: string[] }[]> {
  // Evaluated rather than added as a script tag: the page's CSP rightly refuses inline scripts.
  await page.evaluate(readFileSync(AXE, 'utf8'));
  // A string, evaluated in the page: this project's own code has no DOM types.
  return (await page.evaluate(`(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      targets: v.nodes.map((n) => String(n.target)),
    }));
  })()`)) as { id: string; help: string; targets: string[] }[];
}

/** A screenshot of the whole page as it stands, once its fonts are in. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.evaluate('document.fonts.ready.then(() => true)');
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
  return file;
}

/** A screenshot of one part of the page (a form, a table), once its fonts are in. */
export async function screenshotOf(part: Locator, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await part.page().evaluate('document.fonts.ready.then(() => true)');
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await part.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  return file;
}

/** How far the page is wider than its viewport (0 when nothing scrolls sideways). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return (await page.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  )) as number;
}
