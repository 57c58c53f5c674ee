// End-to-end test of roles in a real browser against the real server: the front page shows
// Sign in; an admin (made by `verdict admin create-user`) invites a reviewer on the Team page
// and edits the team's invitation mail (an unknown placeholder refused by field); the reviewer
// signs in through the setup link, reads the assessment's report, sees no control that changes
// anything, reads the candidate's report with a row per test of the counted submission (a
// failing hidden test's name, what it checks and the points it lost), adds a note and a
// scorecard, and the API refuses an edit (403 needs_interviewer). The admin adds a webhook
// endpoint on the Team page (a receiver on loopback, so the server runs with
// --webhooks-allow-private) and reads its deliveries there: the first answered 500, sent again
// and answered 200. Console errors fail the test.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { printServerLog, screenshot, startScenario, steps, VERDICT_MS } from './harness.mjs';

const ADMIN = 'lead@acme.test';
const REVIEWER = 'rex@acme.test';
const PASSWORD = 'correct horse battery staple';
const TITLE = 'Acme screen';
const CANDIDATE = 'Grace Hopper';
// Right but for n = 1: fails the hidden test "n = 1, empty sum", one of ten.
const PI_BUT_ONE =
  'import math\n\n\ndef calculate_pi(n):\n    if n <= 1:\n        return 1.0\n    total = 0.0\n    for i in range(1, n):\n        total += 1 / i**2\n    return math.sqrt(6 * total)\n';

let scenario = null;
let adminPage = null;
let reviewerPage = null;
const pageErrors = [];

// Failed requests the app expects and handles: Chromium reports them on the console as errors.
const EXPECTED_FAILURES = [
  { status: 401, url: /\/api\/auth\/me$/ }, // not signed in yet
  { status: 422, url: /\/api\/mail\/templates\/invitation$/ }, // the template with an unknown placeholder
];

function newPage(name) {
  return scenario.newPage({ name, errors: pageErrors, expected: EXPECTED_FAILURES });
}

/** Chooses the password on a setup page and waits for the assessments. */
async function setUp(page, link) {
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: 'Choose your password' }).waitFor();
  await page.getByLabel('New password').fill(PASSWORD);
  await page.getByLabel('Repeat the password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.waitForURL(/#\/team$/);
  await page.getByRole('heading', { level: 1, name: 'Assessments' }).waitFor();
}

/** A webhook receiver on loopback: answers 500 to the first request, 200 to the others. */
function startReceiver() {
  const received = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(received.length === 1 ? 500 : 200, { 'content-type': 'text/plain' });
      res.end(received.length === 1 ? 'receiver says not yet' : 'receiver says thanks');
    });
  });
  return new Promise((resolvePromise) =>
    server.listen(0, '127.0.0.1', () => resolvePromise({ url: `http://127.0.0.1:${server.address().port}/hook`, received, close: () => server.close() })),
  );
}

let receiver = null;

before(async () => {
  receiver = await startReceiver();
  scenario = await startScenario('roles', { serveArgs: ['--webhooks-allow-private'] });
  adminPage = await newPage('admin');
});

after(async () => {
  receiver?.close();
  await scenario?.stop();
});

const step = steps(async () => {
  for (const [page, file] of [
    [adminPage, 'roles-failure-admin.png'],
    [reviewerPage, 'roles-failure-reviewer.png'],
  ]) {
    if (page) await screenshot(page, file).catch(() => {});
  }
  printServerLog(scenario?.server);
});

