// End-to-end test of the web app in a real browser against the real server.
//
// Starts `verdict serve` on a free port with a fresh data directory, drives Debian's Chromium
// with playwright-core like a person would (click, type), and checks: the problem list, the
// editor, Run, Submit with live results (Accepted, then Wrong Answer with the sample's diff),
// autosave across a reload, the status shown in the list, an SQL problem's schema, sample
// data and row-order verdict, an ORM answer rejected on its query budget with its SQL, and a
// scenario problem's failed sample shown as a failing unittest.
//
//   npm ci && npm test                      (in tests/e2e; the server binary and web app built)
//   VERDICT_BIN=/path/to/verdict npm test   (another binary)
//   CHROMIUM=/path/to/chromium npm test     (another browser; default /usr/bin/chromium)

import fs from 'node:fs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { editorText, printServerLog, replaceCode, screenshot, startScenario, steps, VERDICT_MS } from './harness.mjs';

const CORRECT = `import math


def calculate_pi(n):
    total = 0.0
    for i in range(1, n):
        total += 1 / i**2
    return math.sqrt(6 * total)
`;
// One term too many.
const WRONG = CORRECT.replace('range(1, n)', 'range(1, n + 1)');
const EXPECTED_SAMPLE = '3.1414971543976273';
// What WRONG returns for the sample n = 10000 (JavaScript and Python floats agree here).
const WRONG_SAMPLE = (() => {
  let total = 0;
  for (let i = 1; i < 10000 + 1; i++) total += 1 / i ** 2;
  return String(Math.sqrt(6 * total));
})();

let scenario = null;
let page = null;
const pageErrors = [];

/** The leading whitespace CodeMirror put on the line the cursor is on. */
async function currentIndent() {
  const text = await page.locator('.cm-content .cm-activeLine').textContent();
  return text.length - text.trimStart().length;
}

/**
 * Type `code` into the focused editor key by key, like a person: CodeMirror indents new lines
 * and closes brackets by itself, so we type each line without its indentation, then fix the
 * indentation CodeMirror chose (Backspace removes one indent unit, Space adds one).
 */
async function typeCode(code) {
  const lines = code.split('\n');
  for (const [index, line] of lines.entries()) {
    if (index > 0) await page.keyboard.press('Enter');
    const want = line.length - line.trimStart().length;
    const content = line.trimStart();
    for (let guard = 0; guard < 20; guard++) {
      const have = await currentIndent();
      if (have === want || (content === '' && index === lines.length - 1 && have === 0)) break;
      if (have > want) await page.keyboard.press('Backspace');
      else await page.keyboard.type(' '.repeat(want - have));
    }
    if (content) await page.keyboard.type(content);
  }
}

/** An element's visible text: without the words only screen readers get. */
function shownText(locator) {
  return locator.evaluate((el) => {
    const copy = el.cloneNode(true);
    for (const hidden of copy.querySelectorAll('.sr-only')) hidden.remove();
    return copy.textContent.trim();
  });
}

before(async () => {
  scenario = await startScenario('browser');
  page = await scenario.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  // A script, style or image the Content-Security-Policy refuses shows only on the console.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
  });
});

after(() => scenario?.stop());

const step = steps(async () => {
  if (page) await screenshot(page, 'failure.png');
  printServerLog(scenario?.server);
});

