// End-to-end test of a debugging problem in a real browser, on a catalogue holding only the
// fixture `tests/fixtures/debug-running-max` (two bugs, at most 3 changed lines): the list and
// the problem page say "Debugging" and give the budget; a rewrite over the budget is refused
// (CLE) with the count and its diff against the starter; "Reset to starter code" brings the
// starter back; a fix of one bug is submitted and judged WA, its one-line diff shown.

import fs from 'node:fs';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { editorText, printServerLog, replaceCode, repo, screenshot, startScenario, steps, VERDICT_MS } from './harness.mjs';

const SLUG = 'debug-running-max';
const fixture = join(repo, 'tests/fixtures', SLUG);
const STARTER = fs.readFileSync(join(fixture, 'starter.py'), 'utf8');
const REWRITE = 'from itertools import accumulate\n\ndef running_max(xs):\n    return list(accumulate(xs, max))\n';

let catalogue = null;
let scenario = null;
let page = null;
const pageErrors = [];

before(async () => {
  catalogue = mkdtempSync(join(tmpdir(), 'verdict-e2e-debugging-problems-'));
  cpSync(fixture, join(catalogue, SLUG), { recursive: true });
  scenario = await startScenario('debugging', { problems: catalogue });
  page = await scenario.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  // "Reset to starter code" asks first.
  page.on('dialog', (dialog) => dialog.accept());
});

after(async () => {
  await scenario?.stop();
  if (catalogue) rmSync(catalogue, { recursive: true, force: true });
});

const step = steps(async () => {
  if (page) await screenshot(page, 'debugging-failure.png');
  printServerLog(scenario?.server);
});

test('a candidate fixes a debugging problem in the browser', { timeout: 180_000 }, async (t) => {
  await step(t, 'the list and the problem page say Debugging and give the budget', async () => {
    await page.goto('/');
    const row = page.locator(`tr[data-slug="${SLUG}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /Debugging/);
    await page.getByRole('link', { name: 'Fix the running maximum' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fix the running maximum' }).waitFor();
    await page.locator('.cm-editor').waitFor();
    assert.match(await page.locator('.problem-header .meta').innerText(), /Debugging/);
    assert.match(await page.locator('.debug-note').innerText(), /Change at most 3 lines/);
    assert.equal(await editorText(page), STARTER, 'the buggy starter is in the editor');
  });

  await step(t, 'a rewrite over the budget is refused with the count and its diff', async () => {
    await replaceCode(page, REWRITE);
    await page.getByRole('button', { name: 'Run samples' }).click();
    const banner = page.locator('#results .banner[data-verdict]');
    await banner.waitFor({ timeout: VERDICT_MS });
    const results = await page.locator('#results').innerText();
    assert.equal(await banner.getAttribute('data-verdict'), 'CLE', results);
    assert.match(results, /Your answer changes 7 lines of the starter; this problem allows 3\./, results);
    // The label's text as written (CSS shows it in capitals).
    const label = page.locator('#results .changes .detail-label');
    assert.equal(await label.textContent(), 'Your changes to the starter: 7 lines changed (at most 3 allowed)');
    assert.match(await page.locator('#results .changes .diff-del').first().innerText(), /^-    result = \[\]$/);
    assert.equal(await page.locator('#results .tests').count(), 0, 'no test ran');
    await screenshot(page, 'debugging-refused.png');
  });

  await step(t, 'Reset to starter code brings the starter back', async () => {
    await page.getByRole('button', { name: 'Reset to starter code' }).click();
    assert.equal(await editorText(page), STARTER);
  });

  await step(t, 'a fix of one bug of two is judged wrong, with its one-line diff', async () => {
    await replaceCode(page, STARTER.replace('xs[1:]', 'xs'));
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    const banner = page.locator('#results .banner[data-verdict]');
    await banner.waitFor({ timeout: VERDICT_MS });
    const results = await page.locator('#results').innerText();
    assert.equal(await banner.getAttribute('data-verdict'), 'WA', results);
    const label = await page.locator('#results .changes .detail-label').textContent();
    assert.equal(label, 'Your changes to the starter: 1 line changed (at most 3 allowed)', results);
    assert.deepEqual(await page.locator('#results .changes .diff-del, #results .changes .diff-add').allInnerTexts(), [
      '-    for x in xs[1:]:',
      '+    for x in xs:',
    ]);
    await screenshot(page, 'debugging-one-fix.png');
  });

  await step(t, 'no script errors on the page', async () => {
    assert.deepEqual(pageErrors, []);
  });
});
