// The input boundary: every string and list a client sends, as a literal or a variable, is checked
// before anything reaches SQL; a violation is 400 BAD_USER_INPUT naming the argument and the rule.
import { describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from '../src/domain/limits.js';
import { graphqlClient, operationFile, seededApi } from './helpers/graphql.js';

const api = seededApi();

/**
 * A client holding the write token: its bodies may reach MAX_BODY_BYTES (4 MiB) rather than a read's
 * 256 KiB, so the boundary behind the body limit still meets megabyte strings and 100,000-item lists.
 */
const writer = () => graphqlClient(api.database, { apiToken: 'test-token-0123456789abcdef' });

async function refusal(
  query: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
  client: { execute: typeof api.execute } = api,
) {
  const started = performance.now();
  const { status, body } = await client.execute(query, variables, operationName);
  const elapsedMs = performance.now() - started;
  expect(body.data).toBeUndefined();
  const [error] = body.errors as { message: string; extensions: { code: string; argument: string; rule: string } }[];
  return { status, elapsedMs, message: error!.message, ...error!.extensions };
}

describe('strings', () => {
  it('refuses a NUL byte in force(slug:) as BAD_USER_INPUT, not an internal error', async () => {
    const answer = await refusal('query($slug: String!) { force(slug: $slug) { name } }', { slug: 'kent\u0000' });
    expect(answer).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', argument: 'Query.force(slug:)', rule: 'nul-byte' });
    expect(answer.message).toBe('Query.force(slug:) contains a NUL character (U+0000), which is never accepted');
  });

  it('refuses a NUL byte written as a literal, inside an input object', async () => {
    const answer = await refusal('{ findings(filter: { themes: ["x\\u0000y"] }) { totalCount } }');
    expect(answer).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', argument: 'Query.findings(filter:).themes[0]', rule: 'nul-byte' });
  });

  it('refuses an unpaired surrogate (invalid Unicode) in search', async () => {
    const answer = await refusal('query($q: String!) { search(query: $q) { totalCount } }', { q: 'victims \ud800' });
    expect(answer).toMatchObject({ status: 400, argument: 'Query.search(query:)', rule: 'invalid-unicode' });
  });

  it('refuses a megabyte slug in the shipped Compare operation at once, without the "did you mean" search', async () => {
    const slug = 'k'.repeat(1024 * 1024);
    const answer = await refusal(
      operationFile('compare.graphql'),
      { forces: ['essex', slug], year: 2017, pillar: 'EFFECTIVENESS' },
      'Compare',
      writer(),
    );
    expect(answer).toMatchObject({ status: 400, argument: 'Query.compare(forces:)[1]', rule: 'too-long' });
    expect(answer.message).toBe(`Query.compare(forces:)[1] has ${slug.length} characters; at most 64 are accepted`);
    // Generous: the edit distance against 43 slugs took 2 s for this input.
    expect(answer.elapsedMs).toBeLessThan(1000);
  });

  it('accepts a slug of exactly 64 characters (and answers that it is unknown) but not 65', async () => {
    const ok = await api.execute('query($s: String!) { force(slug: $s) { name } }', { s: 'a'.repeat(64) });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ data: { force: null } });
    const refused = await refusal('query($s: String!) { force(slug: $s) { name } }', { s: 'a'.repeat(65) });
    expect(refused.rule).toBe('too-long');
  });

  it('lets search text run to 500 characters', async () => {
    const ok = await api.execute('query($q: String!) { search(query: $q) { totalCount } }', { q: `victims ${'x'.repeat(491)}` });
    expect(ok.body.errors).toBeUndefined();
    const refused = await refusal('query($q: String!) { search(query: $q) { totalCount } }', { q: 'x'.repeat(501) });
    expect(refused).toMatchObject({ argument: 'Query.search(query:)', rule: 'too-long' });
  });
});

describe('lists', () => {
  it('refuses more than 43 forces', async () => {
    const forces = Array.from({ length: 44 }, (_, i) => `force-${i}`);
    const answer = await refusal('query($f: [String!]!) { compare(forces: $f, year: 2017) { forces { slug } } }', { f: forces });
    expect(answer).toMatchObject({ status: 400, argument: 'Query.compare(forces:)', rule: 'too-many-items' });
    expect(answer.message).toBe('Query.compare(forces:) has 44 items; at most 43 are accepted (there are 43 forces)');
  });

  it('refuses 100,000 ids in nodes(ids:) quickly', async () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `id${i}`);
    const answer = await refusal('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }, undefined, writer());
    // Counted in the variable as sent, before coercion: the answer names the variable.
    expect(answer).toMatchObject({ status: 400, argument: '$ids', rule: 'too-many-items' });
    expect(answer.message).toBe('$ids has 100000 items; at most 100 are accepted');
    expect(answer.elapsedMs).toBeLessThan(2000);
  });

  it('refuses 100,000 wrong enum values before graphql-js coerces them (each would build a "did you mean")', async () => {
    const pillars = Array.from({ length: 100_000 }, (_, i) => `p${i}`);
    const answer = await refusal('query($p: [Pillar!]) { dataCoverage(pillars: $p) { forceCount } }', { p: pillars }, undefined, writer());
    expect(answer).toMatchObject({ status: 400, argument: '$p', rule: 'too-many-items' });
    // Generous: this took 4 to 7 s while the coercion ran first.
    expect(answer.elapsedMs).toBeLessThan(1500);
  });

  it('refuses variables nested deeper than any input', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = [deep];
    const answer = await refusal('query($f: [String!]!) { compare(forces: $f, year: 2017) { forces { slug } } }', { f: deep });
    expect(answer).toMatchObject({ status: 400, rule: 'too-deep' });
  });

  it('refuses a list over 100 items anywhere, here in a filter, as a literal or a variable', async () => {
    const years = Array.from({ length: 101 }, (_, i) => 1900 + i);
    const literal = await refusal(`{ findings(filter: { years: [${years.join(',')}] }) { totalCount } }`);
    expect(literal).toMatchObject({ argument: 'Query.findings(filter:).years', rule: 'too-many-items' });
    const variable = await refusal('query($f: FindingFilter) { findings(filter: $f) { totalCount } }', { f: { years } });
    expect(variable).toMatchObject({ argument: '$f.years', rule: 'too-many-items' });
    expect(INPUT_LIMITS.maxListItems).toBe(100);
  });

  it('checks arguments inside fragments too', async () => {
    const answer = await refusal('query($t: String) { force(slug: "essex") { ...F } } fragment F on Force { history(theme: $t) { id } }', {
      t: '\u0000',
    });
    expect(answer).toMatchObject({ argument: 'Force.history(theme:)', rule: 'nul-byte' });
  });
});