test('a candidate solves calculate-pi in the browser', { timeout: 180_000 }, async (t) => {
  await step(t, 'the problem list opens and the problem is found through the UI', async () => {
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Practice problems' }).waitFor();
    const rows = page.locator('table.problems tbody tr');
    await rows.first().waitFor();
    assert.ok((await rows.count()) >= 10, 'the catalogue lists its problems');

    await page.getByLabel('Search').fill('pi');
    const link = page.getByRole('link', { name: "Approximate pi with Euler's sum" });
    await link.waitFor();
    const row = page.locator('tr[data-slug="calculate-pi"]');
    assert.match(await row.innerText(), /Easy/);
    assert.match(await row.innerText(), /Not tried/);
    await link.click();
    await page.waitForURL(/#\/problems\/calculate-pi$/);
    await page.getByRole('heading', { level: 1, name: "Approximate pi with Euler's sum" }).waitFor();
    await page.locator('.cm-editor').waitFor();
    assert.match(await page.locator('.statement').innerText(), /Euler showed/);
    assert.match(await editorText(page), /def calculate_pi\(n: int\) -> float:/, 'the starter code is in the editor');
  });

  await step(t, 'the solution is typed into the editor key by key', async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    assert.equal(await editorText(page), '');
    await typeCode(CORRECT);
    assert.equal(await editorText(page), CORRECT);
  });

  await step(t, 'Ctrl+Enter runs the samples', async () => {
    await page.keyboard.press('Control+Enter');
    const banner = page.locator('#results .banner[data-verdict]');
    await banner.waitFor({ timeout: VERDICT_MS });
    assert.equal(await banner.getAttribute('data-verdict'), 'AC', await page.locator('#results').innerText());
    assert.match(await banner.innerText(), /Accepted[\s\S]*Run on the samples/);
  });

  await step(t, 'Escape then Tab leaves the editor', async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'run-button');
  });

  await step(t, 'Submit is judged live and Accepted', async () => {
    await page.getByRole('button', { name: 'Submit' }).click();
    const banner = page.locator('#results .banner[data-verdict]');
    await banner.waitFor({ timeout: VERDICT_MS });
    const results = await page.locator('#results').innerText();
    assert.equal(await banner.getAttribute('data-verdict'), 'AC', results);
    assert.match(await banner.innerText(), /Accepted \(AC\)/);
    assert.match(await banner.innerText(), /Score 100%/);
    const tests = page.locator('#results li.test');
    assert.ok((await tests.count()) >= 9, `every test is listed:\n${results}`);
    assert.equal(await page.locator('#results li.test:not([data-verdict="AC"])').count(), 0);
    // Hidden tests show no data.
    assert.equal(await page.locator('#results li.test details').count(), 0, 'no detail on passed tests');
    await screenshot(page, 'accepted.png');
  });

  await step(t, 'a wrong solution gets Wrong Answer with the sample diff', async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText(WRONG);
    assert.equal(await editorText(page), WRONG);
    await page.getByRole('button', { name: 'Submit' }).click();
    const banner = page.locator('#results .banner[data-verdict]');
    await banner.waitFor({ timeout: VERDICT_MS });
    const results = await page.locator('#results').innerText();
    assert.equal(await banner.getAttribute('data-verdict'), 'WA', results);
    assert.match(await banner.innerText(), /Wrong Answer \(WA\)/);
    const sample = page.locator('#results li.test[data-number="1"]');
    assert.equal(await sample.getAttribute('data-verdict'), 'WA');
    assert.equal(await shownText(sample.locator('.diff-expected pre')), EXPECTED_SAMPLE);
    assert.equal(await shownText(sample.locator('.diff-actual pre')), WRONG_SAMPLE);
    assert.ok(await sample.locator('.diff-actual mark').count(), 'the differing digits are marked');
    assert.match(await sample.innerText(), /calculate_pi\(10000\)/, 'the failing sample shows its input');
    // Practice stops at the first failing hidden test and says so.
    assert.match(await banner.innerText(), /stopped at the first failing hidden test; \d+ more not run/);
    await screenshot(page, 'wrong-answer.png');
  });

  await step(t, 'the code is autosaved and comes back after a reload', async () => {
    await page.locator('.save-status', { hasText: 'All changes saved' }).waitFor();
    await page.reload();
    await page.locator('.cm-editor').waitFor();
    await page.waitForFunction(() => document.querySelector('.cm-content')?.textContent.includes('n + 1'));
    assert.equal(await editorText(page), WRONG);
    // Both submissions are in the history, newest first.
    const history = page.locator('.history-item');
    await history.nth(1).waitFor();
    assert.match(await history.nth(0).innerText(), /Wrong Answer/);
    assert.match(await history.nth(1).innerText(), /Accepted/);
  });

  await step(t, 'an endless loop can be cancelled while it is judged', async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText('def calculate_pi(n):\n    while True:\n        pass\n');
    await page.getByRole('button', { name: 'Submit' }).click();
    const cancel = page.getByRole('button', { name: 'Cancel', exact: true });
    await cancel.waitFor();
    await cancel.click();
    const banner = page.locator('#results .banner-title', { hasText: 'Cancelled' });
    await banner.waitFor({ timeout: VERDICT_MS });
    assert.match(await page.locator('#results').innerText(), /You stopped the judging/);
    await cancel.waitFor({ state: 'hidden' });
    await page.locator('.history-item', { hasText: 'Cancelled' }).first().waitFor();
    await screenshot(page, 'cancelled.png');
  });

  await step(t, 'the list shows the problem as solved', async () => {
    await page.getByRole('link', { name: '← All problems' }).click();
    const row = page.locator('tr[data-slug="calculate-pi"]');
    await row.waitFor();
    assert.match(await row.innerText(), /Solved/);
  });

  await step(t, 'an SQL problem shows its schema and sample data, and a missing ORDER BY is caught', async () => {
    await page.goto('/#/problems/sql-top-earners');
    await page.getByRole('heading', { level: 1, name: 'Top earners' }).waitFor();
    await page.locator('.cm-editor').waitFor();
    assert.match(await page.locator('.schema').innerText(), /Schema \(schema\.sql\)[\s\S]*CREATE TABLE employee/);
    const sampleTable = page.locator('.sample-data table.data-table').first();
    assert.match(await sampleTable.innerText(), /Dora[\s\S]*91000/);
    assert.equal(await page.locator('.sample-data td.is-null').count(), 1, 'the sample NULL is shown as NULL');
    await replaceCode(page, 'SELECT name, salary FROM employee WHERE salary >= 50000');
    await page.getByRole('button', { name: 'Run samples' }).click();
    const banner = page.locator('#results .banner[data-verdict]');
    await banner.waitFor({ timeout: VERDICT_MS });
    const results = await page.locator('#results').innerText();
    assert.equal(await banner.getAttribute('data-verdict'), 'WA', results);
    assert.match(results, /in the wrong order/, results);
    assert.match(await shownText(page.locator('#results .diff-expected pre')), /\| name +\| salary \|/);
    await replaceCode(page, 'SELECT name, salary\nFROM employee\nWHERE salary >= 50000\nORDER BY salary DESC, name');
    await page.getByRole('button', { name: 'Run samples' }).click();
    await page.locator('#results .banner[data-verdict="AC"]').waitFor({ timeout: VERDICT_MS });
    await screenshot(page, 'sql.png');
  });

  await step(t, 'an ORM answer over its query budget is Too Many Queries, with the SQL it sent', async () => {
    await page.goto('/#/problems/django-books-with-authors');
    await page.getByRole('heading', { level: 1, name: 'Books with their authors (Django)' }).waitFor();
    await page.locator('.cm-editor').waitFor();
    assert.match(await page.locator('.schema').innerText(), /Models \(models\.py\)[\s\S]*class Book\(models\.Model\)/);
    assert.match(await page.locator('.schema').innerText(), /at most 1 SQL query per call/);
    await replaceCode(page, 
      'from models import Book\n\n\ndef books_with_authors(since):\n' +
        '    return [[b.title, b.author.name] for b in Book.objects.filter(year__gte=since).order_by("title", "id")]\n',
    );
    await page.getByRole('button', { name: 'Run samples' }).click();
    const banner = page.locator('#results .banner[data-verdict]');
    await banner.waitFor({ timeout: VERDICT_MS });
    const results = await page.locator('#results').innerText();
    assert.equal(await banner.getAttribute('data-verdict'), 'QLE', results);
    assert.match(await banner.innerText(), /Too Many Queries \(QLE\)/);
    assert.match(results, /Too many queries: 5 of 1/);
    const log = page.locator('#results .sql-log');
    assert.match(await log.innerText(), /SQL sent: 5 queries \(budget 1\)/i, results);
    assert.match(await log.innerText(), /FROM "author" WHERE "author"\."id" = /);
    await screenshot(page, 'orm-budget.png');
  });

  await step(t, 'a scenario problem shows a failed sample scenario as a unittest would', async () => {
    await page.goto('/#/problems/run-length-tuples');
    await page.getByRole('heading', { level: 1, name: 'Lazy run-length encoding with itertools' }).waitFor();
    await page.locator('.cm-editor').waitFor();
    assert.equal(await page.locator('#custom-toggle').count(), 0, 'a problem without an entry offers no custom input');
    const code = fs.readFileSync(new URL('../../problems/run-length-tuples/submissions/wrong_answer/yields_lists.py', import.meta.url), 'utf8');
    await replaceCode(page, code);
    await page.getByRole('button', { name: 'Run samples' }).click();
    const banner = page.locator('#results .banner[data-verdict]');
    await banner.waitFor({ timeout: VERDICT_MS });
    const results = await page.locator('#results').innerText();
    assert.equal(await banner.getAttribute('data-verdict'), 'WA', results);
    assert.match(results, /def test_encode_and_decode\(solution, check\):/, results);
    assert.match(results, /test_encode_and_decode, line 8: check\(list\(solution\.rle_encode\("aaabcc"\)\)\)/, results);
    assert.match(results, /expected \[\('a', 3\), \('b', 1\), \('c', 2\)\]\nactual +\[\['a', 3\], \['b', 1\], \['c', 2\]\]/, results);
    assert.doesNotMatch(results, /"observations"/, 'raw observation records are not shown');
    await screenshot(page, 'scenario.png');
  });

  await step(t, 'no script errors on the page', async () => {
    assert.deepEqual(pageErrors, []);
  });
});
