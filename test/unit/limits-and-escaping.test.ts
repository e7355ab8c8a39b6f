// The request limits as yoga plugins, on a server that needs no database for `{ __typename }`, and
// the SQL that HTML-escapes search snippets (pure: no database).
import { PgDialect } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.js';
import { escapeHtml } from '../../src/queries/search.js';
import { useBodyLimit, useQueryLimits } from '../../src/http/limits.js';
import { DEFAULT_LIMITS } from '../../src/domain/limits.js';

const yoga = (limits = DEFAULT_LIMITS) =>
  createYoga({
    schema,
    plugins: [useBodyLimit(limits, (request) => request.headers.get('authorization') === 'Bearer writer'), ...useQueryLimits(limits)],
    logging: false,
  });
const post = (app: ReturnType<typeof yoga>, body: BodyInit, headers: Record<string, string> = {}) =>
  Promise.resolve(
    app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body,
    }),
  );

describe('the body limit', () => {
  const small = { ...DEFAULT_LIMITS, maxBodyBytes: 200, maxReadBodyBytes: 100 };

  it('refuses a declared Content-Length over the limit at once, with 413 and PAYLOAD_TOO_LARGE', async () => {
    const response = await post(yoga(small), JSON.stringify({ query: `{ __typename } # ${'x'.repeat(200)}` }));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: expect.stringMatching(
            /^request body is \d+ bytes; at most 100 are accepted \(MAX_READ_BODY_BYTES; requests with the write token may send more\)$/,
          ),
          extensions: { code: 'PAYLOAD_TOO_LARGE' },
        },
      ],
    });
    // With the write token, MAX_BODY_BYTES: 200.
    const body = JSON.stringify({ query: `{ __typename } # ${'x'.repeat(150)}` });
    expect((await post(yoga(small), body, { authorization: 'Bearer writer' })).status).toBe(200);
    const over = await post(yoga(small), JSON.stringify({ query: `{ __typename } # ${'x'.repeat(250)}` }), {
      authorization: 'Bearer writer',
    });
    expect(over.status).toBe(413);
    expect(((await over.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(
      /at most 200 are accepted \(MAX_BODY_BYTES\)$/,
    );
  });

  it('counts the bytes of a body without a Content-Length as they are read', async () => {
    const encoder = new TextEncoder();
    const stream = (text: string, chunk: number) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < text.length; i += chunk) controller.enqueue(encoder.encode(text.slice(i, i + chunk)));
          controller.close();
        },
      });
    const over = await post(yoga(small), stream(JSON.stringify({ query: `{ __typename } # ${'x'.repeat(200)}` }), 30) as never, {});
    expect(over.status).toBe(413);
    expect(((await over.json()) as { errors: { message: string; extensions: { code: string } }[] }).errors[0]).toMatchObject({
      message:
        'request body is over 100 bytes; at most 100 are accepted (MAX_READ_BODY_BYTES; requests with the write token may send more)',
      extensions: { code: 'PAYLOAD_TOO_LARGE' },
    });
    const exactly = JSON.stringify({ query: `{ __typename }#${'x'.repeat(100 - 27)}` });
    expect(exactly.length).toBe(100);
    // At the limit, with its Content-Length declared, is still accepted.
    expect((await post(yoga(small), exactly)).status).toBe(200);
    const under = await post(yoga(small), stream(exactly, 7) as never);
    expect(under.status).toBe(200);
    expect(await under.json()).toEqual({ data: { __typename: 'Query' } });
  });
  it('leaves a GET, and a body of a type yoga does not parse, to yoga', async () => {
    const app = yoga(small);
    const get = await app.fetch(`http://test/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    const text = await post(app, '{ __typename }', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
  });
});

describe('query limits', () => {
  it('answer 400 GRAPHQL_VALIDATION_FAILED with the limit, for depth, aliases and directives', async () => {
    const limits = { ...DEFAULT_LIMITS, maxDepth: 2, maxAliases: 1, maxDirectives: 1 };
    const app = yoga(limits);
    const refused = async (query: string) => {
      const response = await post(app, JSON.stringify({ query }));
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      return { status: response.status, message: body.errors[0]!.message, code: body.errors[0]!.extensions.code };
    };
    expect(await refused('{ force(slug: "x") { reports { id } } }')).toEqual({
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: 'Syntax Error: Query depth limit of 2 exceeded, found 3.',
    });
    expect(await refused('{ a: force(slug: "x") { slug } b: force(slug: "y") { slug } }')).toEqual({
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: 'Syntax Error: Aliases limit of 1 exceeded, found 2.',
    });
    expect(await refused('{ __typename @include(if: true) @skip(if: false) }')).toEqual({
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: 'Syntax Error: Directives limit of 1 exceeded, found 2.',
    });
    expect((await post(app, JSON.stringify({ query: '{ __typename }' }))).status).toBe(200);
  });
});

describe('how the query limits count', () => {
  const errorsOf = async (app: ReturnType<typeof yoga>, query: string) => {
    const response = await post(app, JSON.stringify({ query }));
    const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions: { code: string } }[] };
    return { status: response.status, messages: (body.errors ?? []).map((error) => error.message) };
  };

  it('sees through fragments: a spread adds no level, but the fields inside it do', async () => {
    const app = yoga({ ...DEFAULT_LIMITS, maxDepth: 2 });
    // Introspection, so that nothing needs a database.
    expect(await errorsOf(app, '{ __typename ...F } fragment F on Query { __type(name: "Force") { name } }')).toEqual({
      status: 200,
      messages: [],
    });
    expect(await errorsOf(app, '{ __type(name: "Force") { ... on __Type { name } } }')).toEqual({ status: 200, messages: [] });
    expect(await errorsOf(app, '{ __type(name: "Force") { ...F } } fragment F on __Type { fields { name } }')).toEqual({
      status: 400,
      messages: ['Syntax Error: Query depth limit of 2 exceeded, found 3.'],
    });
  });

  it('reports every limit a query breaks, together, instead of stopping at the first', async () => {
    const app = yoga({ ...DEFAULT_LIMITS, maxDepth: 2, maxAliases: 1, maxDirectives: 1 });
    const query = '{ a: force(slug: "x") { reports { id } } b: force(slug: "y") { slug } __typename @skip(if: false) @include(if: true) }';
    const { status, messages } = await errorsOf(app, query);
    expect(status).toBe(400);
    expect(messages.sort()).toEqual([
      'Syntax Error: Aliases limit of 1 exceeded, found 2.',
      'Syntax Error: Directives limit of 1 exceeded, found 2.',
      'Syntax Error: Query depth limit of 2 exceeded, found 3.',
    ]);
  });

  it('refuses a query over MAX_TOKENS before validating it, as a parse failure', async () => {
    const response = await post(yoga({ ...DEFAULT_LIMITS, maxTokens: 20 }), JSON.stringify({ query: `{ ${'__typename '.repeat(20)}}` }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [{ message: 'Syntax Error: Token limit of 20 exceeded.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }],
    });
    expect(
      (await post(yoga({ ...DEFAULT_LIMITS, maxTokens: 22 }), JSON.stringify({ query: `{ ${'__typename '.repeat(20)}}` }))).status,
    ).toBe(200);
  });

  it("keeps graphql-js's field suggestions, and leaves cost to the complexity plugin", async () => {
    const app = yoga({ ...DEFAULT_LIMITS, maxAliases: 6000, maxTokens: 30000 });
    expect((await errorsOf(app, '{ forse(slug: "x") { slug } }')).messages).toEqual([
      'Cannot query field "forse" on type "Query". Did you mean "force", "forces", "node", or "nodes"?',
    ]);
    // 5,001 scalar fields: over graphql-armor's own default cost of 5,000, which is switched off.
    const wide = `{ ${Array.from({ length: 5001 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect(await errorsOf(app, wide)).toEqual({ status: 200, messages: [] });
  });
});

describe('escapeHtml', () => {
  it('escapes & first, then < and >, in SQL', () => {
    expect(new PgDialect().sqlToQuery(escapeHtml(sql.raw('page.text'))).sql).toBe(
      "replace(replace(replace(page.text, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')",
    );
  });
});
