// What both browser tests share: where things are, the browser they drive, the editor and
// screenshot helpers, and the steps of a scenario (after a failure the rest are skipped).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
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
 * `{ server, dataDir, newPage(), createUser(), stop() }`. `newPage()` opens a page in a browser
 * context of its own (no cookies in common with another) on the server, watched for errors when
 * given `errors`; `createUser()` runs the admin command; `stop()` ends it all and removes the data.
 */
export async function startScenario(name, { problems = problemsDir, serveArgs = [], addr } = {}) {
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
    server = await startServer({ bin, problems, data: dataDir, web, serveArgs, addr });
    browser = await launchBrowser();
  } catch (err) {
    await stop();
    throw err;
  }
  async function newPage({ name = 'page', errors = null, expected = [] } = {}) {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 1000 } });
    context.setDefaultTimeout(STEP_MS);
    const page = await context.newPage();
    if (errors) watchPage(page, { name, errors, expected, baseUrl: server.url });
    return page;
  }
  /** `verdict admin create-user EMAIL` on this scenario's data: `{ output, setupPath }`. */
  async function createUser(email, { team = 'Acme' } = {}) {
    const output = await run(bin, ['admin', 'create-user', email, '--team', team, '--data', dataDir, '--url', server.url]);
    const setupPath = output.match(/#\/setup\/[0-9a-f]+/)?.[0];
    assert.ok(setupPath, `the output holds a setup link:\n${output}`);
    return { output, setupPath: `/${setupPath}` };
  }
  return { server, dataDir, newPage, createUser, stop };
}

/**
 * Records on `errors` what goes wrong on `page`: its script errors, and its console errors
 * except failed requests the app expects and handles, which Chromium also reports as errors
 * (`expected`: `[{ status, url }]`, `url` a RegExp on the request's path).
 */
function watchPage(page, { name, errors, expected, baseUrl }) {
  page.on('pageerror', (err) => errors.push(`${name}: ${err.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    const url = message.location()?.url ?? '';
    const status = Number(text.match(/status of (\d{3})/)?.[1]);
    if (expected.some((f) => f.status === status && f.url.test(new URL(url, baseUrl).pathname))) return;
    errors.push(`${name} console: ${text} (${url})`);
  });
}

/** Runs `file` with `args`; resolves with its stdout and stderr, rejects naming both. */
export function run(file, args) {
  return new Promise((resolvePromise, reject) => {
    execFile(file, args, { timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolvePromise(`${stdout}\n${stderr}`);
    });
  });
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
