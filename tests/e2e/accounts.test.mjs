// End-to-end test of candidates' own accounts in a real browser against the real server, with
// real mail: `verdict serve --smtp-url` sends to an SMTP server on loopback
// (tests/support/smtp_capture.py, aiosmtpd) that writes each message to a folder read here.
// An anonymous candidate solves a problem and leaves a draft on another, signs up from the
// header, confirms the address from the captured mail; in a fresh browser context (no cookies
// in common) signs in by password and finds the solved mark in the list and the draft in the
// editor and the hint revealed before signing up; solves that problem and reads its write-up;
// runs custom input by fields with a tuple argument; then deletes the account. Console errors
// fail the test.
//
//   npm ci && node --test accounts.test.mjs   (in tests/e2e; the server binary and web app built)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createServer } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editorText, printServerLog, repo, replaceCode, screenshot, startScenario, steps, VERDICT_MS } from './harness.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const EMAIL = 'ada@example.test';
const PASSWORD = 'correct horse battery staple';
const CORRECT = `import math


def calculate_pi(n):
    total = 0.0
    for i in range(1, n):
        total += 1 / i**2
    return math.sqrt(6 * total)
`;
const REVERSE_WORDS = readFileSync(join(repo, 'problems/reverse-words/submissions/accepted/reference.py'), 'utf8');
// Says what it was given: the type of `nums`, and `target` as a float.
const TYPES = 'def two_sum(nums, target):\n    return (type(nums).__name__, nums, target * 1.0)\n';
const DRAFT = `def is_palindrome(s):
    # work in progress, left anonymously
    return s == s[::-1]
`;

let scenario = null;
let smtp = null;
let mailDir = null;
const pages = [];
const pageErrors = [];

// Failed requests the app expects and handles: Chromium reports them on the console as errors.
const EXPECTED_FAILURES = [
  { status: 404, url: /\/api\/drafts\/[^/]+$/ }, // no draft saved yet
  { status: 422, url: /\/api\/account\/signup$/ }, // a short password on purpose: the server names the field
];

/** aiosmtpd on a free loopback port, writing every message to a folder: `{ port, child }`. */
function startSmtp(dir) {
  const child = spawn('/usr/bin/python3', [join(repo, 'tests/support/smtp_capture.py'), dir, '--refuse', '0'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolvePromise, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolvePromise({ port: Number(line), child }));
    child.once('error', reject);
  });
}

/** A port free now (the server takes it next: the public URL, which links and the origin check
 * use, must name it). */
function freePort() {
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePromise(port));
    });
  });
}

/** The messages received so far, as text with quoted-printable soft breaks and escapes undone. */
function messages() {
  return readdirSync(mailDir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) =>
      readFileSync(join(mailDir, f), 'utf8')
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
    );
}

async function waitForMessage(count) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const got = messages();
    if (got.length >= count) return got;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no message ${count} within 30 s`);
}

/** axe-core on the page as it is: no serious or critical violation (as access.test.mjs). */
async function audit(page, where) {
  await page.evaluate(axeSource);
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
  assert.deepEqual(bad, [], `axe-core on ${where}:\n${bad.join('\n')}`);
}

async function newPage(name) {
  const page = await scenario.newPage({ name, errors: pageErrors, expected: EXPECTED_FAILURES });
  pages.push([page, `accounts-failure-${name}.png`]);
  return page;
}

before(async () => {
  mailDir = mkdtempSync(join(tmpdir(), 'verdict-e2e-mail-'));
  smtp = await startSmtp(mailDir);
  const port = await freePort();
  scenario = await startScenario('accounts', {
    addr: `127.0.0.1:${port}`,
    serveArgs: [
      '--public-url',
      `http://127.0.0.1:${port}`,
      '--smtp-url',
      `smtp://127.0.0.1:${smtp.port}`,
      '--mail-from',
      'Verdict <no-reply@verdict.test>',
    ],
  });
});

after(async () => {
  await scenario?.stop();
  smtp?.child.stdin.end();
  smtp?.child.kill();
  if (mailDir) rmSync(mailDir, { recursive: true, force: true });
});

const step = steps(async () => {
  for (const [page, file] of pages) await screenshot(page, file).catch(() => {});
  printServerLog(scenario?.server);
});

