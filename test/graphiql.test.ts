// GraphiQL works offline: its page and assets come from this server, compressed and cached, and in
// headless Chromium with every other host blocked it loads the examples and runs ForceReport.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { operationNames, readExamples } from '../src/http/examples.js';
import { GRAPHIQL_ASSET_PREFIX } from '../src/http/graphiql.js';
import { listen, type RunningServer } from '../src/http/server.js';
import { createApp } from '../src/http/yoga.js';
import { browserAvailable, launchChromium, offlinePage, screenshot } from './helpers/chromium.js';
import { createTestDatabase } from './helpers/database.js';

let running: RunningServer;
beforeAll(async () => {
  const database = await createTestDatabase();
  running = await listen(createApp({ database }), database, 0, '127.0.0.1');
});
afterAll(() => running?.close());

const page = () => fetch(`${running.url}/graphql`, { headers: { accept: 'text/html' } });

describe('GraphiQL page and assets', () => {
  it("names only this server's assets, with the examples (ForceReport first)", async () => {
    const response = await page();
    expect(response.status).toBe(200);
    const html = await response.text();
    // Outside the settings' data block (whose sample page names its HMICFRS source), no other host.
    const markup = html.replace(/<script type="application\/json"[^>]*>[^<]*<\/script>/, '');
    expect(markup).toContain('<div id="root">');
    expect(markup).not.toMatch(/unpkg|jsdelivr|githubusercontent|https?:\/\//);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.filter((a) => a !== 'data:,' && a !== '/graphiql-boot.js').every((a) => a!.startsWith(GRAPHIQL_ASSET_PREFIX))).toBe(true);
    // No inline script: the Content-Security-Policy allows none.
    expect(html).not.toMatch(/<script>|<script(?![^>]*(src=|type="application\/json"))[^>]*>/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html.indexOf('query ForceReport')).toBeGreaterThan(0);
    expect(html.indexOf('query ForceReport')).toBeLessThan(html.indexOf('query Forces'));
    expect(html.length).toBeLessThan(40_000); // a reload costs kilobytes
  });

  it('serves the bundle compressed and cacheable for a year', async () => {
    const url = `${running.url}${GRAPHIQL_ASSET_PREFIX}yoga-graphiql.umd.js`;
    const br = await fetch(url, { headers: { 'accept-encoding': 'br' } });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const compressedBytes = Number(br.headers.get('content-length'));
    expect(compressedBytes).toBeGreaterThan(500_000);
    expect(compressedBytes).toBeLessThan(2_000_000); // the file itself is over 5 MB
    expect((await br.text()).length).toBeGreaterThan(5_000_000); // fetch decodes it
    const gz = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const again = await fetch(url, { headers: { 'accept-encoding': 'br', 'if-none-match': br.headers.get('etag')! } });
    expect(again.status).toBe(304);
    for (const name of ['nothing.js', 'constructor', '__proto__', '../package.json']) {
      const missing = await fetch(`${running.url}${GRAPHIQL_ASSET_PREFIX}${name}`);
      expect(missing.status).toBe(404);
    }
    expect((await fetch(`${running.url}/graphiql/0.0.1/graphiql.css`)).status).toBe(404);
  });
});

describe.skipIf(!browserAvailable)('GraphiQL in headless Chromium, network blocked', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it("loads, runs ForceReport and shows Cambridgeshire's Requires improvement", async () => {
    const { page: tab, blocked, errors } = await offlinePage(browser, running.url);
    await tab.goto(`${running.url}/graphql`);
    await tab.locator('.graphiql-execute-button').waitFor({ timeout: 30_000 });
    // The editor holds ForceReport before anything is typed (monaco renders spaces as no-break spaces).
    await expect.poll(() => tab.locator('.graphiql-query-editor').innerText(), { timeout: 30_000 }).toMatch(/query\sForceReport/);
    await tab.locator('.graphiql-execute-button').click();
    const result = tab.locator('.graphiql-response');
    await expect.poll(() => result.innerText(), { timeout: 30_000 }).toMatch(/"grade":\s"REQUIRES_IMPROVEMENT"/);
    // The summary's first words, in whichever lines the result pane wraps them.
    await expect.poll(() => result.innerText(), { timeout: 10_000 }).toMatch(/Cambridgeshire\s+Constabulary\s+requires\s+improvement/);
    const file = await screenshot(tab, 'graphiql-force-report.png');
    // The schema documentation is browsable offline too: the Query type and a field's description.
    await tab.getByRole('button', { name: /documentation explorer/i }).click();
    const docs = tab.locator('.graphiql-doc-explorer');
    await docs.getByText('Query', { exact: true }).first().click();
    await expect.poll(() => docs.innerText(), { timeout: 10_000 }).toContain('Puts forces side by side for one inspection year and pillar');
    expect(existsSync(file)).toBe(true);
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);
});

describe.skipIf(!browserAvailable)('GraphiQL on a first visit (fresh profile), network blocked', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  /** The operation names of each shipped example, in tab order. */
  const tabs = readExamples().map((example) => ({ ...example, names: [...operationNames([example.query])] }));

  it('opens every tab on its own operation at the first click, and runs every read example without errors', async () => {
    // A new context is a new profile: empty localStorage, nothing cached.
    const { page: tab, blocked, errors } = await offlinePage(browser, running.url, { width: 1400, height: 900 });
    // Whether the faces the tab bar is drawn in had loaded when it first appeared: fonts arriving
    // after that left the tabs under stale measurements, and a click on one reselected the first.
    await tab.addInitScript(() => {
      const seen = new MutationObserver(() => {
        if (!document.querySelector('.graphiql-tab')) return;
        seen.disconnect();
        (window as unknown as { tabFontsReady: boolean }).tabFontsReady =
          document.fonts.check('400 1em Roboto') && document.fonts.check('500 1em Roboto');
      });
      seen.observe(document, { childList: true, subtree: true });
    });
    await tab.goto(`${running.url}/graphql`);
    await tab.locator('.graphiql-execute-button').waitFor({ timeout: 30_000 });
    expect(await tab.evaluate(() => (window as unknown as { tabFontsReady?: boolean }).tabFontsReady)).toBe(true);
    expect(await tab.evaluate(() => localStorage.length)).toBeLessThanOrEqual(1);
    const editor = tab.locator('.graphiql-query-editor .view-lines');
    const response = tab.locator('.graphiql-response');
    let ran = 0;
    for (const [index, example] of tabs.entries()) {
      await tab.locator('.graphiql-tab-button').nth(index).click();
      const first = example.names[0]!;
      // monaco renders spaces as no-break spaces: match on words.
      await expect.poll(() => editor.innerText(), { timeout: 10_000 }).toMatch(new RegExp(`(query|mutation)\\s${first}\\b`));
      if (example.file === 'import.graphql') {
        // The write example carries a sample page and says it needs the token.
        expect(example.query).toContain('Authorization: Bearer <API_TOKEN>');
        continue;
      }
      // GraphiQL takes in a shown document 100 ms later (debounced): its operation name, then yoga's
      // copy of it in the address; with several operations the run button becomes a menu. Running
      // before that sends the previous tab's operation name, as it would for a person clicking that
      // fast. The first tab is the one the page opened on: its operation is taken in already.
      if (index > 0) await expect.poll(() => new URL(tab.url()).searchParams.get('query'), { timeout: 10_000 }).toBe(example.query);
      const several = example.names.length > 1;
      await tab.locator(`.graphiql-execute-button${several ? '[aria-haspopup="menu"]' : ':not([aria-haspopup])'}`).waitFor();
      for (const name of example.names) {
        const before = await response.innerText();
        await tab.locator('.graphiql-execute-button').click();
        if (several) await tab.getByRole('menuitem', { name, exact: true }).click();
        // A fresh answer each time: wait for this operation's data, then check it has no errors.
        await expect.poll(() => response.innerText(), { timeout: 15_000 }).not.toBe(before);
        await expect.poll(() => response.innerText(), { timeout: 15_000 }).toMatch(/"data":/);
        const text = (await response.innerText()).replace(/\u00a0/g, ' ');
        expect(text, `${example.file} ${name}`).not.toMatch(/"errors":/);
        ran += 1;
      }
    }
    expect(ran).toBe(tabs.filter((t) => t.file !== 'import.graphql').reduce((n, t) => n + t.names.length, 0));
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    await screenshot(tab, 'graphiql-first-visit.png');
  }, 120_000);

  it('gives the import tab a sample page and the token header, and the Node example a real id', async () => {
    const importTab = tabs.find((t) => t.file === 'import.graphql')!;
    const variables = JSON.parse(importTab.variables!) as { text: string; format: string; sourceUrl: string };
    expect(variables.text).toContain('Cambridgeshire PEEL 2017');
    expect(variables.sourceUrl).toBe(
      'https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2017/cambridgeshire/effectiveness/',
    );
    expect(JSON.parse(importTab.headers!)).toEqual({ Authorization: 'Bearer <API_TOKEN>' });
    // The page's HTML carries both into GraphiQL's tabs.
    const html = await (await page()).text();
    expect(html).toContain('Bearer \\u003cAPI_TOKEN>');
    // Node's default id is Cambridgeshire's, base64 of "Force:cambridgeshire".
    const browse = tabs.find((t) => t.file === 'browse.graphql')!.query;
    expect(browse).toContain(`$id: ID! = "${Buffer.from('Force:cambridgeshire').toString('base64')}"`);
  });
});
