// Abusive requests are refused with 400/413 and a clear message; the server keeps answering.
// Every shipped operation passes these limits: test/statement-bounds.test.ts runs them all.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';
import { DEFAULT_LIMITS, REQUEST_LIMITS } from '../src/domain/limits.js';
import { operationFile, seededApi } from './helpers/graphql.js';
import { jsonSizeWithin } from '../src/http/response-size.js';

const api = seededApi();

async function post(body: string) {
  const response = await api.app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body,
  });
  return {
    status: response.status,
    messages: ((await response.json()) as { errors?: { message: string }[] }).errors?.map((e) => e.message) ?? [],
  };
}
const query = (q: string, variables?: unknown) => post(JSON.stringify({ query: q, variables }));

describe('query limits', () => {
  it('refuses deep nesting', async () => {
    let selection = 'slug';
    for (let i = 0; i < 12; i++) selection = `reports { force { ${selection} } }`;
    const { status, messages } = await query(`{ force(slug: "essex") { ${selection} } }`);
    expect(status).toBe(400);
    expect(messages).toContain('Syntax Error: Query depth limit of 10 exceeded, found 26.');
  });

  it('refuses 10,000 aliases before parsing them all', async () => {
    const { status, messages } = await query(`{ ${Array.from({ length: 10000 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect(status).toBe(400);
    expect(messages).toEqual(['Syntax Error: Token limit of 1500 exceeded.']);
  });

  it('refuses more aliases than allowed', async () => {
    const { status, messages } = await query(
      `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: force(slug: "essex") { slug }`).join(' ')} }`,
    );
    expect(status).toBe(400);
    expect(messages).toContain('Syntax Error: Aliases limit of 15 exceeded, found 16.');
  });

  it('counts `first` into the cost, from a literal or a variable, and refuses a page too costly to run', async () => {
    const deep = 'findings { sources { kind } }';
    const literal = await query(`{ forces(first: 100) { nodes { reports { ${deep} } } } }`);
    expect(literal.status).toBe(400);
    expect(literal.messages[0]).toMatch(/^the operation could produce about \d+ objects; at most 10000 are allowed \(MAX_COST\)/);
    const variable = await query(`query($n: Int) { forces(first: $n) { nodes { reports { ${deep} } } } }`, { n: 100 });
    expect(variable.status).toBe(400);
    expect(variable.messages[0]).toBe(literal.messages[0]);
    // One force's worth of the same selection is allowed.
    expect((await query(`query($n: Int) { forces(first: $n) { nodes { reports { ${deep} } } } }`, { n: 1 })).status).toBe(200);
  });

  it('caps a connection page at 100 items', async () => {
    const response = await api.execute('{ findings(first: 150) { pageInfo { hasNextPage } nodes { id } } }');
    expect(response.body.data.findings.nodes).toHaveLength(100);
    expect(response.body.data.findings.pageInfo.hasNextPage).toBe(true);
  });

  it('refuses repeated directives', async () => {
    const { status, messages } = await query(`{ __typename ${'@include(if: true) '.repeat(20)} }`);
    expect(status).toBe(400);
    expect(messages).toContain('Syntax Error: Directives limit of 10 exceeded, found 20.');
  });

  it('refuses batched requests', async () => {
    const { status, messages } = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(status).toBe(400);
    expect(messages).toEqual(['Batching is not supported.']);
  });

  it('refuses an oversized body with 413 before reading it', async () => {
    const { status, messages } = await query('{ __typename }', { padding: 'x'.repeat(DEFAULT_LIMITS.maxReadBodyBytes) });
    expect(status).toBe(413);
    expect(messages[0]).toMatch(
      /^request body is \d+ bytes; at most 262144 are accepted \(MAX_READ_BODY_BYTES; requests with the write token may send more\)$/,
    );
  });

  it('keeps answering after all that', async () => {
    expect(await query('{ force(slug: "essex") { name } }')).toEqual({ status: 200, messages: [] });
  });

  it('reads every limit from the environment', () => {
    const config = readConfig({
      MAX_DEPTH: '7',
      MAX_ALIASES: '3',
      MAX_DIRECTIVES: '2',
      MAX_TOKENS: '900',
      MAX_COST: '1200',
      MAX_BODY_BYTES: '65536',
    });
    expect(config.limits).toEqual({
      ...DEFAULT_LIMITS,
      maxDepth: 7,
      maxAliases: 3,
      maxDirectives: 2,
      maxTokens: 900,
      maxCost: 1200,
      maxBodyBytes: 65536,
    });
    // Each one, by its own variable.
    for (const [key, setting] of Object.entries(REQUEST_LIMITS)) {
      expect(readConfig({ [setting.env]: String(setting.default + 7) }).limits[key as keyof typeof DEFAULT_LIMITS], setting.env).toBe(
        setting.default + 7,
      );
    }
    expect(readConfig({ RATE_LIMIT_READS_PER_MINUTE: '0' }).limits.readsPerMinute).toBe(0);
    expect(() => readConfig({ RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '0' })).toThrow(
      'RATE_LIMIT_AUTH_FAILURES_PER_MINUTE must be a positive whole number, got "0"',
    );
    expect(() => readConfig({ MAX_COST: 'lots' })).toThrow('MAX_COST must be a positive whole number, got "lots"');
    expect(readConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(readConfig({}).trustProxy).toBe(0);
  });
});

describe('time and size', () => {
  it('caps the size of an answer: a clean 400 over MAX_RESPONSE_BYTES, counted before it is serialised', async () => {
    const { createApp } = await import('../src/http/yoga.js');
    const small = createApp({ database: api.database, limits: { ...DEFAULT_LIMITS, maxResponseBytes: 10_000 } });
    const response = await small.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: operationFile('report.graphql'), operationName: 'ForceReport' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'RESPONSE_TOO_LARGE', maxResponseBytes: 10_000 } }] });
    // The same answer is well under the default cap, and the count is close to its real JSON size.
    const { body } = await api.execute(operationFile('report.graphql'), {}, 'ForceReport');
    const size = JSON.stringify(body).length;
    expect(size).toBeGreaterThan(10_000);
    expect(size).toBeLessThan(DEFAULT_LIMITS.maxResponseBytes);
    expect(jsonSizeWithin(body, Infinity) / size).toBeGreaterThan(0.9);
    expect(jsonSizeWithin(body, Infinity) / size).toBeLessThan(1.3);
    // The walk stops once past the budget.
    expect(jsonSizeWithin(body, 100)).toBeLessThan(1000);
  });
});
