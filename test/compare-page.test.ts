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
  question: { key: string; grading: string | null };
  cells: {
    force: { slug: string };
    grade: string | null;
    hasData: boolean;
    carriedOverFrom: { label: string } | null;
    finding: { evidence: string } | null;
  }[];
};
async function apiCompare(forces: string[], year = 2017, pillar: string | null = 'EFFECTIVENESS'): Promise<CompareRow[]> {
  const data = await api(
    'query($forces: [String!]!, $year: Int!, $pillar: Pillar) { compare(forces: $forces, year: $year, pillar: $pillar) { rows { question { key grading } cells { force { slug } grade hasData carriedOverFrom { label } finding { evidence } } } } }',
    { forces, year, pillar },
  );
  return data.compare.rows;
}

/** fixtures/questions.csv: the keys of a round's questions the catalogue says are not graded. */
function catalogueUngraded(year: number): string[] {
  const lines = readFileSync('fixtures/questions.csv', 'utf8').trim().split('\n').slice(1);
  return lines
    .map((line) => line.split(','))
    .filter((f) => Number(f[1]) === year && f.at(-3) === 'no')
    .map((f) => f[3]!);
}

/**
 * Every grid cell shows the API's grade (as its words) or says why there is none: "Not graded in this
 * round" for a question never graded, "Not graded for this force" where only some forces were,
 * "No data" only where a grade exists that the data lacks; carried-over years are written out.
 */