describe('the shape of variables, checked before anything reads them', () => {
  it('refuses an object with more keys than any input type has, at once (300,000 unknown keys took 23 s to coerce)', async () => {
    const f = Object.fromEntries(Array.from({ length: 300_000 }, (_, i) => [`k${i}`, 1]));
    const answer = await refusal('query($f: FindingFilter) { findings(first: 1, filter: $f) { totalCount } }', { f }, undefined, writer());
    expect(answer).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', argument: '$f', rule: 'too-many-keys' });
    expect(answer.message).toBe('$f has 300000 keys; no input type has more than 100 fields');
    expect(answer.elapsedMs).toBeLessThan(3000);
  });

  it('refuses 10,000 nested lists with the response cache on too (its key hashed them recursively: a 500)', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const cached = graphqlClient(api.database, { cacheTtlMs: 60_000 });
    const { status, body } = await cached.execute('{ __typename }', { v: deep });
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'too-deep' });
  });

  it('refuses more than 10,000 values in all', async () => {
    const ids = Array.from({ length: 101 }, () => Array.from({ length: 100 }, (_, i) => `x${i}`));
    const answer = await refusal('query($ids: [ID!]) { nodes(ids: []) { id } }', { ids: ids.slice(0, 100), more: ids.slice(0, 2) });
    expect(answer).toMatchObject({ status: 400, argument: 'variables', rule: 'too-large' });
  });
});

describe('the body of a read', () => {
  it('is refused over 256 KiB before it is parsed (a 4 MB body of 300,000 keys took 250 ms of JSON.parse)', async () => {
    const f = Object.fromEntries(Array.from({ length: 300_000 }, (_, i) => [`k${i}`, 1]));
    const { status, body } = await api.execute('query($f: FindingFilter) { findings(first: 1, filter: $f) { totalCount } }', { f });
    expect(status).toBe(413);
    expect(body.errors![0]!.message).toMatch(
      /^request body is \d+ bytes; at most 262144 are accepted \(MAX_READ_BODY_BYTES; requests with the write token may send more\)$/,
    );
  });
});

describe('ids and cursors a client made up', () => {
  const base64 = (text: string) => Buffer.from(text).toString('base64');

  it('answers a cursor this API never gave out with 400 BAD_USER_INPUT, for findings and forces', async () => {
    const forged = [
      'DC:S:abc',
      'DC:N:3000000000',
      'DC:N:NaN',
      'DC:B:AAAA',
      'DC:O:{}',
      'DC:T:[]',
      'DC:S:\u0000',
      'DC:D:abc',
      'not a cursor',
    ];
    // Forces page by name, and a number or a made-up name is a fair place to start from there.
    const lists = { findings: forged, forces: ['DC:B:AAAA', 'DC:S:\u0000', 'not a cursor'] };
    for (const [list, cursors] of Object.entries(lists)) {
      for (const cursor of cursors) {
        const { status, body } = await api.execute(`query($c: String) { ${list}(first: 2, after: $c) { edges { cursor } } }`, {
          c: base64(cursor),
        });
        expect({ status, ...body.errors?.[0]?.extensions }, `${list} ${cursor}`).toMatchObject({
          status: 400,
          code: 'BAD_USER_INPUT',
          argument: 'after',
          rule: 'unknown-cursor',
        });
        expect(body.errors![0]!.message).toBe(
          'after: is not a cursor of this list in this order; pass a cursor from its pageInfo or edges, with the same orderBy',
        );
      }
    }
    // A real cursor still pages.
    const first = await api.execute('{ forces(first: 2) { pageInfo { endCursor } } }');
    const next = await api.execute('query($c: String) { forces(first: 1, after: $c) { nodes { slug } } }', {
      c: first.body.data.forces.pageInfo.endCursor,
    });
    // By name: Avon and Somerset, Bedfordshire, then Cambridgeshire.
    expect(next.body.data.forces.nodes).toEqual([{ slug: 'cambridgeshire' }]);
  });

  it('answers null for a node id that decodes to a NUL byte, without failing the other ids', async () => {
    const good = (await api.execute('{ force(slug: "kent") { id } }')).body.data.force.id;
    const { status, body } = await api.execute('query($bad: ID!, $good: ID!) { node(id: $bad) { id } nodes(ids: [$good, $bad]) { id } }', {
      bad: base64('Force:\u0000x'),
      good,
    });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { node: null, nodes: [{ id: good }, null] } });
  });
});
