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
  ADEQUATE: 'Adequate',
  REQUIRES_IMPROVEMENT: 'Requires improvement',
  INADEQUATE: 'Inadequate',
};

let running: RunningServer;
beforeAll(async () => {
  const database = await createTestDatabase();
  running = await listen(createApp({ database }), database, 0, '127.0.0.1');
});
afterAll(() => running?.close());

async function api(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${running.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return ((await response.json()) as any).data;
}

type CompareRow = {
  question: { key: string };
  cells: { force: { slug: string }; grade: string | null; hasData: boolean; carriedOverFrom: { label: string } | null }[];
};
async function apiCompare(forces: string[], year = 2017, pillar: string | null = 'EFFECTIVENESS'): Promise<CompareRow[]> {
  const data = await api(
    'query($forces: [String!]!, $year: Int!, $pillar: Pillar) { compare(forces: $forces, year: $year, pillar: $pillar) { rows { question { key } cells { force { slug } grade hasData carriedOverFrom { label } } } } }',
    { forces, year, pillar },
  );
  return data.compare.rows;
}

/** Every grid cell shows the API's grade (as its words), "No data" where there is none, and carried-over years. */
async function expectGridMatches(tab: Page, rows: CompareRow[]) {
  expect(await tab.locator('#grid td').count()).toBe(rows.length * rows[0]!.cells.length);
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
    for (const [file, type] of [
      ['compare.js', 'text/javascript'],
      ['compare.css', 'text/css'],
    ]) {
      const response = await fetch(`${running.url}/compare/${file}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain(type);
    }
  });
});

/**
 * A Chromium tab on `path` for the tests of one describe block, every other host blocked; after them,
 * no request was blocked and no page error (a Content-Security-Policy refusal, say) was seen.
 */
function pageFor(path: string, viewport: { width: number; height: number }) {
  let browser: Browser;
  let tab: Page;
  let blocked: string[];
  let errors: string[];
  beforeAll(async () => {
    browser = await launchChromium();
    ({ page: tab, blocked, errors } = await offlinePage(browser, running.url, viewport));
    await tab.goto(`${running.url}${path}`);
    await tab.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  }, 60_000);
  afterAll(async () => {
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    await browser?.close();
  });
  return () => tab;
}

/** axe-core's WCAG 2.0/2.1 A and AA findings on the page as it is now. */
async function axeViolations(tab: Page): Promise<string[]> {
  // Evaluated through DevTools, which the page's Content-Security-Policy (no inline script) does not govern.
  await tab.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  return tab.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
  });
}

describe.skipIf(!browserAvailable)('/compare in headless Chromium, network blocked', () => {
  const page = pageFor('/compare', { width: 1400, height: 1800 });

  it("shows Cambridgeshire 2017 beside the East of England forces with the API's grades", async () => {
    const tab = page();
    const rows = await apiCompare(EAST_OF_ENGLAND);
    expect(rows).toHaveLength(6); // the headline and eff_q1 … eff_q5
    expect(await tab.locator('#grid tbody tr').count()).toBe(6);
    expect(await tab.locator('#grid td').count()).toBe(36);
    await expectGridMatches(tab, rows);
    // The seed report's own judgements, as the page shows them.
    const cambridgeshire = (key: string) => tab.locator(`#grid td[data-force="cambridgeshire"][data-question="${key}"]`).innerText();
    expect(await cambridgeshire('overall')).toBe('Requires improvement');
    expect(await cambridgeshire('eff_q2')).toBe('Requires improvement');
    expect(await cambridgeshire('eff_q3')).toBe('Requires improvement');
    expect(await cambridgeshire('eff_q5')).toBe('Not a graded question');
    expect(await tab.locator('#grid td.carried').count()).toBe(rows.flatMap((r) => r.cells).filter((c) => c.carriedOverFrom).length);
    // Columns are headed by short labels, the full question beneath.
    expect(await tab.locator('#grid thead th[data-question="eff_q3"]').innerText()).toBe(
      'Protecting vulnerable people\nHow effective is the force at protecting those who are vulnerable from harm, and supporting victims?',
    );
    expect(await tab.locator('#history-map tbody tr').count()).toBeGreaterThan(3);
    await screenshot(tab, 'compare-east-of-england.png');
  });

  it('opens a finding with its text and sources from the keyboard', async () => {
    const tab = page();
    await tab.locator('#grid td[data-force="cambridgeshire"][data-question="overall"] a').focus();
    await tab.keyboard.press('Enter');
    const finding = tab.locator('#finding');
    await expect.poll(() => finding.innerText(), { timeout: 10_000 }).toContain('Cambridgeshire Constabulary, 2017: Requires improvement');
    const text = await finding.innerText();
    expect(text).toContain('Cambridgeshire Constabulary requires improvement in its approach to keeping people safe');
    expect(text).toContain('https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/peel-2017/cambridgeshire/effectiveness/');
    expect(await tab.evaluate(() => document.activeElement?.id)).toBe('finding-heading');
  });

  it("passes axe's WCAG 2 A and AA checks (contrast, labels, table headers, keyboard)", async () => {
    expect(await axeViolations(page())).toEqual([]);
  });

  it('puts all 43 forces in the grid with one click', async () => {
    const tab = page();
    await tab.locator('#all-forces').click();
    await tab.waitForFunction(() => document.querySelectorAll('#grid tbody tr').length === 43, undefined, { timeout: 15_000 });
    expect(await tab.locator('#grid td').count()).toBe(43 * 6);
    expect(new URL(tab.url()).searchParams.get('forces')!.split(',')).toHaveLength(43);
    await screenshot(tab, 'compare-all-forces.png');
  });
});

