// End-to-end test of a team's private problem in a real browser against the real server (issue
// 21 item 1): an admin uploads a problem folder with an error on the Questions page and sees the
// finding by file and line; fixes the file in the browser's editor and sends it, and the server's
// checks accept it; builds an assessment with it from the picker, where it is marked Private;
// practice mode neither lists nor opens it. A problem started from the template passes the checks
// unchanged. Console errors fail the test.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printServerLog, problemsDir, run, screenshot, startScenario, steps } from './harness.mjs';

const ADMIN = 'lead@acme.test';
const PASSWORD = 'correct horse battery staple';
const SLUG = 'reverse-words-acme';
const TITLE = 'Acme private screen';
/** The server runs every check of `verdict check` (the submissions, the mutants): give it time. */
const CHECK_MS = 180_000;

let scenario = null;
let page = null;
let work = null;
const pageErrors = [];

// Failed requests the app expects and handles: Chromium reports them on the console as errors.
const EXPECTED_FAILURES = [
  { status: 401, url: /\/api\/auth\/me$/ }, // not signed in yet
  // Practice has no private problem: its page asks for it and its draft, as for any unknown slug.
  { status: 404, url: new RegExp(`/api/problems/${SLUG}$`) },
  { status: 404, url: new RegExp(`/api/drafts/${SLUG}$`) },
];

function localInput(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

before(async () => {
  scenario = await startScenario('private');
  page = await scenario.newPage({ name: 'team', errors: pageErrors, expected: EXPECTED_FAILURES });
  work = mkdtempSync(join(tmpdir(), 'verdict-e2e-private-'));
});

after(async () => {
  await scenario?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const step = steps(async () => {
  if (page) await screenshot(page, 'private-failure.png').catch(() => {});
  printServerLog(scenario?.server);
});

test('a private problem: upload with an error, fix it in the browser, use it, practice never sees it', { timeout: 600_000 }, async (t) => {
  await step(t, 'the admin is made by the admin command and signs in', async () => {
    await page.goto((await scenario.createUser(ADMIN)).setupPath);
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.waitForURL(/#\/team$/);
  });

  await step(t, 'an upload with an error is rejected, its finding shown by file and line', async () => {
    // The catalogue's reverse-words as the team's own, with a difficulty the format lacks.
    const folder = join(work, SLUG);
    cpSync(join(problemsDir, 'reverse-words'), folder, { recursive: true });
    const manifest = readFileSync(join(folder, 'problem.toml'), 'utf8').replace('slug = "reverse-words"', `slug = "${SLUG}"`);
    writeFileSync(join(folder, 'problem.toml'), manifest.replace('difficulty = "easy"', 'difficulty = "impossible"'));
    const archive = join(work, `${SLUG}.tar.gz`);
    await run('tar', ['-czf', archive, '-C', work, SLUG]);

    await page.locator('.app-nav').getByRole('link', { name: 'Questions' }).click();
    await page.getByRole('heading', { level: 1, name: 'Questions' }).waitFor();
    await page.getByText('No private problems yet.').waitFor();
    await page.getByLabel('Archive').setInputFiles(archive);
    await page.getByRole('button', { name: 'Upload and check' }).click();
    const finding = page.locator('tr.finding').filter({ hasText: 'problem.toml' });
    await finding.waitFor();
    const cells = await finding.locator('td').allInnerTexts();
    assert.equal(cells[0], 'problem.toml');
    assert.equal(cells[1], '3', `the line of the difficulty: ${cells}`);
    assert.match(cells[2], /difficulty|impossible|variant/i);
    await page.locator(`tr[data-slug="${SLUG}"]`).filter({ hasText: 'Rejected' }).waitFor();
  });

  await step(t, 'the file is fixed in the browser, checked on the server and accepted', async () => {
    await page.getByRole('button', { name: 'Edit the files' }).click();
    const manifest = page.locator('textarea[data-path="problem.toml"]');
    await manifest.waitFor();
    const text = await manifest.inputValue();
    assert.match(text, /difficulty = "impossible"/);
    await manifest.fill(text.replace('difficulty = "impossible"', 'difficulty = "easy"'));
    await page.getByRole('button', { name: 'Check and save' }).click();
    await page.getByText('The checks are running…').waitFor();
    await page.getByText('Version 2 passed every check', { exact: false }).waitFor({ timeout: CHECK_MS });
    await page.locator(`tr[data-slug="${SLUG}"]`).filter({ hasText: 'Accepted' }).waitFor();
  });

  await step(t, 'the assessment builder offers it beside the catalogue, marked Private', async () => {
    await page.locator('.app-nav').getByRole('link', { name: 'Assessments' }).click();
    await page.getByRole('button', { name: 'New assessment' }).click();
    const form = page.locator('#new-assessment');
    await form.getByLabel('Title').fill(TITLE);
    await form.getByLabel('Duration (minutes)').fill('30');
    const now = new Date();
    await form.getByLabel('Window opens').fill(localInput(new Date(now.getTime() - 60_000)));
    await form.getByLabel('Window closes').fill(localInput(new Date(now.getTime() + 24 * 3600_000)));
    const combo = form.getByRole('combobox', { name: 'Problem', exact: true });
    await combo.fill('private');
    const option = form.getByRole('listbox').locator(`[role="option"][data-slug="${SLUG}"]`);
    await option.waitFor();
    assert.match(await option.innerText(), /Private/);
    await combo.press('Enter');
    await form.locator(`li.chosen-problem[data-slug="${SLUG}"]`).waitFor();
    // The practice problem list offers no private problem.
    assert.equal(await form.locator(`option[value="${SLUG}"]`).count(), 0, 'a private problem is never the practice problem');
    await form.getByRole('button', { name: 'Create assessment' }).click();
    await page.waitForURL(/#\/team\/assessments\/[^/]+$/);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    assert.match(await page.locator('#overview').innerText(), /Reverse the words/);
  });

  await step(t, 'practice mode neither lists nor opens it', async () => {
    await page.goto('/#/');
    await page.locator('a[href="#/problems/reverse-words"]').first().waitFor();
    assert.equal(await page.locator(`a[href="#/problems/${SLUG}"]`).count(), 0, 'not in the practice list');
    await page.goto(`/#/problems/${SLUG}`);
    await page.getByText(/no problem/i).first().waitFor();
    const api = await page.request.get(`/api/problems/${SLUG}`);
    assert.equal(api.status(), 404);
  });

  await step(t, 'a function problem started from the template passes the checks as it is', async () => {
    await page.goto('/#/team/questions');
    await page.getByRole('heading', { level: 1, name: 'Questions' }).waitFor();
    await page.getByLabel('Slug').fill('template-words');
    await page.getByRole('button', { name: 'Start from the template' }).click();
    await page.locator('textarea[data-path="tests/hidden.json"]').waitFor();
    await page.getByRole('button', { name: 'Check and save' }).click();
    await page.getByText('Version 1 passed every check', { exact: false }).waitFor({ timeout: CHECK_MS });
    await page.locator('tr[data-slug="template-words"]').filter({ hasText: 'Accepted' }).waitFor();
  });

  await step(t, 'nothing went wrong in the pages', async () => {
    assert.deepEqual(pageErrors, []);
  });
});
