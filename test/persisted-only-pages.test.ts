// Under PERSISTED_OPERATIONS=only the server's own pages keep working: /compare sends its document's
// hash and renders, GraphiQL loads the schema (introspection runs as text) and runs an unedited
// example tab by its hash, while any other document is refused with 403 PERSISTED_QUERY_ONLY.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { listen, type RunningServer } from '../src/http/server.js';
import { createApp } from '../src/http/yoga.js';
import { comparePageDocument } from '../src/http/pages.js';
import { browserAvailable, launchChromium, offlinePage } from './helpers/chromium.js';
import { createTestDatabase } from './helpers/database.js';

let running: RunningServer;
beforeAll(async () => {
  const database = await createTestDatabase();
  running = await listen(createApp({ database, persistedOperations: 'only', cacheTtlMs: 0 }), database, 0, '127.0.0.1');
});
afterAll(() => running?.close());

const post = async (body: unknown) => {
  const response = await fetch(`${running.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as any };
};

describe('the trusted set under PERSISTED_OPERATIONS=only', () => {
  it("holds the comparison page's document, served with its hash; other text is refused 403", async () => {
    const served = (await (await fetch(`${running.url}/compare/documents.json`)).json()) as { hash: string; document: string };
    // The page is told the mode with its document, so its first request sends the hash alone.
    expect(served).toEqual({ ...comparePageDocument(), hashOnly: true });
    const start = await post({ operationName: 'PageStart', extensions: { persistedQuery: { version: 1, sha256Hash: served.hash } } });
    expect(start.status).toBe(200);
    expect(start.body.data.forces.nodes).toHaveLength(43);
    const raw = await post({ query: '{ forces { totalCount } }' });
    expect(raw.status).toBe(403);
    expect(raw.type).toContain('application/graphql-response+json');
    expect(raw.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
    // Introspection is not a way round it: a document mixing introspection with data is refused too.
    expect((await post({ query: '{ __typename forces { totalCount } }' })).status).toBe(403);
    expect((await post({ query: '{ __schema { queryType { name } } }' })).body.data.__schema.queryType.name).toBe('Query');
  });
});

describe.skipIf(!browserAvailable)('the pages under PERSISTED_OPERATIONS=only', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('renders /compare: the grid, a finding and the history, sending hashes alone from the first request', async () => {
    const { page, blocked, errors } = await offlinePage(browser, running.url);
    const statuses: number[] = [];
    const texts: unknown[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/graphql')) texts.push(JSON.parse(request.postData() ?? '{}').query);
    });
    page.on('response', (response) => {
      if (response.url().endsWith('/graphql')) statuses.push(response.status());
    });
    await page.goto(`${running.url}/compare?force=cambridgeshire&year=2017&pillar=EFFECTIVENESS`);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
    const headline = page.locator('#grid tbody td[data-force="cambridgeshire"][data-question]').first();
    expect(await headline.getAttribute('data-grade')).toBe('REQUIRES_IMPROVEMENT');
    await headline.click();
    await expect.poll(() => page.locator('#finding-body').innerText(), { timeout: 10_000 }).toContain('Cambridgeshire Constabulary');
    expect(await page.locator('#history-map tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#status').innerText()).not.toContain('Could not');
    // No request refused first: PageStart, ComparePage, FindingDetail and ForceHistoryPage, all by hash.
    expect(statuses.length).toBeGreaterThanOrEqual(4);
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(texts.every((text) => text === undefined)).toBe(true);
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('loads GraphiQL with its schema and runs the ForceReport tab by its hash', async () => {
    const { page, blocked, errors } = await offlinePage(browser, running.url);
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/graphql')) sent.push(request.postData() ?? '');
    });
    await page.goto(`${running.url}/graphql`);
    await page.locator('.graphiql-execute-button').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('.graphiql-query-editor').innerText(), { timeout: 30_000 }).toMatch(/query\sForceReport/);
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.graphiql-response');
    await expect.poll(() => result.innerText(), { timeout: 30_000 }).toMatch(/"grade":\s"REQUIRES_IMPROVEMENT"/);
    const run = sent.map((body) => JSON.parse(body)).find((body) => body.operationName === 'ForceReport');
    expect(run.query).toBeUndefined();
    expect(run.extensions.persistedQuery.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Query', { exact: true }).first().click();
    await expect.poll(() => docs.innerText(), { timeout: 10_000 }).toContain('Puts forces side by side for one inspection year and pillar');
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  }, 90_000);
});
