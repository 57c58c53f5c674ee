// End-to-end test of issue 22's items 5, 6 and 7 in a real browser against the real server:
//
// - assets: the problem list's first load is the shell only (no editor, no team pages), every
//   asset under a content-hashed name, served precompressed by Accept-Encoding and cached for a
//   year; the index is revalidated;
// - keyboard: a candidate finds and solves a problem with the keyboard alone; Tab walks past the
//   editor until they ask it to indent (Ctrl+M), Escape then Tab leaves, and no tab character
//   reaches the draft; the focus ring is not drawn on the page title after navigation;
// - accessibility: axe-core finds no serious or critical violation on the problem list, problem
//   pages of each kind, the sign-in page, every team page a member reaches and a candidate's
//   attempt page (before and after starting), in the light and the dark theme;
// - polish: the list sorts by title and difficulty; stdio examples are labelled Input and Output;
//   the ORM notes show their code as code; SQL results show no empty stdout console;
// - a 390 px wide list and problem page, and a member's team pages, have no horizontal scroll
//   (screenshots in artifacts/e2e).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { editorText, printServerLog, problemsDir, replaceCode, screenshot, startScenario, steps, VERDICT_MS } from './harness.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const EMAIL = 'lead@acme.test';
const PASSWORD = 'correct horse battery staple';
// Typed line by line: Enter keeps the indentation (the editor indents after a colon), so the
// lines carry none of their own.
const TYPED = ['def is_palindrome(s):', 'kept = [c.lower() for c in s if c.isalnum()]', 'return kept == kept[::-1]'];
const SOLUTION = 'def is_palindrome(s):\n    kept = [c.lower() for c in s if c.isalnum()]\n    return kept == kept[::-1]';
/** The most Tab presses a walk to one control may take before the test says it is unreachable. */
const MAX_TABS = 40;

let scenario = null;
let page = null;
const pageErrors = [];
const EXPECTED_FAILURES = [
  { status: 404, url: /\/api\/(attempts\/[0-9a-f]+\/)?drafts\/[^/]+$/ }, // no draft saved yet
  { status: 401, url: /\/api\/auth\/me$/ }, // not signed in
];

before(async () => {
  scenario = await startScenario('access');
  page = await scenario.newPage({ name: 'candidate', errors: pageErrors, expected: EXPECTED_FAILURES });
});

after(() => scenario?.stop());

const step = steps(async () => {
  if (page) await screenshot(page, 'access-failure.png').catch(() => {});
  printServerLog(scenario?.server);
});

/** Runs axe-core on the page as it is; fails naming every serious or critical violation. */
async function audit(target, where) {
  await target.evaluate(axeSource);
  const { violations } = await target.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
  assert.deepEqual(bad, [], `axe-core on ${where}:\n${bad.join('\n')}`);
}

/** Both themes: the stored choice the theme toggle makes, then a reload. */
async function auditBothThemes(target, where, ready) {
  for (const theme of ['light', 'dark']) {
    await target.evaluate((value) => localStorage.setItem('verdict-theme', value), theme);
    await target.reload();
    await ready();
    assert.equal(await target.evaluate(() => document.documentElement.dataset.theme), theme, `${where}: the ${theme} theme is on`);
    await audit(target, `${where} (${theme} theme)`);
  }
  // Back to the system's theme (light here), drawn again: a hash navigation keeps the document.
  await target.evaluate(() => localStorage.removeItem('verdict-theme'));
  await target.reload();
  await ready();
}

/** Presses Tab until `check` holds on the focused element; fails after MAX_TABS presses. */
async function tabTo(target, what, check, key = 'Tab') {
  for (let i = 0; i < MAX_TABS; i += 1) {
    await target.keyboard.press(key);
    if (await target.evaluate(check)) return i + 1;
  }
  assert.fail(`${MAX_TABS} presses of ${key} did not reach ${what}`);
}

const inEditor = () => Boolean(document.activeElement?.closest('.cm-editor'));

/** Waits until the page under #main has drawn its data (nothing says Loading, nothing is busy). */
function loaded(target) {
  return target.waitForFunction(() => {
    const main = document.getElementById('main');
    return main.querySelector('h1') && !main.querySelector('[aria-busy="true"]') && !/Loading/.test(main.innerText);
  });
}

