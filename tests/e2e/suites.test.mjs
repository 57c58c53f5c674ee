// End-to-end test of a test-writing problem in a real browser against the real server.
//
// The candidate finds bank-account-tests through the list's Tests filter, reads what to write
// (a pytest or unittest file for the module `account`; no custom input), types a weak suite key
// by key and submits it: their tests pass on the correct implementation, the coverage they reach
// is shown, and the sample bug is missed. Then a suite that fails on the correct code is
// rejected, naming the failing test with pytest's report. A hiring team then finds the problem
// under Tests in the assessment builder, a candidate submits a suite in an attempt, and the
// candidate's report shows the bugs caught and the coverage. Script errors fail the test.
//
//   npm ci && npm test                      (in tests/e2e; the server binary and web app built)

import fs from 'node:fs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { editorText, printServerLog, replaceCode, screenshot, startScenario, steps, VERDICT_MS } from './harness.mjs';

const SLUG = 'bank-account-tests';
// Deposits only: withdraw's overdraft (the sample bug) goes unnoticed.
const WEAK_SUITE = 'from account import Account\n\ndef test_deposit():\n    assert Account(5).deposit(3) == 8';
// Catches the overdraft (the sample bug), and the bugs that break withdraw's message.
const OVERDRAFT_SUITE = `import pytest
from account import Account


def test_no_overdraft():
    with pytest.raises(ValueError, match="insufficient funds"):
        Account(5).withdraw(6)
`;
const FAILS_ON_CORRECT_CODE = fs.readFileSync(
  new URL(`../../problems/${SLUG}/submissions/wrong_answer/fails-on-correct-code.py`, import.meta.url),
  'utf8',
);

let scenario = null;
let page = null;
let teamPage = null;
let candidatePage = null;
const pageErrors = [];

/** A `datetime-local` value in this machine's time zone (the browser's too). */
function localInput(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

async function newPage(name) {
  const opened = await scenario.newPage();
  opened.on('pageerror', (err) => pageErrors.push(`${name}: ${err.message}`));
  opened.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
  });
  return opened;
}

before(async () => {
  scenario = await startScenario('suites');
  page = await newPage('practice');
});

after(() => scenario?.stop());

const step = steps(async () => {
  for (const [shown, file] of [
    [page, 'suites-failure.png'],
    [teamPage, 'suites-failure-team.png'],
    [candidatePage, 'suites-failure-candidate.png'],
  ]) {
    if (shown) await screenshot(shown, file).catch(() => {});
  }
  printServerLog(scenario?.server);
});

/** Submit what the editor holds and wait for the submission's verdict: the results' text. */
async function submitAndWait(on = page) {
  await on.getByRole('button', { name: 'Submit' }).click();
  await on.locator('#results .banner[data-verdict]', { hasText: 'Submission' }).waitFor({ timeout: VERDICT_MS });
  return on.locator('#results').innerText();
}

