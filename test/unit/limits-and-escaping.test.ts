// The request limits as yoga plugins, on a server that needs no database for `{ __typename }`, and
// the SQL that HTML-escapes search snippets (pure: no database).
import { PgDialect } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.js';
import { escapeHtml } from '../../src/graphql/types/search.js';
import { useBodyLimit, useQueryLimits } from '../../src/http/limits.js';
import { DEFAULT_LIMITS } from '../../src/limits.js';

const yoga = (limits = DEFAULT_LIMITS) => createYoga({ schema, plugins: [useBodyLimit(limits.maxBodyBytes), ...useQueryLimits(limits)], logging: false });
const post = (app: ReturnType<typeof yoga>, body: BodyInit, headers: Record<string, string> = {}) =>
  Promise.resolve(app.fetch('http://test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers }, body }));

describe('the body limit', () => {
  const small = { ...DEFAULT_LIMITS, maxBodyBytes: 100 };

  it('refuses a declared Content-Length over the limit at once, with 413 and PAYLOAD_TOO_LARGE', async () => {
    const response = await post(yoga(small), JSON.stringify({ query: `{ __typename } # ${'x'.repeat(200)}` }));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ errors: [{ message: expect.stringMatching(/^request body is \d+ bytes; at most 100 are accepted \(MAX_BODY_BYTES\)$/), extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
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
    expect(((await over.json()) as { errors: { message: string; extensions: { code: string } }[] }).errors[0]).toMatchObject({ message: 'request body is over 100 bytes; at most 100 are accepted (MAX_BODY_BYTES)', extensions: { code: 'PAYLOAD_TOO_LARGE' } });
    const exactly = JSON.stringify({ query: `{ __typename }#${'x'.repeat(100 - 27)}` });
    expect(exactly.length).toBe(100);
    // At the limit, with its Content-Length declared, is still accepted.
    expect((await post(yoga(small), exactly)).status).toBe(200);
    const under = await post(yoga(small), stream(exactly, 7) as never);
    expect(under.status).toBe(200);
    expect(await under.json()).toEqual({ data: { __typename: 'Query' } });
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
    expect(await refused('{ force(slug: "x") { reports { id } } }')).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: 'Syntax Error: Query depth limit of 2 exceeded, found 3.' });
    expect(await refused('{ a: force(slug: "x") { slug } b: force(slug: "y") { slug } }')).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: 'Syntax Error: Aliases limit of 1 exceeded, found 2.' });
    expect(await refused('{ __typename @include(if: true) @skip(if: false) }')).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: 'Syntax Error: Directives limit of 1 exceeded, found 2.' });
    expect((await post(app, JSON.stringify({ query: '{ __typename }' }))).status).toBe(200);
  });
});

describe('escapeHtml', () => {
  it('escapes & first, then < and >, in SQL', () => {
    expect(new PgDialect().sqlToQuery(escapeHtml(sql.raw('page.text'))).sql).toBe("replace(replace(replace(page.text, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')");
  });
});
