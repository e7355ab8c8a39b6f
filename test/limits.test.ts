// Abusive requests are refused with 400/413 and a clear message; the server keeps answering.
// Every shipped operation passes these limits: test/statement-bounds.test.ts runs them all.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';
import { DEFAULT_LIMITS } from '../src/http/limits.js';
import { seededApi } from './helpers/graphql.js';

const api = seededApi();

async function post(body: string) {
  const response = await api.app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body,
  });
  return { status: response.status, messages: ((await response.json()) as { errors?: { message: string }[] }).errors?.map((e) => e.message) ?? [] };
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
    const { status, messages } = await query(`{ ${Array.from({ length: 16 }, (_, i) => `a${i}: force(slug: "essex") { slug }`).join(' ')} }`);
    expect(status).toBe(400);
    expect(messages).toContain('Syntax Error: Aliases limit of 15 exceeded, found 16.');
  });

  it('counts a huge `first` into the cost and refuses it', async () => {
    const { status, messages } = await query('{ findings(first: 100000) { nodes { id grade } } }');
    expect(status).toBe(400);
    expect(messages[0]).toMatch(/^Syntax Error: Query Cost limit of 5000 exceeded, found \d+/);
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
    const { status, messages } = await query('{ __typename }', { padding: 'x'.repeat(DEFAULT_LIMITS.maxBodyBytes) });
    expect(status).toBe(413);
    expect(messages[0]).toMatch(/^request body is \d+ bytes; at most 4194304 are accepted \(MAX_BODY_BYTES\)$/);
  });

  it('keeps answering after all that', async () => {
    expect(await query('{ force(slug: "essex") { name } }')).toEqual({ status: 200, messages: [] });
  });

  it('reads every limit from the environment', () => {
    const config = readConfig({ MAX_DEPTH: '7', MAX_ALIASES: '3', MAX_DIRECTIVES: '2', MAX_TOKENS: '900', MAX_COST: '1200', MAX_BODY_BYTES: '65536' });
    expect(config.limits).toEqual({ maxDepth: 7, maxAliases: 3, maxDirectives: 2, maxTokens: 900, maxCost: 1200, maxBodyBytes: 65536 });
    expect(() => readConfig({ MAX_COST: 'lots' })).toThrow('MAX_COST must be a positive whole number, got "lots"');
  });
});
