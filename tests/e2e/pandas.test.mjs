// End-to-end test of a pandas problem in a real browser, on a catalogue holding only the
// fixture `tests/fixtures/pandas-top-earners` (salaries at least a threshold, highest first,
// ties by name): the problem page shows the call and the sample's dataset as a table; an answer
// with a wrong row is judged WA and its failed sample shows the expected and the actual frames
// as tables, with the rows missing; an answer whose salaries are floats (a lenient dtype
// difference) is accepted.

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { printServerLog, replaceCode, repo, screenshot, startScenario, steps, VERDICT_MS } from './harness.mjs';

const SLUG = 'pandas-top-earners';
const fixture = join(repo, 'tests/fixtures', SLUG);
const FLOATS = `import pandas as pd


def top_earners(employee, threshold):
    chosen = employee[employee["salary"] >= threshold].astype({"salary": "float64"})
    return chosen.sort_values(["salary", "name"], ascending=[False, True])[["name", "salary"]]
`;
const GREATER = FLOATS.replace('>= threshold', '> threshold');

let catalogue = null;
let scenario = null;
let page = null;
const pageErrors = [];

before(async () => {
  catalogue = mkdtempSync(join(tmpdir(), 'verdict-e2e-pandas-problems-'));
  cpSync(fixture, join(catalogue, SLUG), { recursive: true });
  scenario = await startScenario('pandas', { problems: catalogue });
  page = await scenario.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

after(async () => {
  await scenario?.stop();
  if (catalogue) rmSync(catalogue, { recursive: true, force: true });
});

const step = steps(async () => {
  if (page) await screenshot(page, 'pandas-failure.png');
  printServerLog(scenario?.server);
});

async function run(code) {
  await replaceCode(page, code);
  await page.getByRole('button', { name: 'Run samples' }).click();
  const banner = page.locator('#results .banner[data-verdict]');
  await banner.waitFor({ timeout: VERDICT_MS });
  return { verdict: await banner.getAttribute('data-verdict'), text: await page.locator('#results').innerText() };
}

test('a candidate solves a pandas problem in the browser', { timeout: 180_000 }, async (t) => {
  await step(t, 'the problem page shows the call and the sample dataset as a table', async () => {
    await page.goto('/');
    const row = page.locator(`tr[data-slug="${SLUG}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /pandas/);
    await page.getByRole('link', { name: 'Top earners (pandas)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Top earners (pandas)' }).waitFor();
    await page.locator('.cm-editor').waitFor();
    const data = page.locator('.sample-data');
    assert.match(await data.innerText(), /top_earners\(employee, 50000\)/);
    const table = data.locator('table.data-table', { has: page.locator('caption', { hasText: 'employee' }) });
    assert.deepEqual(await table.locator('thead th').allInnerTexts(), ['id', 'name', 'department', 'salary']);
    assert.equal(await table.locator('tbody tr').count(), 4);
  });

  await step(t, 'a wrong row is judged WA and both frames are shown as tables', async () => {
    const { verdict, text } = await run(GREATER);
    assert.equal(verdict, 'WA', text);
    assert.match(text, /DataFrame, 3 rows\n\| name +\| salary \|/, text);
    assert.match(text, /DataFrame, 2 rows/, text);
    assert.match(text, /1 expected row is missing:/, text);
    assert.match(text, /\| Chen +\| 50000 +\|/, text);
    await screenshot(page, 'pandas-wrong-row.png');
  });

  await step(t, 'float salaries, a lenient dtype difference, are accepted', async () => {
    const { verdict, text } = await run(FLOATS);
    assert.equal(verdict, 'AC', text);
  });

  await step(t, 'no script errors on the page', async () => {
    assert.deepEqual(pageErrors, []);
  });
});
