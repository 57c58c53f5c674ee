// End-to-end test of custom input by field in a real browser, on a catalogue of two problems
// copied from problems/ (two-sum, a function of two parameters; lru-cache, a class): the fields
// are labelled with the parameters' names and pre-filled from the first sample as Python
// literals; a run on a tuple argument shows the result as Python shows it (a tuple, `9.0`); a
// text that is not a literal is named at its field with Python's message; a class problem's
// call list is edited (a call added, moved, removed) and run; a custom run's results are marked
// out of date once a field or the code changes.

import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { printServerLog, problemsDir, replaceCode, screenshot, startScenario, steps, VERDICT_MS } from './harness.mjs';

// Says what it was given: the type of `nums` and `target` as a float.
const TYPES = 'def two_sum(nums, target):\n    return (type(nums).__name__, nums, target * 1.0)\n';
const LRU =
  'class LRUCache:\n    def __init__(self, capacity):\n        self.capacity, self.items = capacity, {}\n\n' +
  '    def get(self, key):\n        if key not in self.items:\n            return -1\n' +
  '        self.items[key] = self.items.pop(key)\n        return self.items[key]\n\n' +
  '    def put(self, key, value):\n        self.items.pop(key, None)\n        self.items[key] = value\n' +
  '        if len(self.items) > self.capacity:\n            del self.items[next(iter(self.items))]\n';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core on the custom input (the fields, the call list): no serious or critical violation. */
async function audit(where) {
  await page.evaluate(axeSource);
  const { violations } = await page.evaluate(() =>
    window.axe.run(document.querySelector('.literal-input'), { resultTypes: ['violations'] }),
  );
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
  assert.deepEqual(bad, [], `axe-core on ${where}:\n${bad.join('\n')}`);
}

let catalogue = null;
let scenario = null;
let page = null;
const pageErrors = [];

before(async () => {
  catalogue = mkdtempSync(join(tmpdir(), 'verdict-e2e-custominput-problems-'));
  for (const slug of ['two-sum', 'lru-cache']) cpSync(join(problemsDir, slug), join(catalogue, slug), { recursive: true });
  scenario = await startScenario('custominput', { problems: catalogue });
  page = await scenario.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

after(async () => {
  await scenario?.stop();
  if (catalogue) rmSync(catalogue, { recursive: true, force: true });
});

const step = steps(async () => {
  if (page) await screenshot(page, 'custominput-failure.png');
  printServerLog(scenario?.server);
});

async function openProblem(title) {
  await page.goto('/');
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await page.locator('.cm-editor').waitFor();
}

/** Runs the custom input and waits for the verdict banner; returns the results' text. */
async function runCustom() {
  await page.getByRole('button', { name: 'Run custom input' }).click();
  const banner = page.locator('#results .banner[data-verdict]');
  await banner.waitFor({ timeout: VERDICT_MS });
  return page.locator('#results').innerText();
}

test('custom input by field, as Python literals', { timeout: 180_000 }, async (t) => {
  await step(t, 'one field per parameter, named and pre-filled from the first sample', async () => {
    await openProblem('Two sum');
    await page.getByLabel('Run on custom input').check();
    assert.equal(await page.getByLabel('nums', { exact: true }).inputValue(), '[2, 7, 11, 15]');
    assert.equal(await page.getByLabel('target', { exact: true }).inputValue(), '9');
    assert.equal(await page.locator('#custom-input').count(), 0, 'no JSON text box for a function problem');
    await audit('the fields of a function problem');
  });

  await step(t, 'a tuple argument reaches the function as a tuple and the result reads as Python', async () => {
    await replaceCode(page, TYPES);
    await page.getByLabel('nums', { exact: true }).fill('(3, 4)');
    const results = await runCustom();
    assert.match(results, /two_sum\(\(3, 4\), 9\)/, results);
    assert.match(results, /\('tuple', \(3, 4\), 9\.0\)/, results);
    await screenshot(page, 'custominput-tuple.png');
  });

  await step(t, 'editing a field after a custom run marks its results out of date', async () => {
    assert.equal(await page.locator('#results .stale-note').count(), 0);
    await page.getByLabel('target', { exact: true }).fill('10');
    await page.locator('#results .stale-note').waitFor();
    assert.match(await page.locator('#results .stale-note').innerText(), /out of date/);
    assert.ok(await page.locator('#results').evaluate((el) => el.classList.contains('is-stale')));
  });

  await step(t, 'a text that is not a literal is named at its field with Python\'s message', async () => {
    await page.getByLabel('nums', { exact: true }).fill('(1,');
    await page.getByRole('button', { name: 'Run custom input' }).click();
    const error = page.locator('.literal-input .field-error');
    await error.waitFor({ state: 'visible', timeout: VERDICT_MS });
    assert.match(await error.innerText(), /^nums: .*never closed/);
    assert.equal(await page.getByLabel('nums', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('target', { exact: true }).getAttribute('aria-invalid'), null);
  });

  await step(t, 'a class problem gets a call list, edited with the keyboard and run', async () => {
    await openProblem('LRU cache');
    await replaceCode(page, LRU);
    await page.getByLabel('Run on custom input').check();
    const rows = page.locator('.call-list > li');
    assert.equal(await rows.count(), 7, 'the first sample\'s calls');
    assert.equal(await page.getByLabel('Call 1: class').inputValue(), 'LRUCache');
    assert.equal(await page.getByLabel('Call 2: arguments').inputValue(), '1, 1');
    await audit('the call list of a class problem');
    // Add a call that reads a tuple key, written before it is put: moved below the put.
    await page.getByRole('button', { name: 'Add a call' }).click();
    await page.keyboard.type('get');
    await page.getByLabel('Call 8: arguments').fill('(5, 6)');
    await page.getByRole('button', { name: 'Add a call' }).click();
    await page.getByLabel('Call 9: method').fill('put');
    await page.getByLabel('Call 9: arguments').fill("(5, 6), 'x'");
    await rows.nth(7).getByRole('button', { name: 'Move this call down' }).press('Enter');
    assert.equal(await page.getByLabel('Call 9: method').inputValue(), 'get');
    // Remove the sample's last call.
    await rows.nth(6).getByRole('button', { name: 'Remove this call' }).click();
    assert.equal(await rows.count(), 8);
    const results = await runCustom();
    assert.equal(await page.locator('#results .banner').getAttribute('data-verdict'), 'AC', results);
    assert.match(results, /put\(\(5, 6\), 'x'\)\nget\(\(5, 6\)\)/, results);
    assert.match(results, /obj\.put\(\(5, 6\), 'x'\)  →  None/, 'each call reads as written: ' + results);
    assert.match(results, /obj\.get\(\(5, 6\)\)  →  'x'/, 'each value reads as Python: ' + results);
    assert.doesNotMatch(results, /\$arguments|\$literal/, results);
    await screenshot(page, 'custominput-calls.png');
  });

  await step(t, 'editing the code after a custom run marks its results out of date', async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('\n# edited');
    await page.locator('#results .stale-note').waitFor();
  });

  await step(t, 'no script error on the way', async () => {
    assert.deepEqual(pageErrors, []);
  });
});
