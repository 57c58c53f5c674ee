// End-to-end test of integrity signals in a real browser against the real server: a candidate
// reads that typing, pastes and focus are recorded, starts, types, pastes and leaves the page
// for a moment; the team's candidate report then shows the paste and the focus lost on the
// timeline, and its player replays the keystrokes: the scrubber passes through the code as it
// was mid-typing and just after the paste, not only the end. Console errors fail the test.
//
// The page losing focus is made with window blur/focus events: a headless browser keeps every
// page focused, so there is no real other window to switch to.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { editorText, printServerLog, screenshot, startScenario, steps } from './harness.mjs';

const ADMIN = 'lead@acme.test';
const PASSWORD = 'correct horse battery staple';
const CANDIDATE = 'Grace Hopper';
const TYPED = 'total = 0';
const PASTED = '\nfor i in range(1, 10):\n    total += 1 / i ** 2\n';

let scenario = null;
let teamPage = null;
let candidatePage = null;
const pageErrors = [];

const EXPECTED_FAILURES = [
  { status: 401, url: /\/api\/auth\/me$/ }, // not signed in yet
  { status: 404, url: /\/api\/attempts\/[^/]+\/drafts\/[^/]+$/ }, // no draft saved yet
];

function newPage(name) {
  return scenario.newPage({ name, errors: pageErrors, expected: EXPECTED_FAILURES });
}

/** A batch of activity answered 200 (the recorder sent it). */
function activitySent(page) {
  return page.waitForResponse((r) => r.url().endsWith('/activity') && r.request().method() === 'POST' && r.status() === 200);
}

before(async () => {
  scenario = await startScenario('integrity');
  teamPage = await newPage('team');
});

after(() => scenario?.stop());

const step = steps(async () => {
  for (const [page, file] of [
    [teamPage, 'integrity-failure-team.png'],
    [candidatePage, 'integrity-failure-candidate.png'],
  ]) {
    if (page) await screenshot(page, file).catch(() => {});
  }
  printServerLog(scenario?.server);
});

test('paste and focus reach the timeline and the player replays the keystrokes', { timeout: 200_000 }, async (t) => {
  let assessment = null;
  let invitation = null;
  let link = null;
  const states = {};

  await step(t, 'a team member signs in and invites a candidate (through the API)', async () => {
    await teamPage.goto((await scenario.createUser(ADMIN)).setupPath);
    await teamPage.getByLabel('New password').fill(PASSWORD);
    await teamPage.getByLabel('Repeat the password').fill(PASSWORD);
    await teamPage.getByRole('button', { name: 'Set password and sign in' }).click();
    await teamPage.waitForURL(/#\/team$/);
    const now = Date.now();
    const made = await teamPage.request.post('/api/assessments', {
      data: {
        title: 'Integrity screen',
        instructions: 'One problem.',
        duration_minutes: 30,
        opens_at: new Date(now - 60_000).toISOString(),
        closes_at: new Date(now + 86_400_000).toISOString(),
        problems: [{ slug: 'calculate-pi', points: 10 }],
      },
    });
    assert.equal(made.status(), 201, await made.text());
    assessment = (await made.json()).id;
    const invited = await teamPage.request.post(`/api/assessments/${assessment}/invitations`, { data: { name: CANDIDATE, email: 'grace@example.test' } });
    assert.equal(invited.status(), 201, await invited.text());
    const body = await invited.json();
    invitation = body.invitation.id;
    link = body.link;
  });

  await step(t, 'the candidate is told what is recorded, starts, types, pastes and leaves the page', async () => {
    candidatePage = await newPage('candidate');
    const page = candidatePage;
    await page.goto(`/${new URL(link).hash}`);
    const notice = page.locator('#recorded-notice');
    await notice.waitFor();
    assert.match(await notice.innerText(), /typing.*paste.*loses and regains focus/s);
    await page.locator('#start-button').click();
    await page.locator('.cm-content').waitFor();
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(TYPED, { delay: 30 });
    states.typed = await editorText(page);
    assert.equal(states.typed, TYPED);
    // A real paste event, as the browser fires it for Ctrl+V.
    await page.keyboard.press('End');
    await page.locator('.cm-content').evaluate((el, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, PASTED);
    states.pasted = await editorText(page);
    assert.equal(states.pasted, `${TYPED}${PASTED}`);
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('print(total)', { delay: 30 });
    states.final = await editorText(page);
    // Away for a moment: the batch goes out as the page loses focus.
    const sent = activitySent(page);
    await page.evaluate(() => window.dispatchEvent(new Event('blur')));
    await sent;
    await page.waitForTimeout(1500);
    const back = activitySent(page);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await back;
    await page.getByText('All changes saved').waitFor({ timeout: 20_000 });
  });

  await step(t, 'the team sees the paste and the focus lost on the timeline', async () => {
    const page = teamPage;
    await page.goto(`/#/team/assessments/${assessment}/candidates/${invitation}`);
    const paste = page.locator('#timeline li[data-kind="paste"]');
    await paste.waitFor();
    const pastedChars = PASTED.length;
    assert.match(await paste.innerText(), new RegExp(`Pasted ${pastedChars} characters into`));
    const away = page.locator('#timeline li[data-kind="focus_lost"]');
    await away.waitFor();
    assert.match(await away.innerText(), /The page lost focus for \d+ s/);
    assert.equal(await page.locator('#activity').getByText('does not end at the last saved code').count(), 0, 'the replay ends at the saved code');
  });

  await step(t, 'the player replays the keystrokes through the intermediate states', async () => {
    const page = teamPage;
    const scrubber = page.locator('#player-0-scrubber');
    await scrubber.waitFor();
    const max = Number(await scrubber.getAttribute('max'));
    assert.ok(max > TYPED.length, `one step per keystroke at least (${max})`);
    // A range input cannot be typed into: set it and fire `input`, as dragging it does.
    const scrubTo = (value) =>
      scrubber.evaluate((el, v) => {
        el.value = String(v);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }, value);
    const seen = [];
    for (let i = 0; i <= max; i++) {
      await scrubTo(i);
      seen.push(await page.locator('#player-0-code').innerText());
    }
    const normal = (text) => text.replace(/\n$/, '');
    const normalSeen = seen.map(normal);
    assert.ok(normalSeen.includes('total'), 'mid-typing: "total" before " = 0"');
    assert.ok(normalSeen.includes(normal(states.typed)), 'after typing');
    assert.ok(normalSeen.includes(normal(states.pasted)), 'just after the paste');
    assert.equal(normal(seen.at(-1)), normal(states.final), 'the end is the code as typed');
    const pasteAt = normalSeen.indexOf(normal(states.pasted));
    assert.ok(pasteAt > normalSeen.indexOf(normal(states.typed)), 'the paste comes after the typing');
    // Play from the start at the highest speed: the code moves on by itself.
    await page.locator('#player-0-speed').selectOption('50');
    await scrubTo(0);
    await page.locator('#player-0-play').click();
    await page.waitForFunction(() => document.querySelector('#player-0-code')?.dataset.step === document.querySelector('#player-0-scrubber')?.max, null, { timeout: 30_000 });
    assert.equal(normal(await page.locator('#player-0-code').innerText()), normal(states.final));
    await screenshot(page, 'integrity-report.png');
  });

  await step(t, 'no page error happened', async () => {
    assert.deepEqual(pageErrors, []);
  });
});