test('an anonymous candidate signs up and finds their progress on a fresh browser', { timeout: 300_000 }, async (t) => {
  let first = null;
  let second = null;

  await step(t, 'anonymously, a problem is solved and another left as a draft', async () => {
    first = await newPage('first');
    await first.goto('/#/problems/calculate-pi');
    await first.locator('.cm-content').waitFor();
    await replaceCode(first, CORRECT);
    await first.getByRole('button', { name: 'Submit', exact: true }).click();
    const banner = first.locator('#results .banner[data-verdict]');
    await banner.waitFor({ timeout: VERDICT_MS });
    assert.equal(await banner.getAttribute('data-verdict'), 'AC', await first.locator('#results').innerText());
    await first.goto('/#/problems/is-palindrome');
    await first.locator('.cm-content').waitFor();
    const saved = first.waitForResponse((r) => r.url().endsWith('/api/drafts/is-palindrome') && r.request().method() === 'PUT');
    await replaceCode(first, DRAFT);
    assert.equal((await saved).status(), 204);
    // A hint revealed anonymously, with no code written.
    await first.goto('/#/problems/reverse-words');
    await first.locator('section.aids').getByRole('button', { name: /^Reveal hint 1 of/ }).click();
    await first.locator('section.aids .hint').first().waitFor();
  });

  await step(t, 'the header leads to sign-up, which asks to check the mail', async () => {
    await first.goto('/#/');
    await first.locator('.app-nav').getByRole('link', { name: 'Sign in', exact: true }).click();
    await first.getByRole('heading', { level: 1, name: 'Sign in to practise' }).waitFor();
    await first.getByRole('link', { name: 'No account? Sign up' }).click();
    await first.getByRole('heading', { level: 1, name: 'Create a practice account' }).waitFor();
    await first.getByLabel('Email').fill(EMAIL);
    await first.getByLabel('Password').fill('too short');
    await first.getByRole('button', { name: 'Sign up' }).click();
    await first.getByRole('alert').filter({ hasText: 'at least 10 characters' }).waitFor();
    assert.equal(await first.getByLabel('Password').getAttribute('aria-invalid'), 'true', 'the field at fault is marked');
    await first.getByLabel('Password').fill(PASSWORD);
    await first.getByRole('button', { name: 'Sign up' }).click();
    await first.getByRole('status').filter({ hasText: 'Check your mail' }).waitFor();
  });

  await step(t, 'the mailed link confirms the address and signs this browser in', async () => {
    const [mail] = await waitForMessage(1);
    assert.match(mail, /Subject: Confirm your Verdict account/);
    const token = mail.match(/#\/account\/verify\/([0-9a-f]{64})/)?.[1];
    assert.ok(token, `a verify link in:\n${mail}`);
    await first.goto(`/#/account/verify/${token}`);
    await first.getByText(`Signed in as ${EMAIL}`).waitFor();
    await first.locator('.app-nav').getByRole('link', { name: 'Your account' }).waitFor();
  });

  await step(t, 'on a fresh browser, signing in shows the solved mark and the draft', async () => {
    second = await newPage('second');
    await second.goto('/#/account/signin');
    await second.locator('#account-email').waitFor();
    await audit(second, 'the sign-in page');
    await second.setViewportSize({ width: 390, height: 844 });
    const overflow = await second.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'no horizontal scroll at 390 px');
    await screenshot(second, 'accounts-signin-390.png');
    await second.setViewportSize({ width: 1440, height: 1000 });
    await second.locator('#account-email').fill(EMAIL);
    await second.locator('#account-password').fill(PASSWORD);
    await second.getByRole('button', { name: 'Sign in', exact: true }).click();
    await second.waitForURL(/#\/$/);
    const row = second.locator('tr[data-slug="calculate-pi"]');
    await row.waitFor();
    await second.locator('.app-nav').getByRole('link', { name: 'Your account' }).waitFor();
    await second.reload();
    await row.waitFor();
    assert.match(await row.innerText(), /Solved/);
    await second.goto('/#/problems/is-palindrome');
    await second.locator('.cm-content').waitFor();
    await second.waitForFunction(() => document.querySelector('.cm-content')?.textContent.includes('work in progress'));
    assert.equal(await editorText(second), DRAFT);
  });

  await step(t, 'the hint revealed anonymously followed the account; solving opens the write-up', async () => {
    await second.goto('/#/problems/reverse-words');
    await second.locator('section.aids .hint').first().waitFor();
    assert.equal(await second.locator('section.aids .hint').count(), 1, 'the one hint revealed before signing up');
    assert.equal(await second.locator('section.aids .writeup').count(), 0, 'no write-up before solving');
    await replaceCode(second, REVERSE_WORDS);
    await second.getByRole('button', { name: 'Submit', exact: true }).click();
    const banner = second.locator('#results .banner[data-verdict]');
    await banner.waitFor({ timeout: VERDICT_MS });
    assert.equal(await banner.getAttribute('data-verdict'), 'AC', await second.locator('#results').innerText());
    await second.locator('section.aids .writeup').waitFor();
    assert.match(await second.locator('section.aids .complexity').innerText(), /Time/);
    await audit(second, 'a solved problem with its hint and write-up');
  });

  await step(t, 'custom input by fields: a tuple argument, shown as Python shows it', async () => {
    await second.goto('/#/problems/two-sum');
    await second.locator('.cm-content').waitFor();
    await replaceCode(second, TYPES);
    await second.getByLabel('Run on custom input').check();
    await second.getByLabel('nums', { exact: true }).fill('(3, 4)');
    await second.getByRole('button', { name: 'Run custom input' }).click();
    await second.locator('#results .banner[data-verdict]').waitFor({ timeout: VERDICT_MS });
    const results = await second.locator('#results').innerText();
    assert.match(results, /\('tuple', \(3, 4\), 9\.0\)/, results);
    await audit(second, 'a custom run');
    await screenshot(second, 'accounts-custom-tuple.png');
  });

  await step(t, 'the account page deletes the account and its work', async () => {
    await second.goto('/#/account');
    await second.getByText(`Signed in as ${EMAIL}.`).waitFor();
    await audit(second, 'the account page');
    await second.getByRole('button', { name: 'Delete my account and data' }).click();
    await second.getByRole('alert').filter({ hasText: 'Tick the box' }).waitFor();
    await second.getByLabel('I understand this cannot be undone').check();
    await second.getByRole('button', { name: 'Delete my account and data' }).click();
    const done = second.getByRole('status').filter({ hasText: 'Deleted' });
    await done.waitFor();
    // calculate-pi and reverse-words were submitted; the four problems edited autosaved a draft;
    // both browsers had a session.
    assert.match(await done.innerText(), /2 submission\(s\), 4 draft\(s\) and 2 session\(s\)/);
    await second.locator('.app-nav').getByRole('link', { name: 'Sign in', exact: true }).waitFor();
    await screenshot(second, 'accounts-deleted.png');
  });

  await step(t, 'no script errors on the pages', async () => {
    assert.deepEqual(pageErrors, []);
  });
});
