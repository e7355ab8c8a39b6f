// npm run docs:screenshots [-- URL]: the pictures of /compare in the README and docs/using.md, taken from a running server
// (default http://localhost:4000, or PEEL_URL) in headless Chromium, so they can be made again
// whenever the page changes. Writes docs/images/compare.png (1400x900, the first screen a desktop
// reader sees), docs/images/compare-phone.png (390x844) and docs/images/compare-history.png (the
// history heat map).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const server = process.argv[2] ?? process.env.PEEL_URL ?? 'http://localhost:4000';
const images = path.join(path.dirname(fileURLToPath(import.meta.url)), 'images');
const page = '/compare?force=cambridgeshire&year=2017&pillar=EFFECTIVENESS';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const [file, viewport, section] of [
    ['compare.png', { width: 1400, height: 900 }, null],
    ['compare-phone.png', { width: 390, height: 844 }, null],
    ['compare-history.png', { width: 1400, height: 900 }, 'history-heading'],
  ] as const) {
    const tab = await (await browser.newContext({ viewport })).newPage();
    await tab.goto(`${server}${page}`);
    await tab.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
    if (section) await tab.locator(`#${section}`).scrollIntoViewIfNeeded();
    await tab.screenshot({ path: path.join(images, file) });
    console.log(`docs/images/${file}: ${viewport.width}x${viewport.height} of ${server}${page}`);
  }
} finally {
  await browser.close();
}