test('an admin invites a reviewer, who reads a report and can change nothing', { timeout: 200_000 }, async (t) => {
  let assessment = null;
  let setupLink = null;
  let candidateLink = null;

  await step(t, 'the front page shows Team sign-in, which leads to the sign-in page', async () => {
    const page = adminPage;
    await page.goto('/');
    const signIn = page.locator('.app-nav').getByRole('link', { name: 'Team sign-in' });
    await signIn.waitFor();
    await signIn.click();
    await page.waitForURL(/#\/signin/);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  });

  await step(t, 'the first admin is made by the admin command and chooses a password', async () => {
    const { output, setupPath } = await scenario.createUser(ADMIN);
    assert.match(output, /as admin\./, `create-user makes an admin by default:\n${output}`);
    await setUp(adminPage, setupPath);
  });

  await step(t, 'the admin has an assessment with an invited candidate (through the API)', async () => {
    const request = adminPage.request;
    const now = Date.now();
    const made = await request.post('/api/assessments', {
      data: {
        title: TITLE,
        instructions: 'One problem.',
        duration_minutes: 30,
        opens_at: new Date(now - 60_000).toISOString(),
        closes_at: new Date(now + 86_400_000).toISOString(),
        problems: [{ slug: 'calculate-pi', points: 10 }],
      },
    });
    assert.equal(made.status(), 201, await made.text());
    assessment = (await made.json()).id;
    const invited = await request.post(`/api/assessments/${assessment}/invitations`, { data: { name: CANDIDATE, email: 'grace@example.test' } });
    assert.equal(invited.status(), 201, await invited.text());
    candidateLink = (await invited.json()).link;
  });

  await step(t, 'the candidate submits an answer that fails one hidden test (through the API), and it is graded', async () => {
    const token = candidateLink.split('#/a/')[1];
    const request = adminPage.request;
    const started = await request.post(`/api/attempts/${token}/start`, { data: {} });
    assert.equal(started.status(), 200, await started.text());
    const submitted = await request.post(`/api/attempts/${token}/submissions`, { data: { problem: 'calculate-pi', code: PI_BUT_ONE } });
    assert.equal(submitted.status(), 202, await submitted.text());
    const until = Date.now() + VERDICT_MS;
    for (;;) {
      const report = await (await request.get(`/api/assessments/${assessment}/report`)).json();
      const state = report.candidates?.[0]?.problems?.[0]?.state;
      if (state === 'finished') break;
      assert.ok(Date.now() < until, `the submission was not graded in time (state ${state})`);
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  await step(t, 'on the Team page the admin invites a reviewer and is shown the setup link once', async () => {
    const page = adminPage;
    await page.locator('.app-nav').getByRole('link', { name: 'Team' }).click();
    await page.getByRole('heading', { level: 1, name: 'Team' }).waitFor();
    await page.locator(`tr[data-email="${ADMIN}"]`).waitFor();
    await page.getByLabel('Email').fill(REVIEWER);
    await page.locator('#member-role').selectOption('reviewer');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const shown = page.getByRole('textbox', { name: /Setup link for/ });
    await shown.waitFor();
    setupLink = await shown.inputValue();
    assert.match(setupLink, /#\/setup\/[0-9a-f]{64}$/);
    const row = page.locator(`tr[data-email="${REVIEWER}"]`);
    await row.waitFor();
    assert.equal(await row.getByRole('combobox').inputValue(), 'reviewer');
    assert.match(await row.innerText(), /Setup link not used yet/);
  });

  await step(t, 'the admin edits the team’s invitation mail: an unknown placeholder is refused by field, then it saves', async () => {
    const page = adminPage;
    const item = page.locator('details.mail-template-item').filter({ hasText: 'Invitation (to a candidate)' });
    await item.locator('summary').click();
    const subject = item.getByLabel('Subject');
    await subject.fill('{{nope}} from {{team}}');
    await item.getByRole('button', { name: 'Save' }).click();
    await item.getByRole('alert').filter({ hasText: 'nope' }).waitFor();
    assert.equal(await subject.getAttribute('aria-invalid'), 'true', 'the subject is marked');
    await subject.fill('Your {{assessment}} with {{team}}');
    await item.getByRole('button', { name: 'Save' }).click();
    await item.getByText('Saved').waitFor();
    const stored = await (await page.request.get('/api/mail/templates/invitation')).json();
    assert.equal(stored.subject, 'Your {{assessment}} with {{team}}');
    assert.equal(stored.custom, true);
  });

  await step(t, 'on the Team page the admin adds a webhook and reads its deliveries and their answers', async () => {
    const page = adminPage;
    await page.getByLabel('URL').fill(receiver.url);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = await page.getByRole('textbox', { name: /Signing secret of/ }).inputValue();
    assert.match(secret, /^whsec_[0-9a-f]{64}$/);
    await page.locator(`tr[data-url="${receiver.url}"]`).waitFor();
    // An invitation now is an event for it; its first try is answered 500.
    const invited = await page.request.post(`/api/assessments/${assessment}/invitations`, { data: { name: 'Ada Lovelace', email: 'ada@example.test' } });
    assert.equal(invited.status(), 201, await invited.text());
    const refused = page.locator('tr[data-status="pending"]').filter({ hasText: 'invitation.created' }).filter({ hasText: 'HTTP 500' });
    for (let i = 0; i < 60 && (await refused.count()) === 0; i += 1) {
      await page.waitForTimeout(500);
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Webhooks' }).waitFor();
    }
    await refused.first().waitFor();
    assert.match(await refused.first().innerText(), /receiver says not yet/);
    // Sent again at once (the retry would wait its back-off): the new delivery is taken.
    await refused.first().getByRole('button', { name: /Send again the invitation.created event/ }).click();
    const sent = page.locator('tr[data-status="sent"]').filter({ hasText: 'invitation.created' });
    for (let i = 0; i < 60 && (await sent.count()) === 0; i += 1) {
      await page.waitForTimeout(500);
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Webhooks' }).waitFor();
    }
    await sent.first().waitFor();
    assert.match(await sent.first().innerText(), /HTTP 200[\s\S]*receiver says thanks/);
    assert.equal(receiver.received.length, 2);
    assert.match(receiver.received[0].headers['verdict-signature'], /^t=\d+,v1=[0-9a-f]{64}$/);
    await screenshot(page, 'team-webhooks.png');
  });

  await step(t, 'the reviewer signs in through the link and reads the report, with no edit controls', async () => {
    reviewerPage = await newPage('reviewer');
    const page = reviewerPage;
    await setUp(page, `/${new URL(setupLink).hash}`);
    assert.equal(await page.getByRole('button', { name: 'New assessment' }).isVisible(), false, 'no New assessment');
    assert.equal(await page.locator('.app-nav').getByRole('link', { name: 'Team' }).count(), 0, 'no Team page link');
    await page.getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Candidates' }).waitFor();
    await page.locator('.report-host').getByRole('link', { name: CANDIDATE }).waitFor();
    for (const name of ['Edit', 'Duplicate', 'Archive']) {
      assert.equal(await page.getByRole('button', { name, exact: true }).isVisible(), false, `no ${name} button`);
    }
    assert.equal(await page.getByRole('heading', { name: 'Invite candidates' }).isVisible(), false, 'no invitation forms');
    assert.ok((await page.locator('.needs-interviewer').count()) > 0, 'the controls are on the page, hidden');
    assert.equal(await page.locator('.needs-interviewer:visible').count(), 0, 'no extra time, revoke or other change is shown');
    await page.getByRole('link', { name: 'Download CSV' }).waitFor();
    // The candidate's own report opens too.
    await page.locator('.report-host').getByRole('link', { name: CANDIDATE }).click();
    await page.waitForURL(/#\/team\/assessments\/[^/]+\/candidates\/[^/]+$/);
    await page.getByRole('heading', { level: 1, name: new RegExp(CANDIDATE) }).waitFor();
  });

  await step(t, 'the reviewer sees a row per test with the points lost, and adds a note and a scorecard', async () => {
    const page = reviewerPage;
    const rows = page.locator('table.test-rows tbody tr[data-test]');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 10, 'one row per test of the counted submission');
    const failed = page.locator('table.test-rows tr[data-passed="false"]');
    assert.equal(await failed.count(), 1);
    const text = await failed.innerText();
    assert.match(text, /n = 1, empty sum/);
    assert.match(text, /calculate_pi\(1\) returns 0\.0/);
    assert.match(text, /−1 of 1/);
    assert.equal(await page.locator('.candidate-problem li.test').count(), 0, 'the tests are one list');
    assert.match(await page.locator('.counted-reason').first().innerText(), /best graded submission, at 90%/);

    await page.getByLabel('Add a note').fill('Solid loop; missed the empty sum.');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.locator('li.note').filter({ hasText: 'Solid loop; missed the empty sum.' });
    await note.waitFor();
    assert.match(await note.innerText(), new RegExp(REVIEWER));
    await note.getByRole('button', { name: 'Edit' }).waitFor();

    for (const [criterion, value] of [['problem_solving', '3'], ['code_quality', '3'], ['testing', '2'], ['communication', '4']]) {
      await page.locator(`fieldset[data-criterion="${criterion}"] input[value="${value}"]`).check();
    }
    await page.getByLabel('Overall recommendation').selectOption('yes');
    await page.getByRole('button', { name: 'Save scorecard' }).click();
    await page.getByRole('button', { name: 'Update scorecard' }).waitFor();
    assert.equal(await page.getByLabel('Overall recommendation').inputValue(), 'yes');
    // The API holds both, the reviewer's own.
    const inv = page.url().split('/candidates/')[1];
    const review = await page.request.get(`/api/assessments/${assessment}/candidates/${inv}/review`);
    assert.equal(review.status(), 200, await review.text());
    const body = await review.json();
    assert.deepEqual(body.notes.map((n) => [n.author, n.mine]), [[REVIEWER, true]]);
    assert.deepEqual(body.scorecards.map((c) => [c.author, c.recommendation]), [[REVIEWER, 'yes']]);
    // For a person to look at: artifacts/e2e/roles-candidate-review.png.
    await screenshot(page, 'roles-candidate-review.png');
  });

  await step(t, 'the API refuses the reviewer an edit, naming the role needed', async () => {
    const refused = await reviewerPage.request.post(`/api/assessments/${assessment}/archive`, { data: {} });
    assert.equal(refused.status(), 403, await refused.text());
    assert.equal((await refused.json()).error.code, 'needs_interviewer');
    const team = await reviewerPage.request.get('/api/team/members');
    assert.equal(team.status(), 403);
    assert.equal((await team.json()).error.code, 'needs_admin');
    // The admin may: the refusal was the role's, not the request's.
    const allowed = await adminPage.request.post(`/api/assessments/${assessment}/archive`, { data: {} });
    assert.equal(allowed.status(), 200, await allowed.text());
  });

  await step(t, 'nothing went wrong in the pages', async () => {
    assert.deepEqual(pageErrors, []);
  });
});
