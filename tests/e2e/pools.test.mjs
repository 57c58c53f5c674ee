// End-to-end test of a question pool in a real browser against the real server (issue 21 item 1):
// a team member builds an assessment whose one slot is a pool of two problems with the builder's
// searchable picker ("Add to pool"), invites a candidate, and the candidate, once started, gets
// exactly one of the two; the team's report names the problem drawn for them. Console errors
// fail the test.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { printServerLog, screenshot, startScenario, steps } from './harness.mjs';

const EMAIL = 'lead@acme.test';
const PASSWORD = 'correct horse battery staple';
const TITLE = 'Acme pooled screen';
const POOL = { 'calculate-pi': "Approximate pi with Euler's sum", 'is-palindrome': 'Valid palindrome' };

let scenario = null;
let teamPage = null;
let candidatePage = null;
const pageErrors = [];

// Failed requests the app expects and handles: Chromium reports them on the console as errors.
const EXPECTED_FAILURES = [
  { status: 401, url: /\/api\/auth\/me$/ }, // not signed in yet
  { status: 404, url: /\/api\/(attempts\/[0-9a-f]+\/)?drafts\/[^/]+$/ }, // no draft saved yet
];

function localInput(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

before(async () => {
  scenario = await startScenario('pools');
  teamPage = await scenario.newPage({ name: 'team', errors: pageErrors, expected: EXPECTED_FAILURES });
});

after(async () => {
  await scenario?.stop();
});

const step = steps(async () => {
  if (teamPage) await screenshot(teamPage, 'pools-failure.png').catch(() => {});
  printServerLog(scenario?.server);
});

/** Picks `slug` with the builder's searchable picker. */
async function pick(form, slug) {
  const picker = form.getByRole('combobox', { name: 'Problem', exact: true });
  await picker.fill(slug);
  const first = form.getByRole('option').first();
  assert.equal(await first.getAttribute('data-slug'), slug, 'the first match');
  await picker.press('Enter');
}

test('a pool slot is built in the builder and a candidate gets one of its problems', { timeout: 240_000 }, async (t) => {
  let token = null;
  let assessmentUrl = null;

  await step(t, 'the member builds a pool of two problems with the picker and invites a candidate', async () => {
    await teamPage.goto((await scenario.createUser(EMAIL)).setupPath);
    await teamPage.getByLabel('New password').fill(PASSWORD);
    await teamPage.getByLabel('Repeat the password').fill(PASSWORD);
    await teamPage.getByRole('button', { name: 'Set password and sign in' }).click();
    await teamPage.getByRole('heading', { level: 1, name: 'Assessments' }).waitFor();
    await teamPage.getByRole('button', { name: 'New assessment' }).click();
    const form = teamPage.locator('#new-assessment');
    await form.getByLabel('Title').fill(TITLE);
    await form.getByLabel('Duration (minutes)').fill('30');
    const now = new Date();
    await form.getByLabel('Window opens').fill(localInput(new Date(now.getTime() - 60_000)));
    await form.getByLabel('Window closes').fill(localInput(new Date(now.getTime() + 24 * 3600_000)));
    const [first, second] = Object.keys(POOL);
    await pick(form, first);
    await form.locator(`li.chosen-problem[data-slug="${first}"] [data-action="pool"]`).click();
    await pick(form, second);
    const slot = form.locator(`li.chosen-problem[data-slug="${first}"]`);
    assert.match(await slot.innerText(), /Pool of 2/);
    assert.equal(await slot.locator('.pool-members li').count(), 2, await slot.innerText());
    assert.equal(await form.locator('li.chosen-problem').count(), 1, 'one slot, not two');
    await form.getByRole('button', { name: 'Create assessment' }).click();
    await teamPage.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    assessmentUrl = new URL(teamPage.url()).hash;
    assert.match(await teamPage.locator('main').innerText(), /each candidate gets one of/);

    await teamPage.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
    await teamPage.getByLabel('Email', { exact: true }).fill('ada@example.test');
    await teamPage.getByRole('button', { name: 'Create invitation' }).click();
    const link = await teamPage.getByRole('textbox', { name: 'Invitation link for Ada Lovelace' }).inputValue();
    token = link.match(/#\/a\/([0-9a-f]{64})$/)?.[1];
    assert.ok(token, link);
  });

  let drawn = null;
  await step(t, 'the candidate starts and gets exactly one problem of the pool', async () => {
    candidatePage = await scenario.newPage({ name: 'candidate', errors: pageErrors, expected: EXPECTED_FAILURES });
    await candidatePage.goto(`/#/a/${token}`);
    await candidatePage.getByRole('button', { name: 'Start the assessment' }).click();
    await candidatePage.locator('.cm-editor').waitFor();
    const attempt = await candidatePage.evaluate(async (t) => (await fetch(`/api/attempts/${t}`)).json(), token);
    assert.equal(attempt.problems.length, 1, JSON.stringify(attempt));
    drawn = attempt.problems[0].slug;
    assert.ok(drawn in POOL, drawn);
    const heading = await candidatePage.getByRole('heading', { level: 1 }).innerText();
    assert.equal(heading, POOL[drawn]);
    await screenshot(candidatePage, 'pools-candidate.png');
  });

  await step(t, "the team's report names the problem drawn", async () => {
    await teamPage.goto(`/${assessmentUrl}`);
    const row = teamPage.locator('#report tr[data-status]', { hasText: 'Ada Lovelace' });
    await row.waitFor();
    assert.match(await row.locator('.drawn').innerText(), new RegExp(POOL[drawn]));
    await screenshot(teamPage, 'pools-report.png');
  });
});

test('no script errors on the pages', () => {
  assert.deepEqual(pageErrors, []);
});