async function expectGridMatches(tab: Page, rows: CompareRow[]) {
  expect(await tab.locator('#grid tbody td').count()).toBe(rows.length * rows[0]!.cells.length);
  for (const row of rows) {
    for (const cell of row.cells) {
      const td = tab.locator(`#grid tbody td[data-force="${cell.force.slug}"][data-question="${row.question.key}"]`);
      const text = await td.innerText();
      expect(await td.getAttribute('data-grade')).toBe(cell.grade ?? '');
      if (cell.grade) expect(text).toContain(LABELS[cell.grade]);
      else if (row.question.grading === 'NEVER') expect(text).toBe('Not graded in this round');
      else if (row.question.grading === 'SOME_FORCES') expect(text).toBe('Not graded for this force');
      else if (!cell.hasData) expect(text).toBe('No data');
      if (cell.carriedOverFrom) expect(text).toContain(`carried over from ${cell.carriedOverFrom.label}`);
      // A grade only pages quoting HMICFRS give is marked with a dagger (the legend says what it means).
      expect(text.includes('†'), `${cell.force.slug} ${row.question.key}`).toBe(
        Boolean(cell.grade) && cell.finding?.evidence === 'SECONDARY_ONLY',
      );
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
    expect(await tab.locator('#grid tbody td').count()).toBe(36);
    await expectGridMatches(tab, rows);
    // The seed report's own judgements, as the page shows them.
    // Cambridgeshire is the page's force: its row says where it ranks.
    const cambridgeshire = (key: string) => tab.locator(`#grid td[data-force="cambridgeshire"][data-question="${key}"]`).innerText();
    expect(await cambridgeshire('overall')).toBe('Requires improvement\n31st of 42');
    expect(await cambridgeshire('eff_q2')).toBe('Requires improvement\n26th of 34');
    expect(await cambridgeshire('eff_q3')).toBe('Requires improvement\n19th of 33');
    expect(await cambridgeshire('eff_q5')).toBe('Not graded in this round');
    // Other rows say the grade only.
    expect(await tab.locator('#grid td[data-force="essex"][data-question="overall"]').innerText()).toBe('Good');
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
    expect(text).not.toContain('Only pages quoting HMICFRS');
  });

  it("says in a finding resting only on the press that no HMICFRS page states its grade, and lists each source's kind and basis", async () => {
    const tab = page();
    await tab.locator('#grid td[data-force="cambridgeshire"][data-question="eff_q1"] a').focus();
    await tab.keyboard.press('Enter');
    const finding = tab.locator('#finding');
    await expect.poll(() => finding.innerText(), { timeout: 10_000 }).toContain('Cambridgeshire Constabulary, 2017: Good');
    const text = await finding.innerText();
    expect(text).toContain('† Only pages quoting HMICFRS (press, PCC or force statements) give this grade');
    // fixtures/grades.csv: the Hunts Post (secondary, direct) gives Good; HMICFRS's page (inferred) only that 2016's stands.
    expect(text).toContain('(secondary, direct): Good');
    expect(text).toContain('(hmicfrs, inferred): Carried over, grade not stated, carried over from 2016');
  });

  it("passes axe's WCAG 2 A and AA checks (contrast, labels, table headers, keyboard)", async () => {
    expect(await axeViolations(page())).toEqual([]);
  });

  it('puts all 43 forces in the grid with one click', async () => {
    const tab = page();
    await tab.locator('#picker summary').click();
    await tab.locator('#all-forces').click();
    await tab.waitForFunction(() => document.querySelectorAll('#grid tbody tr').length === 43, undefined, { timeout: 15_000 });
    expect(await tab.locator('#grid tbody td').count()).toBe(43 * 6);
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
    // fixtures/grades.csv: Cambridgeshire 2021/22, investigating crime Requires improvement, protecting vulnerable
    // people Good, each from press pages only (source_kind secondary), hence the dagger.
    const cambridgeshire = (key: string) => tab.locator(`#grid td[data-force="cambridgeshire"][data-question="${key}"]`).innerText();
    expect(await cambridgeshire('investigating_crime')).toBe('Requires improvement †\n11th of 28');
    expect(await cambridgeshire('protecting_vulnerable')).toBe('Good †\n3rd of 21');
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

/** The API's flat table for one round and pillar: each force's grade per question, for sums the page must agree with. */
async function gradeTable(year: number, pillar: string | null) {
  const filter = pillar ? `{ years: [${year}], pillars: [${pillar}] }` : `{ years: [${year}] }`;
  const data = await api(`{ gradeTable(filter: ${filter}) { force questionKey score } }`);
  return data.gradeTable as { force: string; questionKey: string; score: number | null }[];
}

describe.skipIf(!browserAvailable)('/compare about Cambridgeshire, 2017 effectiveness, at 1400x900', () => {
  const page = pageFor('/compare?year=2017&pillar=EFFECTIVENESS&force=cambridgeshire', { width: 1400, height: 900 });

  it('starts the grid on the first screen and marks the force the page is about', async () => {
    const tab = page();
    const grid = (await tab.locator('#grid').boundingBox())!;
    expect(grid.y).toBeLessThan(900 - 150); // the headings and the first row are on the first screen
    const focusRow = tab.locator('#grid tbody tr.focus');
    expect(await focusRow.count()).toBe(1);
    expect(await focusRow.getAttribute('data-force')).toBe('cambridgeshire');
    expect(await focusRow.locator('th').innerText()).toContain('Cambridgeshire Constabulary');
    expect(await tab.locator('#legend').innerText()).toContain('Cambridgeshire Constabulary: the force this page is about');
    expect(await tab.locator('#legend').innerText()).toContain('† Only press, PCC or force pages quoting HMICFRS give this grade');
    await screenshot(tab, 'compare-1400x900.png');
  });

  it('says, for each graded question, the grade, "Nth of M", the national median and the forces per grade', async () => {
    const tab = page();
    // Real values (fixtures/grades.csv through the canonical-grade rule): Cambridgeshire's 2017 effectiveness.
    // Preventing crime and serious and organised crime were not inspected in 2017: the 2016 judgements stand.
    // Preventing crime's Good comes from the press only (the HMICFRS page says only that it was carried over).
    const carried = '\ncarried over from 2016; ranked with the grade it carries';
    const quoted = '\n† only press, PCC or force pages quoting HMICFRS give this grade';
    const expected: Record<string, [string, string, string]> = {
      overall: ['Requires improvement', '31st of 42', 'Good'],
      eff_q1: [`Good${carried}${quoted}`, '3rd of 37', 'Good'],
      eff_q2: ['Requires improvement', '26th of 34', 'Good'],
      eff_q3: ['Requires improvement', '19th of 33', 'Good'],
      eff_q4: [`Good${carried}`, '4th of 30', 'Good'],
    };
    expect(await tab.locator('#focus-heading').innerText()).toBe('How Cambridgeshire Constabulary compares, 2017 effectiveness');
    const table = await gradeTable(2017, 'EFFECTIVENESS');
    for (const [key, [grade, rank, median]] of Object.entries(expected)) {
      const row = tab.locator(`#focus-table tr[data-question="${key}"]`);
      expect(await row.locator('td.grade-words').innerText()).toBe(grade);
      expect(await row.locator('td.rank').innerText()).toBe(rank);
      expect(await row.locator('td.median').innerText()).toBe(median);
      // The rank and counts agree with the flat table: 1 + the forces graded better, of all graded.
      const scores = table.filter((r) => r.questionKey === key && r.score !== null).map((r) => r.score!);
      const own = table.find((r) => r.questionKey === key && r.force === 'cambridgeshire')!.score!;
      expect(rank.endsWith(` of ${scores.length}`)).toBe(true);
      expect(Number(rank.split(/\D/)[0])).toBe(1 + scores.filter((s) => s > own).length);
      // The distribution is drawn (a bar) and written (the counts as text).
      const counts = await row.locator('.counts').innerText();
      for (const [score, label] of [
        [5, 'Outstanding'],
        [4, 'Good'],
        [2, 'Requires improvement'],
        [1, 'Inadequate'],
      ] as const) {
        expect(counts).toContain(`${scores.filter((s) => s === score).length} ${label}`);
      }
      expect(await row.locator('.bar > span').count()).toBeGreaterThan(0);
    }
    // The ungraded question says so instead of a rank.
    expect(await tab.locator('#focus-table tr[data-question="eff_q5"] td.grade-words').innerText()).toBe('Not graded in this round');
  });

  it('sorts the grid by a question from the keyboard, best first, then worst first', async () => {
    const tab = page();
    const order = () => tab.locator('#grid tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.force));
    const scoreOf: Record<string, number> = { OUTSTANDING: 5, GOOD: 4, REQUIRES_IMPROVEMENT: 2, INADEQUATE: 1 };
    const grades = () =>
      tab.locator('#grid tbody td[data-question="eff_q2"]').evaluateAll((cells) => cells.map((c) => (c as HTMLElement).dataset.grade));
    await tab.locator('#grid thead button[data-sort="eff_q2"]').focus();
    await tab.keyboard.press('Enter');
    await expect.poll(() => tab.locator('#grid thead th[data-question="eff_q2"]').getAttribute('aria-sort')).toBe('descending');
    const best = (await grades()).map((g) => scoreOf[g!] ?? 0);
    expect(best).toEqual([...best].sort((a, b) => b - a));
    expect(best[0]).toBeGreaterThan(best.at(-1)!); // a real ordering, not all ties
    expect(new URL(tab.url()).searchParams.get('sort')).toBe('eff_q2');
    // The keyboard stays on the heading; Enter again sorts worst first.
    expect(await tab.evaluate(() => (document.activeElement as HTMLElement).dataset.sort)).toBe('eff_q2');
    await tab.keyboard.press('Enter');
    await expect.poll(() => tab.locator('#grid thead th[data-question="eff_q2"]').getAttribute('aria-sort')).toBe('ascending');
    const worst = (await grades()).map((g) => scoreOf[g!] ?? 0);
    expect(worst).toEqual([...worst].sort((a, b) => a - b));
    // Back to force order by the Force heading.
    await tab.locator('#grid thead button[data-sort="force"]').click();
    expect(await order()).toEqual([...(await order())].sort());
  });

  it('adds forces with the keyboard alone: type-ahead in the picker and the region shortcuts', async () => {
    const tab = page();
    await tab.locator('#picker summary').focus();
    await tab.keyboard.press('Enter');
    await tab.locator('#force-search').focus();
    await tab.keyboard.type('kent');
    expect((await tab.locator('#force-list li:not([hidden])').allInnerTexts()).map((t) => t.trim())).toEqual(['Kent Police South East']);
    await tab.keyboard.press('Enter');
    await tab.waitForFunction(() => document.querySelector('#grid tbody tr[data-force="kent"]') !== null, undefined, { timeout: 10_000 });
    // A region at once: every force of the North West joins the grid.
    await tab.locator('#region').selectOption('North West');
    await tab.locator('#add-region').focus();
    await tab.keyboard.press('Enter');
    await tab.waitForFunction(() => document.querySelector('#grid tbody tr[data-force="merseyside"]') !== null, undefined, {
      timeout: 10_000,
    });
    for (const slug of ['cheshire', 'cumbria', 'greater-manchester', 'lancashire', 'merseyside'])
      expect(await tab.locator(`#grid tbody tr[data-force="${slug}"]`).count()).toBe(1);
    expect(await tab.locator('#grid tbody tr').count()).toBe(6 + 1 + 5);
    // "Only the chosen force" keeps the page's force alone.
    await tab.locator('#no-forces').click();
    await tab.waitForFunction(() => document.querySelectorAll('#grid tbody tr').length === 1, undefined, { timeout: 10_000 });
    expect(await tab.locator('#grid tbody tr').getAttribute('data-force')).toBe('cambridgeshire');
  });

  it("passes axe's WCAG 2 A and AA checks", async () => {
    expect(await axeViolations(page())).toEqual([]);
  });
});

describe.skipIf(!browserAvailable)('/compare at phone width (390x844)', () => {
  const page = pageFor('/compare?year=2017&pillar=EFFECTIVENESS&force=cambridgeshire', { width: 390, height: 844 });

  it('never scrolls the page sideways: a wide grid scrolls in its own box', async () => {
    const tab = page();
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const box = await tab.locator('#grid').evaluate((grid) => [grid.parentElement!.scrollWidth, grid.parentElement!.clientWidth]);
    expect(box[0]).toBeGreaterThan(box[1]!);
    await screenshot(tab, 'compare-390.png');
    expect(await axeViolations(tab)).toEqual([]);
  });
});

describe.skipIf(!browserAvailable)('/compare says what is true in the area rounds', () => {
  const page = pageFor('/compare?year=2021&pillar=&force=cambridgeshire', { width: 1400, height: 900 });

  it.each([
    [2021, '2021/22'],
    [2023, '2023-25'],
  ])('%i: the never-graded wording, "not graded for this force", and the caveat beside the grid', async (year, label) => {
    const tab = page();
    await tab.locator('#year').selectOption(String(year));
    await expect.poll(() => tab.locator('#grid').getAttribute('data-shows'), { timeout: 10_000 }).toMatch(new RegExp(`^${year}\\|`));
    const ungraded = catalogueUngraded(year);
    expect(ungraded.length).toBeGreaterThan(0);
    const rows = await apiCompare(EAST_OF_ENGLAND, year, null);
    for (const key of ungraded) {
      const cells = await tab.locator(`#grid tbody td[data-question="${key}"]`).allInnerTexts();
      expect(cells).toHaveLength(6);
      const graded = rows.find((r) => r.question.key === key)!.cells.filter((c) => c.grade);
      // Graded nowhere: every cell says so. Graded for some forces (2021/22 service to victims, the trial forces): the others say so.
      if (graded.length === 0) expect(new Set(cells)).toEqual(new Set(['Not graded in this round']));
      else expect(cells.filter((c) => c === 'Not graded for this force')).toHaveLength(6 - graded.length);
    }
    expect(await tab.locator('#grid tbody td', { hasText: /^No data$/ }).count()).toBe(
      rows.flatMap((r) => (ungraded.includes(r.question.key) ? [] : r.cells)).filter((c) => !c.hasData).length,
    );
    const { inspectionYear } = await api(`{ inspectionYear(year: ${year}) { comparisonNote comparisonSourceUrl } }`);
    const caveat = tab.locator('#caveat');
    expect(await caveat.isVisible()).toBe(true);
    expect(await caveat.innerText()).toContain(`${label} cannot be compared with earlier rounds.`);
    expect(await caveat.innerText()).toContain(inspectionYear.comparisonNote);
    expect(await caveat.locator('a').getAttribute('href')).toBe(inspectionYear.comparisonSourceUrl);
    expect(await axeViolations(tab)).toEqual([]);
  });

  it('holds for every round, 2014 to 2023-25, with and without pillars: each graded cell of the force ranked "Nth of M"', async () => {
    const tab = page();
    const { inspectionYears } = await api('{ inspectionYears { year label questions { pillar } } }');
    let ranked = 0;
    for (const round of inspectionYears as { year: number; label: string; questions: { pillar: string | null }[] }[]) {
      for (const pillar of [...new Set(round.questions.map((q) => q.pillar))]) {
        await tab.locator('#year').selectOption(String(round.year));
        await tab.locator('#pillar').selectOption(pillar ?? '');
        // The grid says which choice it shows once drawn (data-shows: year|pillar|forces).
        await expect
          .poll(() => tab.locator('#grid').getAttribute('data-shows'), { timeout: 10_000 })
          .toMatch(new RegExp(`^${round.year}\\|${pillar ?? ''}\\|`));
        const data = await api(
          'query($year: Int!, $pillar: Pillar) { compare(forces: ["cambridgeshire"], year: $year, pillar: $pillar) { rows { question { key } forcesGraded cells { grade rank carriedOverFrom { label } } } } }',
          { year: round.year, pillar },
        );
        for (const row of data.compare.rows) {
          const cell = row.cells[0];
          const focusRow = tab.locator(`#focus-table tr[data-question="${row.question.key}"]`);
          if (cell.grade) {
            expect(await focusRow.locator('td.rank').innerText()).toMatch(new RegExp(`^${cell.rank}(st|nd|rd|th) of ${row.forcesGraded}$`));
            ranked += 1;
          }
          if (cell.carriedOverFrom)
            expect(await focusRow.locator('td.grade-words').innerText()).toContain(
              `carried over from ${cell.carriedOverFrom.label}; ranked with the grade it carries`,
            );
        }
      }
    }
    expect(ranked).toBeGreaterThan(30);
  });
});
