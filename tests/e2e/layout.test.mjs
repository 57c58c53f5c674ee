// End-to-end test of the problem page's one-screen layout (issue 22, item 3) in a real browser:
// at 1280x720 the page does not scroll and the results are in view after Run and after Submit
// (the console grows back from its smallest size to show them); the console's splitter moves
// with the pointer and the arrow keys and its size survives a reload; the statement's splitter
// moves too; an assessment attempt (the same problem view under its bar and tabs) fits as well;
// at 390x844 the list, the problem page and the attempt do not scroll sideways and Run scrolls
// the results into view. Screenshots at both widths go to artifacts/e2e.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { printServerLog, replaceCode, screenshot, startScenario, steps, VERDICT_MS } from './harness.mjs';

const SLUG = 'is-palindrome';
const ACCEPTED = 'def is_palindrome(s):\n    chars = [c.lower() for c in s if c.isalnum()]\n    return chars == chars[::-1]\n';
const EMAIL = 'lead@acme.test';
const PASSWORD = 'correct horse battery staple';
// The console's default share of the right column's height (SPLITS.console.initial in layout.js).
const CONSOLE_DEFAULT = 40;

let scenario = null;
let page = null;
const pageErrors = [];

before(async () => {
  scenario = await startScenario('layout');
  page = await scenario.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.setViewportSize({ width: 1280, height: 720 });
});

after(async () => {
  await scenario?.stop();
});

const step = steps(async () => {
  if (page) await screenshot(page, 'layout-failure.png');
  printServerLog(scenario?.server);
});

/** The page's own scroll sizes against the viewport's. */
const pageBox = () =>
  page.evaluate(() => ({
    scrollHeight: document.scrollingElement.scrollHeight,
    scrollWidth: document.scrollingElement.scrollWidth,
    innerHeight,
    innerWidth,
  }));

async function assertNoPageScroll(what) {
  const box = await pageBox();
  assert.ok(box.scrollHeight <= box.innerHeight, `${what}: the page scrolls (scrollHeight ${box.scrollHeight} > innerHeight ${box.innerHeight})`);
}

/** `selector`'s box lies inside the console's box (not scrolled out of it), and that inside the viewport. */
async function assertInView(selector, what) {
  const { width, height } = page.viewportSize();
  const inside = (box, outer) =>
    box.x >= outer.x - 1 && box.y >= outer.y - 1 && box.x + box.width <= outer.x + outer.width + 1 && box.y + box.height <= outer.y + outer.height + 1;
  const shown = await page.locator(selector).first().boundingBox();
  const console = await page.locator('#console').boundingBox();
  assert.ok(shown && console, `${what}: ${selector} and the console are shown`);
  assert.ok(inside(shown, console), `${what}: ${selector} at ${JSON.stringify(shown)} is outside the console at ${JSON.stringify(console)}`);
  assert.ok(inside(console, { x: 0, y: 0, width, height }), `${what}: the console at ${JSON.stringify(console)} is not inside the ${width}x${height} viewport`);
}

const consoleHeight = async () => (await page.locator('#console').boundingBox()).height;
const columnHeight = async () => (await page.locator('.work-column').boundingBox()).height;
const splitter = () => page.getByRole('separator', { name: 'Resize the editor and the console' });

