// End-to-end test of a test-writing problem in a real browser against the real server.
//
// The candidate finds bank-account-tests through the list's Tests filter, reads what to write
// (a pytest or unittest file for the module `account`; no custom input), types a weak suite key
// by key and submits it: their tests pass on the correct implementation, the coverage they reach
// is shown, and the sample bug is missed. Then a suite that fails on the correct code is
// rejected, naming the failing test with pytest's report. Console errors fail the test.
//
//   npm ci && npm test                      (in tests/e2e; the server binary and web app built)

import fs from 'node:fs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { editorText, printServerLog, replaceCode, screenshot, startScenario, steps, VERDICT_MS } from './harness.mjs';

const SLUG = 'bank-account-tests';
// Deposits only: withdraw's overdraft (the sample bug) goes unnoticed.
const WEAK_SUITE = 'from account import Account\n\ndef test_deposit():\n    assert Account(5).deposit(3) == 8';
const FAILS_ON_CORRECT_CODE = fs.readFileSync(
  new URL(`../../problems/${SLUG}/submissions/wrong_answer/fails-on-correct-code.py`, import.meta.url),
  'utf8',
);

let scenario = null;
let page = null;
const pageErrors = [];

before(async () => {
  scenario = await startScenario('suites');
  page = await scenario.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
  });
});

after(() => scenario?.stop());

const step = steps(async () => {
  if (page) await screenshot(page, 'failure-suites.png');
  printServerLog(scenario?.server);
});

/** Submit what the editor holds and wait for the verdict: the results' text. */
async function submitAndWait() {
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.locator('#results .banner[data-verdict]').waitFor({ timeout: VERDICT_MS });
  return page.locator('#results').innerText();
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

  await step(t, 'no script errors on the page', async () => {
    assert.deepEqual(pageErrors, []);
  });
});
