import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const axeSource = readFileSync('/work/wt-assets/tests/e2e/node_modules/axe-core/axe.min.js', 'utf8');
const base = process.argv[2];
const paths = process.argv.slice(3);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
for (const theme of ['light', 'dark']) {
const context = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 1000 }, colorScheme: theme });
const page = await context.newPage();
page.on('console', (m) => m.type() === 'error' && console.log('console', m.text()));
for (const path of paths) {
  await page.goto(path);
  await page.waitForTimeout(1500);
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  for (const v of result.violations) {
    console.log(theme, path, v.impact, v.id, v.help, v.nodes.slice(0, 4).map((n) => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\n').slice(1,2).join('')).join(' | '));
  }
}
await context.close();
}
await browser.close();