test('a candidate writes tests for a bank account in the browser', { timeout: 180_000 }, async (t) => {
  await step(t, 'the Tests filter lists the problem, and its page says what to write', async () => {
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Practice problems' }).waitFor();
    await page.getByLabel('Kind').selectOption({ label: 'Tests' });
    const row = page.locator(`tr[data-slug="${SLUG}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /Tests/);
    await row.getByRole('link', { name: 'Test a bank account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Test a bank account' }).waitFor();
    await page.locator('.cm-editor').waitFor();
    assert.equal(await page.locator('.meta .chip', { hasText: /^Tests$/ }).count(), 1, 'the kind is shown');
    const guide = await page.locator('.suite-guide').innerText();
    assert.match(guide, /pytest test functions or unittest\.TestCase classes/);
    assert.match(guide, /from account import …/);
    assert.match(guide, /withdraw lets the balance go below zero/, 'the sample bug is named');
    assert.equal(await page.locator('#custom-toggle').count(), 0, 'a suite takes no custom input');
    assert.match(await page.locator('#code-heading').innerText(), /Your tests/i);
  });

  await step(t, 'a weak suite passes on the correct code, shows its coverage and misses the sample bug', async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    // CodeMirror closes brackets and indents the body of the def by itself.
    await page.keyboard.type('from account import Account');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('def test_deposit():');
    await page.keyboard.press('Enter');
    await page.keyboard.type('assert Account(5).deposit(3) == 8');
    assert.equal(await editorText(page), WEAK_SUITE);

    const results = await submitAndWait();
    const banner = page.locator('#results .banner[data-verdict]');
    assert.equal(await banner.getAttribute('data-verdict'), 'WA', results);
    assert.match(await banner.innerText(), /(Some bugs missed|No bug caught) \(WA\)/, results);
    assert.match(await banner.innerText(), /caught \d of \d bugs \(weighted \d+(\.\d)?%\)/, results);

    const gate = page.locator('#results li.test[data-number="1"]');
    assert.equal(await gate.getAttribute('data-verdict'), 'AC', results);
    assert.match(await gate.innerText(), /Your tests on the correct implementation/);
    assert.match(await gate.locator('.suite-counts').innerText(), /^1 test: 1 passed, 0 failed, 0 skipped$/);
    assert.match(await gate.locator('[data-coverage="lines"]').innerText(), /Lines\s+\d+% \(\d+ of \d+\)/);
    assert.match(await gate.locator('[data-coverage="branches"]').innerText(), /Branches\s+\d+% \(\d+ of \d+\)/);

    const bug = page.locator('#results li.test[data-number="2"]');
    assert.equal(await bug.getAttribute('data-verdict'), 'WA', results);
    assert.match(await bug.innerText(), /Bug 2: withdraw lets the balance go below zero — missed: every test passed on it/);
    assert.match(await bug.innerText(), /Missed/);
    const hidden = page.locator('#results li.test[data-number="3"]');
    assert.match(await hidden.innerText(), /Hidden bug 3/);
    assert.equal(await hidden.locator('details').count(), 0, 'a hidden bug shows no detail');
    await screenshot(page, 'tests-weak-suite.png');
  });

  await step(t, 'a suite that fails on the correct code is rejected, naming the failing test', async () => {
    await replaceCode(page, FAILS_ON_CORRECT_CODE);
    const results = await submitAndWait();
    const banner = page.locator('#results .banner[data-verdict]');
    assert.equal(await banner.getAttribute('data-verdict'), 'WA', results);
    assert.match(await banner.innerText(), /Your tests fail on the correct implementation \(WA\)/, results);
    assert.match(await banner.innerText(), /failing: test_withdraw_everything/, results);
    assert.match(await banner.innerText(), /Score 0%/, results);
    const gate = page.locator('#results li.test[data-number="1"]');
    assert.equal(await gate.getAttribute('data-verdict'), 'WA', results);
    assert.match(await gate.locator('.verdict-chip').innerText(), /Tests failed/);
    assert.equal(await gate.locator('.failed-name').innerText(), '✗ test_withdraw_everything');
    assert.match(await gate.locator('.failed-test pre').innerText(), /assert Account\(10\)\.withdraw\(10\) == 10/);
    await screenshot(page, 'tests-fails-on-correct-code.png');
  });

});

test('a hiring team assesses with a test-writing problem and reads the bugs caught', { timeout: 240_000 }, async (t) => {
  const TITLE = 'Testing screen';
  let inviteToken = null;
  let assessmentUrl = null;

  await step(t, 'a team member builds an assessment of the problem, found under Tests, and invites a candidate', async () => {
    const { setupPath } = await scenario.createUser('lead@acme.test');
    teamPage = await newPage('team');
    await teamPage.goto(setupPath);
    await teamPage.getByLabel('New password').fill('correct horse battery staple');
    await teamPage.getByLabel('Repeat the password').fill('correct horse battery staple');
    await teamPage.getByRole('button', { name: 'Set password and sign in' }).click();
    await teamPage.getByRole('heading', { level: 1, name: 'Assessments' }).waitFor();

    await teamPage.getByRole('button', { name: 'New assessment' }).click();
    const form = teamPage.locator('#new-assessment');
    await form.getByLabel('Title').fill(TITLE);
    await form.getByLabel('Duration (minutes)').fill('30');
    const now = new Date();
    await form.getByLabel('Window opens').fill(localInput(new Date(now.getTime() - 60_000)));
    await form.getByLabel('Window closes').fill(localInput(new Date(now.getTime() + 24 * 3600_000)));
    // The picker filters by kind as well as by name: the problem is found as a Tests problem.
    const picker = form.getByRole('combobox', { name: 'Problem', exact: true });
    await picker.fill(`tests ${SLUG}`);
    const first = form.getByRole('option').first();
    assert.equal(await first.getAttribute('data-slug'), SLUG, 'the first match');
    assert.match(await first.locator('.picker-meta').innerText(), /^Tests/, 'listed as a Tests problem');
    await picker.press('Enter');
    assert.match(await form.locator(`li.chosen-problem[data-slug="${SLUG}"]`).innerText(), /Tests · Easy/);
    await form.getByRole('button', { name: 'Create assessment' }).click();
    await teamPage.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    assessmentUrl = new URL(teamPage.url()).hash;

    await teamPage.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
    await teamPage.getByLabel('Email', { exact: true }).fill('ada@example.test');
    await teamPage.getByRole('button', { name: 'Create invitation' }).click();
    const link = await teamPage.getByRole('textbox', { name: 'Invitation link for Ada Lovelace' }).inputValue();
    inviteToken = link.match(/#\/a\/([0-9a-f]{64})$/)?.[1];
    assert.ok(inviteToken, link);
  });

  await step(t, 'the candidate starts and submits a suite that catches the overdraft', async () => {
    candidatePage = await newPage('candidate');
    await candidatePage.goto(`/#/a/${inviteToken}`);
    await candidatePage.getByRole('button', { name: 'Start the assessment' }).click();
    await candidatePage.getByRole('heading', { level: 1, name: 'Test a bank account' }).waitFor();
    await candidatePage.locator('.cm-editor').waitFor();
    assert.equal(await candidatePage.locator('#custom-toggle').count(), 0, 'no custom input here either');
    await replaceCode(candidatePage, OVERDRAFT_SUITE);
    const results = await submitAndWait(candidatePage);
    const bug = candidatePage.locator('#results li.test[data-number="2"]');
    assert.equal(await bug.getAttribute('data-verdict'), 'AC', results);
    assert.match(await bug.innerText(), /caught by test_no_overdraft/, results);
  });

  await step(t, "the candidate's report shows the bugs caught and the coverage", async () => {
    await teamPage.goto(`/${assessmentUrl}`);
    const row = teamPage.locator('#report tr[data-status]', { hasText: 'Ada Lovelace' });
    await row.getByRole('link', { name: 'Ada Lovelace' }).click();
    await teamPage.getByRole('heading', { level: 1, name: 'Ada Lovelace' }).waitFor();
    const section = teamPage.locator(`section.candidate-problem[data-slug="${SLUG}"]`);
    const summary = await section.locator('.suite-summary').innerText();
    assert.match(summary, /Caught [1-4] of \d+ bugs · coverage: lines \d+%, branches \d+%/, summary);
    const gate = section.locator('li.test[data-number="1"]');
    assert.match(await gate.locator('[data-coverage="lines"]').innerText(), /Lines\s+\d+% \(\d+ of \d+\)/);
    assert.match(await section.locator('li.test[data-number="2"]').innerText(), /Bug 2: withdraw lets the balance go below zero — caught by test_no_overdraft/);
    assert.ok(await section.locator('li.test[data-verdict="WA"]').count(), 'a missed bug is listed as missed');
    await screenshot(teamPage, 'tests-candidate-report.png');
  });
});

test('no script errors on the pages', () => {
  assert.deepEqual(pageErrors, []);
});