describe.skipIf(!browserAvailable)('/compare for 2021/22 at 1400 px, network blocked', () => {
  const page = pageFor('/compare?year=2021&pillar=', { width: 1400, height: 1000 });

  it("shows the East of England forces on the 2021/22 areas with the API's grades, headed by short labels", async () => {
    const tab = page();
    const rows = await apiCompare(EAST_OF_ENGLAND, 2021, null);
    expect(rows.length).toBeGreaterThan(10);
    await expectGridMatches(tab, rows);
    // fixtures/grades.csv: Cambridgeshire 2021/22, investigating crime Requires improvement, protecting vulnerable people Good.
    const cambridgeshire = (key: string) => tab.locator(`#grid td[data-force="cambridgeshire"][data-question="${key}"]`).innerText();
    expect(await cambridgeshire('investigating_crime')).toBe('Requires improvement');
    expect(await cambridgeshire('protecting_vulnerable')).toBe('Good');
    expect(await tab.locator('#grid thead th[data-question="investigating_crime"]').innerText()).toBe('Investigating crime');
    // The force column stays in view when the grid is scrolled to its far right.
    await tab.locator('#grid').evaluate((grid) => grid.parentElement!.scrollTo({ left: 10_000 }));
    const box = await tab.locator('#grid tbody tr:first-child th').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x).toBeLessThan(40);
    await tab.locator('#grid').evaluate((grid) => grid.parentElement!.scrollTo({ left: 0 }));
    await tab.evaluate(() => document.getElementById('grid-heading')!.scrollIntoView());
    await screenshot(tab, 'compare-2021-22.png');
  });

  it("draws Cambridgeshire's history over every round, 2014 to 2023-25, with a break where HMICFRS changed its framework", async () => {
    const tab = page();
    const { inspectionYears } = await api('{ inspectionYears { year label comparableWithPrevious comparisonNote comparisonSourceUrl } }');
    expect((await tab.locator('#history-map thead th').allInnerTexts()).map((t) => t.split('\n')[0])).toEqual([
      'Theme',
      ...inspectionYears.map((y: any) => y.label),
    ]);
    const breaks = inspectionYears.filter((y: any, i: number) => i > 0 && !y.comparableWithPrevious);
    expect(breaks.map((y: any) => y.label)).toEqual(['2021/22', '2023-25']);
    expect(await tab.locator('#history-map thead th.break').count()).toBe(2);
    for (const round of breaks) {
      const caveat = await tab.locator(`#caveat-${round.year}`).innerText();
      expect(caveat).toContain(round.comparisonNote);
      expect(await tab.locator(`#caveat-${round.year} a`).getAttribute('href')).toBe(round.comparisonSourceUrl);
    }
    // The caveat is reachable from the keyboard: the break's link in the header leads to it.
    await tab.locator('#history-map thead th.break a').first().focus();
    await tab.keyboard.press('Enter');
    await expect.poll(() => tab.evaluate(() => location.hash)).toBe('#caveat-2021');
    // Cells agree with the API's history: investigating crime from 2014 to 2023-25, reworded along the way.
    const { force } = await api(
      '{ force(slug: "cambridgeshire") { history(theme: "investigating-crime") { inspectionYear { year } grade } } }',
    );
    for (const h of force.history.filter((x: any) => x.grade)) {
      expect(
        await tab
          .locator(`#history-map td[data-theme="investigating-crime"][data-year="${h.inspectionYear.year}"]`)
          .getAttribute('data-grade'),
      ).toBe(h.grade);
    }
    expect(await tab.locator('#history-map td[data-theme="investigating-crime"][data-year="2023"]').innerText()).toBe('Adequate');
    await tab.evaluate(() => document.getElementById('history-heading')!.scrollIntoView());
    await screenshot(tab, 'compare-history-2021-22.png');
  });

  it("passes axe's WCAG 2 A and AA checks with 2021/22 chosen", async () => {
    expect(await axeViolations(page())).toEqual([]);
  });
});
