// The comparison page at /compare: served as static files, and in headless Chromium (every other host
// blocked) it shows Cambridgeshire 2017 beside its East of England neighbours with the grades the API
// gives, all 43 forces in one click, and a finding's text and sources from the keyboard.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { listen, type RunningServer } from '../src/http/server.js';
import { createApp } from '../src/http/yoga.js';
import { browserAvailable, launchChromium, offlinePage, screenshot } from './helpers/chromium.js';
import { createTestDatabase } from './helpers/database.js';

const EAST_OF_ENGLAND = ['cambridgeshire', 'bedfordshire', 'essex', 'hertfordshire', 'norfolk', 'suffolk'];
const LABELS: Record<string, string> = {
  OUTSTANDING: 'Outstanding',
  GOOD: 'Good',
  REQUIRES_IMPROVEMENT: 'Requires improvement',
  INADEQUATE: 'Inadequate',
};

let running: RunningServer;
beforeAll(async () => {
  const database = await createTestDatabase();
  running = await listen(createApp({ database }), database, 0, '127.0.0.1');
});
afterAll(() => running?.close());

async function apiCompare(forces: string[]) {
  const response = await fetch(`${running.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'query($forces: [String!]!) { compare(forces: $forces, year: 2017, pillar: EFFECTIVENESS) { rows { question { key } cells { force { slug } grade hasData carriedOverFrom { label } } } } }',
      variables: { forces },
    }),
  });
  return ((await response.json()) as any).data.compare.rows as { question: { key: string }; cells: { force: { slug: string }; grade: string | null; hasData: boolean; carriedOverFrom: { label: string } | null }[] }[];
}

describe('/compare files', () => {
  it('serves the page, its script and stylesheet, revalidated by ETag', async () => {
    const page = await fetch(`${running.url}/compare`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/compare/compare.js">');
    expect(html).not.toMatch(/https?:\/\/(?!hmicfrs)/);
    const again = await fetch(`${running.url}/compare`, { headers: { 'if-none-match': page.headers.get('etag')! } });
    expect(again.status).toBe(304);
    for (const [file, type] of [['compare.js', 'text/javascript'], ['compare.css', 'text/css']]) {
      const response = await fetch(`${running.url}/compare/${file}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain(type);
    }
  });
});

describe.skipIf(!browserAvailable)('/compare in headless Chromium, network blocked', () => {
  let browser: Browser;
  let tab: Page;
  let blocked: string[];
  let errors: string[];
  beforeAll(async () => {
    browser = await launchChromium();
    ({ page: tab, blocked, errors } = await offlinePage(browser, running.url, { width: 1400, height: 1800 }));
    await tab.goto(`${running.url}/compare`);
    await tab.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  }, 60_000);
  afterAll(async () => {
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    await browser?.close();
  });

  it('shows Cambridgeshire 2017 beside the East of England forces with the API\'s grades', async () => {
    const rows = await apiCompare(EAST_OF_ENGLAND);
    expect(rows).toHaveLength(6); // the headline and eff_q1 … eff_q5
    expect(await tab.locator('#grid tbody tr').count()).toBe(6);
    expect(await tab.locator('#grid td').count()).toBe(36);
    for (const row of rows) {
      for (const cell of row.cells) {
        const td = tab.locator(`#grid td[data-force="${cell.force.slug}"][data-question="${row.question.key}"]`);
        const text = await td.innerText();
        expect(await td.getAttribute('data-grade')).toBe(cell.grade ?? '');
        if (cell.grade) expect(text).toContain(LABELS[cell.grade]);
        if (!cell.hasData) expect(text).toBe('No data');
        if (cell.carriedOverFrom) expect(text).toContain(`carried over from ${cell.carriedOverFrom.label}`);
      }
    }
    // The seed report's own judgements, as the page shows them.
    const cambridgeshire = (key: string) => tab.locator(`#grid td[data-force="cambridgeshire"][data-question="${key}"]`).innerText();
    expect(await cambridgeshire('overall')).toBe('Requires improvement');
    expect(await cambridgeshire('eff_q2')).toBe('Requires improvement');
    expect(await cambridgeshire('eff_q3')).toBe('Requires improvement');
    expect(await cambridgeshire('eff_q5')).toBe('Not a graded question');
    expect(await tab.locator('#grid td.carried').count()).toBe(rows.flatMap((r) => r.cells).filter((c) => c.carriedOverFrom).length);
    expect(await tab.locator('#history-table tbody tr').count()).toBeGreaterThan(3);
    await screenshot(tab, 'compare-east-of-england.png');
  });

  it('opens a finding with its text and sources from the keyboard', async () => {
    await tab.locator('#grid td[data-force="cambridgeshire"][data-question="overall"] a').focus();
    await tab.keyboard.press('Enter');
    const finding = tab.locator('#finding');
    await expect.poll(() => finding.innerText(), { timeout: 10_000 }).toContain('Cambridgeshire Constabulary, 2017: Requires improvement');
    const text = await finding.innerText();
    expect(text).toContain('Cambridgeshire Constabulary requires improvement in its approach to keeping people safe');
    expect(text).toContain('https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2017/cambridgeshire/effectiveness/');
    expect(await tab.evaluate(() => document.activeElement?.id)).toBe('finding-heading');
  });

  it('passes axe\'s WCAG 2 A and AA checks (contrast, labels, table headers, keyboard)', async () => {
    // Evaluated through DevTools, which the page's Content-Security-Policy (no inline script) does not govern.
    await tab.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
    const violations = await tab.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    });
    expect(violations).toEqual([]);
  });

  it('puts all 43 forces in the grid with one click', async () => {
    await tab.locator('#all-forces').click();
    await tab.waitForFunction(() => document.querySelectorAll('#grid tbody tr').length === 43, undefined, { timeout: 15_000 });
    expect(await tab.locator('#grid td').count()).toBe(43 * 6);
    expect(new URL(tab.url()).searchParams.get('forces')!.split(',')).toHaveLength(43);
    await screenshot(tab, 'compare-all-forces.png');
  });
});
