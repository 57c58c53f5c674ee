// End-to-end test of practice's learning aids and tracks in a real browser, on a catalogue of
// three real problems and a small tracks.toml, acceptance counted on every read
// (`--acceptance-cache-seconds 0`): a candidate reveals a hint, then another, solves the problem
// and reads the write-up; the list sorts by acceptance; a track page shows their progress.

import fs, { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { printServerLog, problemsDir, replaceCode, screenshot, startScenario, steps, VERDICT_MS } from './harness.mjs';

const PROBLEMS = ['reverse-words', 'two-sum', 'is-palindrome'];
const TRACKS = `
[[tracks]]
slug = "warm-up"
title = "Warm-up"
summary = "Three short problems."
steps = [
  { title = "Day 1", problems = ["reverse-words", "two-sum"] },
  { title = "Day 2", problems = ["is-palindrome"] },
]
`;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core on the page as it is: no serious or critical violation. */
async function audit(where) {
  await page.evaluate(axeSource);
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = violations.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  assert.deepEqual(bad, [], `axe-core on ${where}:\n${bad.join('\n')}`);
}

const REFERENCE = fs.readFileSync(join(problemsDir, 'reverse-words/submissions/accepted/reference.py'), 'utf8');

let catalogue = null;
let scenario = null;
let page = null;
const errors = [];

before(async () => {
  catalogue = mkdtempSync(join(tmpdir(), 'verdict-e2e-aids-problems-'));
  for (const slug of PROBLEMS) cpSync(join(problemsDir, slug), join(catalogue, slug), { recursive: true });
  fs.writeFileSync(join(catalogue, 'tracks.toml'), TRACKS);
  scenario = await startScenario('aids', { problems: catalogue, serveArgs: ['--acceptance-cache-seconds', '0'] });
  // A problem without a saved draft answers 404, which the page expects.
  page = await scenario.newPage({ name: 'candidate', errors, expected: [{ status: 404, url: /^\/api\/drafts\// }] });
});

after(async () => {
  await scenario?.stop();
  if (catalogue) rmSync(catalogue, { recursive: true, force: true });
});

const step = steps(async () => {
  if (page) await screenshot(page, 'aids-failure.png');
  printServerLog(scenario?.server);
});

async function submit(code, verdict) {
  await replaceCode(page, code);
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  const banner = page.locator(`#results .banner[data-verdict="${verdict}"]`);
  await banner.waitFor({ timeout: VERDICT_MS });
}

test('a candidate uses hints, the write-up, acceptance and a track', { timeout: 180_000 }, async (t) => {
  await step(t, 'hints are revealed one at a time, in order', async () => {
    await page.goto('/#/problems/reverse-words');
    await page.locator('.cm-editor').waitFor();
    const aids = page.locator('section.aids');
    await aids.getByRole('button', { name: 'Reveal hint 1 of 3' }).click();
    await aids.getByRole('button', { name: 'Reveal hint 2 of 3' }).waitFor();
    assert.deepEqual(await aids.locator('.hint-title').allInnerTexts(), ['A nudge']);
    await aids.getByRole('button', { name: 'Reveal hint 2 of 3' }).click();
    await aids.getByRole('button', { name: 'Reveal hint 3 of 3' }).waitFor();
    assert.deepEqual(await aids.locator('.hint-title').allInnerTexts(), ['A nudge', 'A direction']);
    assert.match(await aids.locator('.hint').nth(1).innerText(), /slice with a step of -1/);
    assert.match(await aids.locator('.aids-writeup').innerText(), /Solve the problem to read the write-up/);
    assert.equal(await aids.locator('.writeup').count(), 0, 'no write-up before solving');
  });

  await step(t, 'the hints revealed are remembered after a reload', async () => {
    await page.reload();
    await page.locator('section.aids .hint').nth(1).waitFor();
    assert.equal(await page.locator('section.aids .hint').count(), 2);
  });

  await step(t, 'solving opens the write-up with its complexity and the reference', async () => {
    await submit(REFERENCE, 'AC');
    const writeup = page.locator('section.aids .writeup');
    await writeup.waitFor();
    assert.match(await writeup.innerText(), /Split on runs of whitespace/);
    assert.match(await page.locator('section.aids .complexity').innerText(), /Time\s+O\(n\)/);
    assert.match(await page.locator('section.aids .reference-code').innerText(), /def reverse_words/);
    await audit('the problem page with hints and the write-up');
    await screenshot(page, 'aids-writeup.png');
  });

  await step(t, 'a wrong answer to two-sum, then the write-up on request', async () => {
    await page.goto('/#/problems/two-sum');
    await page.locator('.cm-editor').waitFor();
    await submit('def two_sum(nums, target):\n    return []\n', 'WA');
    const ask = page.locator('section.aids').getByRole('button', { name: 'Show the write-up' });
    await ask.click();
    await page.locator('section.aids .writeup').waitFor();
    assert.match(await page.locator('section.aids .aids-acceptance').innerText(), /0% \(0 of 1 who tried solved it\)/);
  });

  await step(t, 'the list sorts by acceptance', async () => {
    await page.goto('/#/');
    await page.locator('tr[data-slug="reverse-words"]').waitFor();
    await page.getByRole('button', { name: 'Acceptance: sort ascending' }).click();
    const order = () => page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.slug));
    assert.deepEqual(await order(), ['is-palindrome', 'two-sum', 'reverse-words'], 'untried, 0%, 100%');
    assert.equal(await page.locator('tr[data-slug="reverse-words"] .cell-acceptance').innerText(), '100%');
    await page.getByRole('button', { name: 'Acceptance: sort descending' }).click();
    assert.deepEqual(await order(), ['reverse-words', 'two-sum', 'is-palindrome']);
    assert.match(page.url(), /sort=-acceptance/);
  });

  await step(t, 'a track page shows the candidate\'s progress', async () => {
    await page.getByRole('link', { name: /Learning tracks/ }).click();
    const card = page.locator('[data-track="warm-up"]');
    await card.waitFor();
    await audit('the tracks page');
    assert.match(await card.innerText(), /1 of 3 solved/);
    await card.getByRole('link', { name: 'Warm-up' }).click();
    await page.getByRole('heading', { level: 1, name: 'Warm-up' }).waitFor();
    assert.deepEqual(await page.locator('.track-step h2').allTextContents(), ['Day 1', 'Day 2']);
    assert.match(await page.locator('.track-problems li[data-slug="reverse-words"]').innerText(), /Solved/);
    assert.match(await page.locator('.track-problems li[data-slug="two-sum"]').innerText(), /Tried/);
    await audit('a track page');
    await screenshot(page, 'aids-track.png');
  });

  await step(t, 'no script errors on the pages', async () => {
    assert.deepEqual(errors, []);
  });
});
