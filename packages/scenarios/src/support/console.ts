import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';

// Driving the console (issue 16) in a browser, as the acceptance checks do: by ARIA role and accessible name.
declare const document: unknown;
declare const window: { axe: { run(context: unknown): Promise<{ violations: unknown[] }> } };

const consoleRoot = fileURLToPath(new URL('../../../console/', import.meta.url));
/** Where the README's screenshots live: every run of the browser tests draws them again from what it shows. */
export const screenshotsDir = join(consoleRoot, 'docs');

/** Builds the console from the sources under test into a folder of its own (never a stale dist). */
export function buildConsole(): string {
  const dir = mkdtempSync(join(tmpdir(), 'console-'));
  execFileSync(
    process.execPath,
    [
      join(consoleRoot, 'node_modules/vite/bin/vite.js'),
      'build',
      '--outDir',
      dir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: consoleRoot, stdio: 'inherit' },
  );
  return dir;
}

/** A fresh page in a language, recording the code of every error the graph answers it with. */
export async function openConsole(browser: Browser, graphUrl: string, locale = 'en-US') {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const graphErrors: string[] = [];
  page.on('response', async (res) => {
    if (!res.url().endsWith('/graphql')) return;
    const body = (await res.json().catch(() => ({}))) as { errors?: { extensions?: { code?: string } }[] };
    for (const e of body.errors ?? []) graphErrors.push(String(e.extensions?.code));
  });
  const origin = graphUrl.replace(/\/graphql$/, '');
  await page.goto(`${origin}/console/`);
  return { page, graphErrors, go: (path: string) => page.goto(`${origin}/console/${path}`) };
}

/** Signs in with the development role picker (English names; `zh` for a Chinese page). */
export async function signInAs(page: Page, role: string, zh = false) {
  await page.getByRole('combobox', { name: zh ? '角色' : 'Role' }).selectOption(role);
  await page.getByRole('button', { name: zh ? '登录' : 'Sign in' }).click();
  await page.getByRole('button', { name: zh ? '退出' : 'Sign out' }).waitFor();
}

/** Reloads until the main part of the page shows the text (what follows a change by events, within 5 s). */
export async function reloadUntil(page: Page, text: string | RegExp) {
  const has = async () => {
    const now = (await page.locator('main').textContent()) ?? '';
    return typeof text === 'string' ? now.includes(text) : text.test(now);
  };
  for (let n = 0; n < 20 && !(await has()); n++) {
    await new Promise((r) => setTimeout(r, 500));
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
  }
  return has();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** axe-core's serious and critical violations on the page as it is now. */
export async function accessibilityProblems(page: Page) {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document);
    return result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Saves the page as the README's screenshot `name` (packages/console/docs/<name>.png), every run, so the README
 * always shows what the console shows now. The page is settled first: no request in flight, no "Loading…" left.
 */
export async function screenshot(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 10_000 });
  mkdirSync(screenshotsDir, { recursive: true });
  const image = await page.screenshot({ fullPage: true, path: join(screenshotsDir, `${name}.png`), caret: 'hide' });
  if (image.length < 1000) throw new Error(`The screenshot ${name} is empty`);
}
