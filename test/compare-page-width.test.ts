// No imported text can widen /compare: a page whose narrative, area for improvement and summary each
// hold a 20,000-character word is imported, and the page keeps the viewport's width at 1,280 and at
// 390 px, with the finding open, while the word wraps inside its panel.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { listen, type RunningServer } from '../src/http/server.js';
import { createApp } from '../src/http/yoga.js';
import { browserAvailable, launchChromium, offlinePage, screenshot } from './helpers/chromium.js';
import { createTestDatabase } from './helpers/database.js';
import { operationFile } from './helpers/graphql.js';

const TOKEN = 'width-test-token-0123456789abcdef';
const WORD = 'W'.repeat(20_000);
const SHIPPED = 'fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt';
const SOURCE = 'https://www.justiceinspectorates.gov.uk/hmicfrs/peel-assessments/peel-2017/cambridgeshire/';

/** The shipped Cambridgeshire page with the word put into a summary paragraph, a finding's narrative and an area for improvement. */
function pageWithLongWords(): string {
  const places = [
    'The force’s service to vulnerable victims is inconsistent.',
    'The force’s investigations are not of consistently high quality.',
    'The force should ensure that there is regular and active supervision',
  ];
  let text = readFileSync(SHIPPED, 'utf8');
  for (const place of places) {
    expect(text).toContain(place);
    text = text.replace(place, place.replace(' ', ` ${WORD} `));
  }
  return text;
}

let running: RunningServer;
let browser: Browser;
beforeAll(async () => {
  if (!browserAvailable) return;
  const database = await createTestDatabase();
  running = await listen(createApp({ database, apiToken: TOKEN, cacheTtlMs: 0 }), database, 0, '127.0.0.1');
  const imported = await fetch(`${running.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({
      query: operationFile('import.graphql'),
      variables: { text: pageWithLongWords(), format: 'TEXT', sourceUrl: SOURCE },
    }),
  });
  expect(((await imported.json()) as any).data.importReport).toMatchObject({ __typename: 'ImportReportSuccess', created: false });
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await running?.close();
});

describe.skipIf(!browserAvailable)('/compare with a 20,000-character word in imported text', () => {
  it.each([
    [1280, 900],
    [390, 844],
  ])('stays %i px wide, the finding open, the word wrapped in its panel', async (width, height) => {
    const { page, blocked, errors } = await offlinePage(browser, running.url, { width, height });
    await page.goto(`${running.url}/compare?force=cambridgeshire&year=2017&pillar=EFFECTIVENESS`);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
    const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    expect(await pageWidth()).toBeLessThanOrEqual(width);
    // The investigating-crime finding: its narrative holds the word, and its areas for improvement too.
    await page.locator('#grid tbody td[data-force="cambridgeshire"][data-question]').nth(2).click();
    const body = page.locator('#finding-body');
    await expect.poll(() => body.innerText(), { timeout: 10_000 }).toContain('WWWWWWWWWW');
    expect(await pageWidth()).toBeLessThanOrEqual(width);
    const panel = await page.locator('#finding').evaluate((section) => [section.scrollWidth, section.clientWidth]);
    expect(panel[0]).toBeLessThanOrEqual(panel[1]!);
    await screenshot(page, `compare-long-word-${width}.png`);
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  });
});
