import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ baseURL: process.argv[2], viewport: { width: 390, height: 844 } });
const page = await context.newPage();
for (const path of process.argv.slice(3)) {
  await page.goto(path); await page.waitForTimeout(1500);
  const r = await page.evaluate(() => {
    const d = document.documentElement;
    const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > d.clientWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
    return { sw: d.scrollWidth, cw: d.clientWidth, wide };
  });
  console.log(path, JSON.stringify(r));
  await page.screenshot({ path: `/tmp/assets-390-${path.replace(/\W/g, '_')}.png`, fullPage: false });
}
await browser.close();
