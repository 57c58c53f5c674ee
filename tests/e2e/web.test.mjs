// End-to-end test of a web problem in a real browser, on a catalogue holding only the fixture
// `tests/fixtures/web-flask-notes` (a Flask notes resource): the problem page lists the sample's
// requests with the responses they must get; an app that answers 200 where 201 is required is
// judged WA and the failed sample shows each exchange as a request beside its expected and
// actual response, the differing status marked; a submission failing only a hidden test shows
// that test's verdict and nothing of its requests.

import fs from 'node:fs';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { printServerLog, replaceCode, repo, screenshot, startScenario, steps, VERDICT_MS } from './harness.mjs';

const SLUG = 'web-flask-notes';
const fixture = join(repo, 'tests/fixtures', SLUG);
const submission = (path) => fs.readFileSync(join(fixture, 'submissions', path), 'utf8');

let catalogue = null;
let scenario = null;
let page = null;
const pageErrors = [];

before(async () => {
  catalogue = mkdtempSync(join(tmpdir(), 'verdict-e2e-web-problems-'));
  cpSync(fixture, join(catalogue, SLUG), { recursive: true });
  scenario = await startScenario('web', { problems: catalogue });
  page = await scenario.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

after(async () => {
  await scenario?.stop();
  if (catalogue) rmSync(catalogue, { recursive: true, force: true });
});

const step = steps(async () => {
  if (page) await screenshot(page, 'web-failure.png');
  printServerLog(scenario?.server);
});

test('a candidate answers a web problem in the browser', { timeout: 180_000 }, async (t) => {
  await step(t, 'the problem page shows the sample requests and the responses they must get', async () => {
    await page.goto('/');
    const row = page.locator(`tr[data-slug="${SLUG}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /Web/);
    await page.getByRole('link', { name: 'A notes resource in Flask' }).click();
    await page.locator('.cm-editor').waitFor();
    const samples = page.locator('.sample-data');
    await samples.getByRole('heading', { name: 'Sample exchanges' }).waitFor();
    const exchanges = samples.locator('.exchange');
    assert.equal(await exchanges.count(), 2);
    const first = await exchanges.nth(0).innerText();
    assert.match(first, /POST \/notes\nContent-Type: application\/json/, first);
    assert.match(first, /HTTP 201 Created\nlocation: \/notes\/1/, first);
  });

  await step(t, '200 where 201 is required: the failed sample shows the exchange, status marked', async () => {
    await replaceCode(page, submission('wrong_answer/created_is_200.py'));
    await page.getByRole('button', { name: 'Run samples' }).click();
    const banner = page.locator('#results .banner[data-verdict]');
    await banner.waitFor({ timeout: VERDICT_MS });
    const results = await page.locator('#results').innerText();
    assert.equal(await banner.getAttribute('data-verdict'), 'WA', results);
    const first = page.locator('#results .exchange[data-exchange="1"]');
    assert.match(await first.locator('.exchange-title').innerText(), /Exchange 1 of 2/i);
    assert.match(await first.innerText(), /POST \/notes/);
    const expected = await first.locator('.diff-expected').innerText();
    const actual = await first.locator('.diff-actual').innerText();
    assert.match(expected, /HTTP 201 Created/, expected);
    assert.match(actual, /HTTP 200 OK/, actual);
    // The status line differs and is marked; the body, the same, is not.
    assert.match(await first.locator('.diff-actual .diff-changed').first().innerText(), /HTTP 200 OK/);
    assert.doesNotMatch(await first.locator('.diff-actual .diff-changed').allInnerTexts().then((t) => t.join('\n')), /buy milk/);
    assert.match(results, /exchange 1 of 2 \(POST \/notes\): the status differs: expected 201, got 200/);
    await screenshot(page, 'web-sample-failed.png');
  });

  await step(t, 'a submission failing a hidden test shows its verdict, not its requests', async () => {
    await replaceCode(page, submission('wrong_answer/blank_text_accepted.py'));
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    const banner = page.locator('#results .banner[data-verdict]');
    await banner.waitFor({ timeout: VERDICT_MS });
    const results = await page.locator('#results').innerText();
    assert.equal(await banner.getAttribute('data-verdict'), 'WA', results);
    assert.ok(await page.locator('#results li.test[data-verdict="WA"]').count() >= 1, results);
    assert.equal(await page.locator('#results .exchange').count(), 0, results);
    assert.doesNotMatch(results, /text is required/);
  });

  await step(t, 'no script errors on the page', async () => {
    assert.deepEqual(pageErrors, []);
  });
});