test('the problem page fits one screen, resizes, and stacks at 390 px', { timeout: 240_000 }, async (t) => {
  await step(t, 'at 1280x720 the problem page does not scroll', async () => {
    await page.goto(`/#/problems/${SLUG}`);
    await page.locator('.cm-editor').waitFor();
    await assertNoPageScroll('the problem page');
    // ...and fills it: the workspace reaches down to the viewport's bottom (less the page's margin).
    const workspace = await page.locator('.workspace').boundingBox();
    const bottom = workspace.y + workspace.height;
    assert.ok(bottom > 720 - 40 && bottom <= 720, `the workspace ends at ${bottom} px of 720`);
    const separators = page.getByRole('separator');
    assert.equal(await separators.count(), 2, 'a splitter beside the statement and one above the console');
    assert.equal(await splitter().getAttribute('aria-orientation'), 'horizontal');
    assert.equal(await splitter().getAttribute('aria-valuenow'), String(CONSOLE_DEFAULT));
    await screenshot(page, 'layout-1280.png');
  });

  await step(t, 'the arrow keys and the pointer move the console splitter', async () => {
    const start = await consoleHeight();
    await splitter().focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    const up = await consoleHeight();
    assert.ok(up > start + 20, `ArrowUp grows the console: ${start} -> ${up}`);
    await page.keyboard.press('ArrowDown');
    assert.ok((await consoleHeight()) < up, 'ArrowDown shrinks it');
    await page.keyboard.press('Enter');
    assert.equal(await splitter().getAttribute('aria-valuenow'), String(CONSOLE_DEFAULT), 'Enter resets it');

    const grip = await splitter().boundingBox();
    const x = grip.x + grip.width / 2;
    const y = grip.y + grip.height / 2;
    const before = await consoleHeight();
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x, y - 60, { steps: 4 });
    await page.mouse.move(x, y - 120, { steps: 4 });
    await page.mouse.up();
    const dragged = await consoleHeight();
    assert.ok(dragged > before + 90, `dragging 120 px up grows the console: ${before} -> ${dragged}`);
    assert.ok(Number(await splitter().getAttribute('aria-valuenow')) > CONSOLE_DEFAULT, 'its value says so');
    // The editor took the rest: CodeMirror fills its host.
    const host = await page.locator('.editor-host').boundingBox();
    const editor = await page.locator('.cm-editor').boundingBox();
    assert.ok(Math.abs(host.height - editor.height) <= 3, `the editor fills its host (${editor.height} of ${host.height})`);
    await assertNoPageScroll('after the drag');
  });

  await step(t, 'the console size survives a reload', async () => {
    const value = await splitter().getAttribute('aria-valuenow');
    const height = await consoleHeight();
    await page.reload();
    await page.locator('.cm-editor').waitFor();
    assert.equal(await splitter().getAttribute('aria-valuenow'), value);
    assert.ok(Math.abs((await consoleHeight()) - height) <= 2, `the console is as tall as before: ${height} vs ${await consoleHeight()}`);
  });

  await step(t, 'the statement splitter moves with the keyboard', async () => {
    const statement = page.getByRole('separator', { name: 'Resize the statement and the editor' });
    assert.equal(await statement.getAttribute('aria-orientation'), 'vertical');
    const width = (await page.locator('.statement-pane').boundingBox()).width;
    await statement.focus();
    await page.keyboard.press('Shift+ArrowLeft');
    const narrower = (await page.locator('.statement-pane').boundingBox()).width;
    assert.ok(narrower < width - 50, `Shift+ArrowLeft narrows the statement: ${width} -> ${narrower}`);
    await page.keyboard.press('Enter');
  });

  await step(t, 'after Run the results are in view, the console grown from its smallest size', async () => {
    await splitter().focus();
    await page.keyboard.press('Home');
    const smallest = await consoleHeight();
    await replaceCode(page, ACCEPTED);
    await page.getByRole('button', { name: 'Run samples' }).click();
    const banner = page.locator('#results .banner[data-verdict]');
    await banner.waitFor({ timeout: VERDICT_MS });
    assert.equal(await banner.getAttribute('data-verdict'), 'AC', await page.locator('#results').innerText());
    const grown = await consoleHeight();
    assert.ok(grown >= ((await columnHeight()) * CONSOLE_DEFAULT) / 100 - 2, `the console grew to its default share: ${smallest} -> ${grown}`);
    await assertInView('#results .banner', 'after Run');
    await assertNoPageScroll('after Run');
  });

  await step(t, 'custom input opens in the console, and its run comes into view below it', async () => {
    await page.locator('#custom-toggle').check();
    // A function problem's custom input is one field per parameter: the first has focus.
    const field = page.locator('#custom-input-group .literal-field').first();
    await assertInView('#custom-input-group .literal-field', 'the custom input');
    assert.ok(await field.evaluate((el) => el === document.activeElement), 'the first custom input field has focus');
    await page.getByRole('button', { name: 'Run custom input' }).click();
    const banner = page.locator('#results .banner[data-verdict]', { hasText: 'your input' });
    await banner.waitFor({ timeout: VERDICT_MS });
    await assertInView('#results .banner', 'after a custom Run');
    await assertNoPageScroll('after a custom Run');
  });

  await step(t, 'after Submit the verdict is in view, the console scrolled back to it', async () => {
    // Read down to the end of the run's results first: the verdict must come back into view.
    const scrolled = await page.locator('#console').evaluate((box) => {
      box.scrollTop = box.scrollHeight;
      return box.scrollTop;
    });
    assert.ok(scrolled > 0, 'the console scrolls inside itself');
    await page.getByRole('button', { name: 'Submit' }).click();
    const banner = page.locator('#results .banner[data-verdict]', { hasText: 'Submission' });
    await banner.waitFor({ timeout: VERDICT_MS });
    assert.equal(await banner.getAttribute('data-verdict'), 'AC', await page.locator('#results').innerText());
    await page.locator('.history-item', { hasText: 'Accepted' }).waitFor();
    await assertInView('#results .banner', 'after Submit');
    await assertNoPageScroll('after Submit');
    await screenshot(page, 'layout-1280-submitted.png');
  });

  let attempt = null;
  await step(t, 'at 1280x720 an assessment attempt fits one screen too', async () => {
    const team = await scenario.newPage();
    await team.goto((await scenario.createUser(EMAIL)).setupPath);
    await team.getByLabel('New password').fill(PASSWORD);
    await team.getByLabel('Repeat the password').fill(PASSWORD);
    await team.getByRole('button', { name: 'Set password and sign in' }).click();
    await team.waitForURL(/#\/team$/);
    const now = Date.now();
    const made = await team.request.post('/api/assessments', {
      data: {
        title: 'Layout check',
        instructions: 'One problem.',
        duration_minutes: 30,
        opens_at: new Date(now - 60_000).toISOString(),
        closes_at: new Date(now + 86_400_000).toISOString(),
        problems: [{ slug: SLUG, points: 10 }],
      },
    });
    assert.equal(made.status(), 201, await made.text());
    const invited = await team.request.post(`/api/assessments/${(await made.json()).id}/invitations`, {
      data: { name: 'Grace Hopper', email: 'grace@example.test' },
    });
    assert.equal(invited.status(), 201, await invited.text());
    attempt = `/${new URL((await invited.json()).link).hash}`;
    await page.goto(attempt);
    await page.locator('#start-button').click();
    await page.locator('.cm-editor').waitFor();
    await assertNoPageScroll('the attempt');
    await page.getByRole('button', { name: 'Run samples' }).click();
    await page.locator('#results .banner[data-verdict]').waitFor({ timeout: VERDICT_MS });
    await assertInView('#results .banner', 'after Run in the attempt');
    await assertNoPageScroll('the attempt after Run');
    await screenshot(page, 'layout-attempt-1280.png');
  });

  await step(t, 'at 390x844 the list, the problem page and an attempt do not scroll sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [path, ready, name] of [
      ['/#/', 'tr[data-slug]', 'layout-list-390.png'],
      [`/#/problems/${SLUG}`, '.cm-editor', 'layout-problem-390.png'],
      [attempt, '.cm-editor', 'layout-attempt-390.png'],
    ]) {
      await page.goto(path);
      await page.locator(ready).first().waitFor();
      const box = await pageBox();
      assert.ok(box.scrollWidth <= box.innerWidth, `${path}: scrollWidth ${box.scrollWidth} > innerWidth ${box.innerWidth}`);
      await screenshot(page, name);
    }
    // Stacked, the splitters are gone and the console follows the editor on the page.
    assert.equal(await page.getByRole('separator').count(), 0, 'no splitter at 390 px');
    await page.getByRole('button', { name: 'Run samples' }).click();
    await page.locator('#results .banner[data-verdict]').waitFor({ timeout: VERDICT_MS });
    const banner = await page.locator('#results .banner').boundingBox();
    assert.ok(banner.y >= 0 && banner.y + banner.height <= 844, `the results are scrolled into view: ${JSON.stringify(banner)}`);
  });

  await step(t, 'no page had a script error', async () => {
    assert.deepEqual(pageErrors, []);
  });
});
