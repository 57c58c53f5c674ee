// What both browser tests share: where things are, the browser they drive, the editor and
// screenshot helpers, and the steps of a scenario (after a failure the rest are skipped).

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '../..');
export const bin = resolve(here, process.env.VERDICT_BIN ?? '../../target/debug/verdict');
const web = join(repo, 'crates/server/web/dist');
export const problemsDir = join(repo, 'problems');
const artifacts = join(repo, 'artifacts/e2e');
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** How long a verdict may take, and any other step. */
export const VERDICT_MS = 90_000;
const STEP_MS = 15_000;

/** Fails at once, saying what to do, when the binary, the web app or the browser is missing. */
function assertReady() {
  assert.ok(existsSync(bin), `no server binary at ${bin}: build it (cargo build -p verdict-cli) or set VERDICT_BIN`);
  assert.ok(
    existsSync(join(web, 'index.html')),
    `the web app is not built (${web}): run npm ci && npm run build in crates/server/web`,
  );
  assert.ok(existsSync(browserPath), `no Chromium at ${browserPath} (apt-get install chromium)`);
}

/** Debian's Chromium, headless. */
function launchBrowser() {
  return chromium.launch({
    executablePath: browserPath,
    timeout: 30_000,
    args: [
      '--headless=new',
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

/**
 * Checks the setup, then starts `verdict serve` on a fresh data directory (on the catalogue,
 * or on the folder `problems` names), and the browser:
 * `{ server, dataDir, newPage(), stop() }`. `newPage()` opens a page in a browser context of
 * its own (no cookies in common with another) on the server; `stop()` ends it all and removes
 * the data.
 */
export async function startScenario(name, { problems = problemsDir, serveArgs = [] } = {}) {
  assertReady();
  const dataDir = mkdtempSync(join(tmpdir(), `verdict-e2e-${name}-`));
  let server = null;
  let browser = null;
  async function stop() {
    try {
      await browser?.close();
    } finally {
      await server?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  try {
    server = await startServer({ bin, problems, data: dataDir, web, serveArgs });
    browser = await launchBrowser();
  } catch (err) {
    await stop();
    throw err;
  }
  async function newPage() {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 1000 } });
    context.setDefaultTimeout(STEP_MS);
    return context.newPage();
  }
  return { server, dataDir, newPage, stop };
}

/** The editor's text, read from the lines CodeMirror shows (the whole document is short). */
export function editorText(page) {
  return page.locator('.cm-content').evaluate((content) =>
    [...content.querySelectorAll(':scope > .cm-line')].map((line) => line.textContent).join('\n'),
  );
}

/** Replace the whole editor content with `code`, as a paste would. */
export async function replaceCode(page, code) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(code);
  assert.equal(await editorText(page), code, 'the editor holds the pasted code');
}

export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  // From the top: a full-page capture of a scrolled page misplaces the sticky statement pane.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(artifacts, name), fullPage: true });
}

/**
 * The steps of one scenario: `step(t, name, fn)` runs `fn` as a subtest; after a failure,
 * `onFailure()` keeps what helps to see why, and the remaining steps are skipped.
 */
export function steps(onFailure) {
  let broken = false;
  return (t, name, fn) =>
    t.test(name, { skip: broken && 'an earlier step failed' }, async () => {
      try {
        await fn();
      } catch (err) {
        broken = true;
        await onFailure().catch(() => {});
        throw err;
      }
    });
}

/** The server's recent output, after a failure. */
export function printServerLog(server) {
  console.error(`--- server output (tail) ---\n${server?.log().slice(-4000) ?? ''}`);
}
