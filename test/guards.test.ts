// Behaviour that one-line changes to the code once broke without any test noticing: each test here
// fails on that change (the token check of deleteReport, HTML escaping of snippets, the questionKeys
// filter, search's last page, the carried-over year chosen, a cached answer fresh after an import and
// a delete, the import size limit passed from the mutation).
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/http/yoga.js';
import { canonicalGrade } from '../src/domain/canonical-grade.js';
import { operationFile, seededApi } from './helpers/graphql.js';

const seed = readFileSync(new URL('../fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt', import.meta.url), 'utf8');
const TOKEN = 'guards-token-0123456789abcdef';
const api = seededApi({ apiToken: TOKEN });

const post = (app: ReturnType<typeof createApp>, query: string, variables: Record<string, unknown> = {}, token?: string) =>
  Promise.resolve(
    app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    }),
  ).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));

const DELETE = 'mutation { deleteReport(input: { force: "cambridgeshire", year: 2017, pillar: EFFECTIVENESS }) { __typename } }';
const importedPages = async () =>
  Number(
    (
      (await api.database.db.execute(sql`select count(*)::int as n from reports where checksum is not null`)) as unknown as {
        rows: { n: number }[];
      }
    ).rows[0]!.n,
  );

describe('writes need the token', () => {
  it('deleteReport without a token, or with a wrong one, is refused and deletes nothing', async () => {
    const app = createApp({ database: api.database, apiToken: TOKEN });
    expect(await importedPages()).toBe(1);
    const none = await post(app, DELETE);
    expect(none.status).toBe(401);
    expect(none.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const wrong = await post(app, DELETE, {}, 'not-the-token-0123456789');
    expect(wrong.status).toBe(401);
    expect(await importedPages()).toBe(1);
  });

  it('importReport keeps to IMPORT_MAX_BYTES as configured for the app', async () => {
    const app = createApp({ database: api.database, apiToken: TOKEN, maxImportBytes: 1000 });
    const { body } = await post(app, operationFile('import.graphql'), { text: seed }, TOKEN);
    expect(body.data.importReport).toMatchObject({ __typename: 'ImportReportError', code: 'INPUT_TOO_LARGE' });
    expect(body.data.importReport.message).toContain('at most 1000 are accepted');
  });
});

describe('search', () => {
  it('escapes <, & and > in snippets, leaving only its own <mark> tags', async () => {
    await api.database.db.execute(sql`insert into areas_for_improvement (finding_id, position, text)
      select f.id, 99, 'Zanzibar <script>alert(1)</script> & "quotes" > here'
      from findings f join reports r on r.id = f.report_id where r.checksum is not null order by f.position limit 1`);
    const { body } = await api.execute('{ search(query: "zanzibar") { totalCount nodes { snippet text } } }');
    expect(body.data.search.totalCount).toBe(1);
    const [hit] = body.data.search.nodes;
    expect(hit.text).toContain('<script>');
    expect(hit.snippet).toContain('&lt;script&gt;');
    expect(hit.snippet).toContain('&amp;');
    expect(hit.snippet).toContain('&gt; here');
    expect(hit.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(hit.snippet).toContain('<mark>Zanzibar</mark>');
  });

  it('says there is no next page on the last page, and that there is one before it', async () => {
    const cursorAt = (offset: number) => Buffer.from(`OffsetConnection:${offset}`).toString('base64');
    const page = async (after: number, first: number) =>
      (
        await api.execute(
          `{ search(query: "domestic abuse", first: ${first}, after: "${cursorAt(after)}") { totalCount pageInfo { hasNextPage } nodes { kind } } }`,
        )
      ).body.data.search;
    // 7 hits: after the 4th (offset 3), three remain.
    const last = await page(3, 3);
    expect(last.totalCount).toBe(7);
    expect(last.nodes).toHaveLength(3);
    expect(last.pageInfo.hasNextPage).toBe(false);
    const beforeLast = await page(3, 2);
    expect(beforeLast.nodes).toHaveLength(2);
    expect(beforeLast.pageInfo.hasNextPage).toBe(true);
  });
});

describe('filters', () => {
  it('questionKeys keeps only those questions', async () => {
    const all = (
      await api.execute(
        '{ findings(first: 100, filter: { years: [2017], forces: ["cambridgeshire"] }) { totalCount nodes { question { key } } } }',
      )
    ).body.data.findings;
    const some = (
      await api.execute(
        '{ findings(first: 100, filter: { years: [2017], forces: ["cambridgeshire"], questionKeys: ["eff_q3"] }) { totalCount nodes { question { key } } } }',
      )
    ).body.data.findings;
    expect(all.totalCount).toBeGreaterThan(some.totalCount);
    expect(some.totalCount).toBe(1);
    expect(some.nodes).toEqual([{ question: { key: 'eff_q3' } }]);
  });
});

describe('the carried-over year', () => {
  it('comes from the most authoritative source that names one, the first given among equals', () => {
    const source = (position: number, carriedOverFromId: number) => ({
      position,
      grade: null,
      gradeStatus: 'not_stated' as const,
      carriedOverFromId,
      kind: 'hmicfrs' as const,
      basis: 'direct' as const,
    });
    expect(canonicalGrade([source(1, 2015), source(2, 2016), source(3, 2014)])).toMatchObject({ carriedOverFromId: 2015, conflict: true });
    expect(canonicalGrade([source(2, 2016), source(1, 2015)])).toMatchObject({ carriedOverFromId: 2015 });
  });
});

describe('the response cache after writes', () => {
  // Findings and their narrative only: no Report or Question in the answer (when writes invalidated
  // by type, theirs would hide a missing invalidation of Finding; now entries are keyed by data version).
  const FINDINGS =
    '{ findings(first: 20, filter: { years: [2017], forces: ["cambridgeshire"], pillars: [EFFECTIVENESS] }) { nodes { grade content { ... on Paragraph { text } } } } }';
  const cachedApp = () => createApp({ database: api.database, apiToken: TOKEN, cacheTtlMs: 60_000 });

  it("a cached list of findings shows an import's new text, and a delete's removal", async () => {
    const app = cachedApp();
    const texts = async () => JSON.stringify((await post(app, FINDINGS)).body.data.findings.nodes);
    const before = await texts();
    expect(before).toContain('This risks losing evidence.');
    expect(await api.database.log.capture(texts)).toMatchObject({ statements: [] });
    const changed = seed.replace('This risks losing evidence.', 'This risks losing evidence entirely.');
    expect((await post(app, operationFile('import.graphql'), { text: changed }, TOKEN)).body.data.importReport).toMatchObject({
      unchanged: false,
    });
    const afterImport = await texts();
    expect(afterImport).toContain('This risks losing evidence entirely.');
    expect((await post(app, DELETE, {}, TOKEN)).body.data.deleteReport.__typename).toBe('DeleteReportSuccess');
    const afterDelete = await texts();
    expect(afterDelete).not.toContain('This risks losing evidence');
  });
});