test('assets, keyboard, accessibility and polish', { timeout: 400_000 }, async (t) => {
  await step(t, 'the first load is the shell, hashed, precompressed and cached for a year', async () => {
    const responses = [];
    page.on('response', (response) => responses.push(response));
    await page.goto('/');
    await page.locator('tr[data-slug]').first().waitFor();
    page.removeAllListeners('response');
    const index = responses.find((r) => new URL(r.url()).pathname === '/');
    assert.equal(index.headers()['cache-control'], 'no-cache', 'the index is revalidated');
    const assets = responses.filter((r) => new URL(r.url()).pathname.startsWith('/assets/'));
    assert.ok(assets.length >= 3, `the page loads its assets: ${assets.map((r) => r.url())}`);
    let transferred = 0;
    const encodings = new Set();
    for (const response of assets) {
      const name = new URL(response.url()).pathname;
      assert.match(name, /^\/assets\/[\w-]+-[0-9A-Za-z]{8,}\.(js|css)$/, `a content-hashed name: ${name}`);
      const headers = response.headers();
      assert.equal(headers['cache-control'], 'public, max-age=31536000, immutable', name);
      assert.equal(headers.vary, 'accept-encoding', name);
      // The best encoding the browser offered (Chromium offers brotli on loopback too).
      const offered = (await response.request().allHeaders())['accept-encoding'] ?? '';
      encodings.add(headers['content-encoding']);
      assert.equal(headers['content-encoding'], offered.includes('br') ? 'br' : 'gzip', `${name} (offered: ${offered})`);
      transferred += (await response.request().sizes()).responseBodySize;
    }
    // The whole app was 600 KB of script before it was split: the list must not load the editor.
    assert.ok(transferred < 60_000, `the list's assets transferred ${transferred} bytes`);
    const script = assets.find((r) => r.url().endsWith('.js'));
    const brotli = await page.request.get(script.url(), { headers: { 'Accept-Encoding': 'br' } });
    assert.equal(brotli.headers()['content-encoding'], 'br', 'brotli when the browser asks for it');
    const plain = await page.request.get(script.url(), { headers: { 'Accept-Encoding': 'identity' } });
    assert.equal(plain.headers()['content-encoding'], undefined, 'as it is when the browser takes no encoding');
    const stale = await page.request.get('/assets/app-OLDBUILD.js');
    assert.equal(stale.status(), 404, 'an asset name from an older build is not answered with the index');
    console.log(`first load of the problem list: ${assets.length} assets, ${transferred} bytes over the wire (${[...encodings]})`);
  });

  await step(t, 'the list has no serious accessibility violation and sorts by title and difficulty', async () => {
    await auditBothThemes(page, 'the problem list', () => page.locator('tr[data-slug]').first().waitFor());
    const titles = () => page.locator('tbody .cell-title').allInnerTexts();
    const catalogue = await titles();
    const byTitle = page.getByRole('button', { name: /^Problem: sort ascending/ });
    await byTitle.click();
    const ascending = await titles();
    const lower = (text) => text.toLocaleLowerCase();
    assert.deepEqual(ascending, [...catalogue].sort((a, b) => (lower(a) < lower(b) ? -1 : lower(a) > lower(b) ? 1 : 0)));
    assert.equal(await page.locator('th[aria-sort]').getAttribute('aria-sort'), 'ascending');
    await page.getByRole('button', { name: /^Problem: sort descending/ }).click();
    assert.deepEqual(await titles(), [...ascending].reverse());
    assert.match(page.url(), /sort=-title/, 'the order is kept in the address');
    await page.getByRole('button', { name: /^Difficulty: sort ascending/ }).click();
    const ranks = await page.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => ['Easy', 'Medium', 'Hard'].indexOf(row.querySelector('td').innerText.trim())),
    );
    assert.ok(ranks.every((rank) => rank >= 0), `every row shows a difficulty: ${ranks}`);
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), 'easy first, hard last');
    await audit(page, 'the sorted problem list');
  });

  await step(t, 'with the keyboard alone: search, open the problem, focus on the unringed title', async () => {
    await page.goto('/');
    await page.locator('tr[data-slug]').first().waitFor();
    await tabTo(page, 'the search field', () => document.activeElement?.id === 'filter-q');
    await page.keyboard.type('palindrome');
    await page.locator('tbody tr').first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    await tabTo(page, 'the problem link', () => document.activeElement?.textContent === 'Valid palindrome');
    await page.keyboard.press('Enter');
    await page.locator('.cm-editor').waitFor();
    await page.waitForFunction(() => document.activeElement?.matches('h1.page-title') && document.activeElement.textContent === 'Valid palindrome');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.equal(outline, 'none', 'the title takes focus for screen readers without a focus ring');
  });

  await step(t, 'Tab walks past the editor; typing there indents by Enter, never by Tab', async () => {
    assert.equal(await page.locator('#tab-toggle').getAttribute('aria-pressed'), 'false');
    assert.match(await page.locator('#editor-help').innerText(), /Tab moves focus/);
    await tabTo(page, 'the editor', inEditor);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    for (const [i, line] of TYPED.entries()) {
      if (i > 0) await page.keyboard.press('Enter');
      await page.keyboard.type(line);
    }
    assert.equal(await editorText(page), SOLUTION);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(inEditor), false, 'Tab left the editor');
    assert.equal(await editorText(page), SOLUTION, 'and indented nothing');
  });

  await step(t, 'Ctrl+M makes Tab indent (shown on screen); Escape then Tab still leaves', async () => {
    await page.keyboard.press('Shift+Tab');
    assert.ok(await page.evaluate(inEditor), 'Shift+Tab comes back to the editor');
    await page.keyboard.press('Control+m');
    assert.equal(await page.locator('#tab-toggle').getAttribute('aria-pressed'), 'true');
    assert.match(await page.locator('#editor-help').innerText(), /Tab indents/);
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(inEditor), 'Tab stays in the editor');
    const indented = await editorText(page);
    assert.notEqual(indented, SOLUTION, 'Tab indented the line');
    assert.ok(!indented.includes('\t'), 'with spaces');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await editorText(page), SOLUTION, 'Shift+Tab takes the indent back');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(inEditor), false, 'Escape then Tab left the editor');
    await tabTo(page, 'the Tab indents button', () => document.activeElement?.id === 'tab-toggle', 'Shift+Tab');
    await page.keyboard.press('Space');
    assert.equal(await page.locator('#tab-toggle').getAttribute('aria-pressed'), 'false', 'the button turns it off again');
  });

  await step(t, 'submitted from the keyboard: Accepted, and the draft holds no tab character', async () => {
    await tabTo(page, 'the Submit button', () => document.activeElement?.id === 'submit-button');
    await page.keyboard.press('Enter');
    const banner = page.locator('#results .banner[data-verdict]');
    await banner.waitFor({ timeout: VERDICT_MS });
    await page.waitForFunction(() => document.querySelector('#results .banner[data-verdict]')?.dataset.verdict === 'AC', null, {
      timeout: VERDICT_MS,
    });
    // Autosave runs a second after the last key: wait for it rather than for a time.
    let draft = null;
    for (let i = 0; i < 60 && draft?.code !== SOLUTION; i += 1) {
      if (i) await page.waitForTimeout(250);
      const response = await page.request.get('/api/drafts/is-palindrome');
      draft = response.ok() ? await response.json() : null;
    }
    assert.equal(draft?.code, SOLUTION, 'the draft is the code as typed, no tab character in it');
    await auditBothThemes(page, 'a problem page', () => page.locator('.cm-editor').waitFor());
  });

  await step(t, 'a stdio statement labels its examples Input and Output', async () => {
    await page.goto('/#/problems/shortest-path-grid');
    await page.locator('.cm-editor').waitFor();
    const captions = await page.locator('.statement figure.example-block figcaption').allInnerTexts();
    assert.ok(captions.length >= 2, `examples are labelled: ${captions}`);
    assert.deepEqual(captions.slice(0, 2).map((c) => c.toLowerCase()), ['input', 'output']);
    await audit(page, 'a stdio problem page');
  });

  await step(t, "an ORM problem's notes show code as code", async () => {
    await page.goto('/#/problems/django-aggregate-stats');
    await page.locator('.cm-editor').waitFor();
    const notes = page.locator('.schema p');
    assert.match(await notes.first().locator('code').first().innerText(), /^from models import/);
    assert.doesNotMatch(await notes.first().innerText(), /`/, 'no Markdown backtick is left');
    await audit(page, 'an ORM problem page');
  });

  await step(t, 'a SQL sample that fails shows its rows and no empty stdout console', async () => {
    const wrong = readFileSync(join(problemsDir, 'sql-above-department-average/submissions/wrong_answer/company_average.sql'), 'utf8');
    await page.goto('/#/problems/sql-above-department-average');
    await page.locator('.cm-editor').waitFor();
    await replaceCode(page, wrong);
    await page.getByRole('button', { name: 'Run samples' }).click();
    await page.locator('#results .banner[data-verdict]').waitFor({ timeout: VERDICT_MS });
    const details = page.locator('#results .detail-body');
    await details.first().waitFor();
    const text = await page.locator('#results').innerText();
    assert.match(text, /expected/i, text);
    assert.doesNotMatch(text, /console output/i, text);
    await audit(page, 'a SQL problem page with results');
  });

  await step(t, 'at 390 px the list and the problem page do not scroll sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [path, ready, name] of [
      ['/#/?sort=title', 'tr[data-slug]', 'list-390.png'],
      ['/#/problems/is-palindrome', '.cm-editor', 'problem-390.png'],
    ]) {
      await page.goto(path);
      await page.locator(ready).first().waitFor();
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      assert.ok(scrollWidth <= clientWidth, `${path}: scrollWidth ${scrollWidth} > clientWidth ${clientWidth}`);
      await screenshot(page, name);
      await audit(page, `${path} at 390 px`);
    }
    // The sort buttons stay in view where the list becomes cards.
    await page.goto('/#/');
    await page.locator('tr[data-slug]').first().waitFor();
    assert.ok(await page.getByRole('button', { name: /^Problem: sort/ }).isVisible(), 'the sort buttons are shown at 390 px');
    await page.setViewportSize({ width: 1440, height: 1000 });
  });

  await step(t, 'the sign-in page, the team pages and an attempt have no serious violation', async () => {
    await page.goto('/#/signin');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await audit(page, 'the sign-in page');
    const team = await scenario.newPage({ name: 'team', errors: pageErrors, expected: EXPECTED_FAILURES });
    await team.goto((await scenario.createUser(EMAIL)).setupPath);
    await team.getByRole('heading', { level: 1, name: 'Choose your password' }).waitFor();
    await audit(team, 'the setup page');
    await team.getByLabel('New password').fill(PASSWORD);
    await team.getByLabel('Repeat the password').fill(PASSWORD);
    await team.getByRole('button', { name: 'Set password and sign in' }).click();
    await team.waitForURL(/#\/team$/);
    const now = Date.now();
    const made = await team.request.post('/api/assessments', {
      data: {
        title: 'Access screen',
        instructions: 'One **problem**.',
        duration_minutes: 30,
        opens_at: new Date(now - 60_000).toISOString(),
        closes_at: new Date(now + 86_400_000).toISOString(),
        problems: [{ slug: 'is-palindrome', points: 10 }],
      },
    });
    assert.equal(made.status(), 201, await made.text());
    const assessment = (await made.json()).id;
    const invited = await team.request.post(`/api/assessments/${assessment}/invitations`, { data: { name: 'Grace Hopper', email: 'grace@example.test' } });
    assert.equal(invited.status(), 201, await invited.text());
    const { link, invitation } = await invited.json();

    for (const [hash, heading] of [
      ['#/team', 'Assessments'],
      ['#/team/members', 'Team'],
      ['#/team/questions', 'Questions'],
      [`#/team/assessments/${assessment}`, 'Access screen'],
    ]) {
      await team.goto(`/${hash}`);
      await auditBothThemes(team, hash, async () => {
        await team.getByRole('heading', { level: 1, name: heading }).waitFor();
        await loaded(team);
      });
    }

    // A signed-in member's header has the most links: at 390 px it wraps, never scrolls sideways.
    await team.setViewportSize({ width: 390, height: 844 });
    for (const hash of ['#/team', '#/team/questions', '#/team/members']) {
      await team.goto(`/${hash}`);
      await team.getByRole('heading', { level: 1 }).first().waitFor();
      await loaded(team);
      const [scrollWidth, innerWidth] = await team.evaluate(() => [document.scrollingElement.scrollWidth, innerWidth]);
      assert.ok(scrollWidth <= innerWidth, `${hash} at 390 px scrolls sideways: scrollWidth ${scrollWidth} > ${innerWidth}`);
    }
    await screenshot(team, 'team-390.png');
    await team.setViewportSize({ width: 1280, height: 800 });

    await page.goto(`/${new URL(link).hash}`);
    await page.locator('#start-button').waitFor();
    await loaded(page);
    await audit(page, "a candidate's attempt before it starts");
    await page.locator('#start-button').click();
    await page.locator('.cm-editor').waitFor();
    await audit(page, "a candidate's attempt");

    await team.goto(`/#/team/assessments/${assessment}/candidates/${invitation.id}`);
    await auditBothThemes(team, "a candidate's report", () => loaded(team));
  });

  await step(t, 'no page had a script or console error', async () => {
    assert.deepEqual(pageErrors, []);
  });
});
