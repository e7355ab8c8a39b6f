// A property test over the whole public surface, taken from the schema itself: every root field
// (queries and mutations) with arguments built from their declared types, as variables or as
// literals, filled with hostile values (NUL, unpaired surrogates, huge strings, huge lists, odd
// numbers, wrong types), and every export with random parameters. Whatever comes in: no 5xx but a
// deliberate 503, never INTERNAL_SERVER_ERROR, and the server keeps answering.
import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/schema.js';
import { DEFAULT_LIMITS } from '../src/domain/limits.js';
import { createApp } from '../src/http/yoga.js';
import { seededApi } from './helpers/graphql.js';

const api = seededApi();
const TOKEN = 'property-test-token-0123456789';

const hostileString = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom(
    '\u0000',
    'kent\u0000',
    '\ud800',
    'a\udfffb',
    'essex',
    'cambridgeshire',
    'eff_q1',
    '__proto__',
    'constructor',
    "'; drop table forces; --",
    '%',
    '_',
    '\\',
  ),
  fc.nat({ max: 3 }).map((n) => 'x'.repeat([65, 501, 100_000, 1_000_000][n]!)),
);
const hostileInt = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 2017, 2021, 2_147_483_647, -2_147_483_648),
  fc.integer({ min: 2010, max: 2030 }),
);

/** A value for an input type: usually the right shape with hostile contents, sometimes the wrong shape. */
function valueFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  const inner = getNullableType(type) as GraphQLInputType;
  const nullable = isNonNullType(type) ? [] : [fc.constant(null)];
  let shaped: fc.Arbitrary<unknown>;
  if (isListType(inner)) {
    const item = valueFor(inner.ofType, depth + 1);
    shaped = fc.oneof(
      fc.array(item, { maxLength: 5 }),
      fc
        .nat({ max: 2 })
        .chain((n) =>
          fc.constant(
            Array.from({ length: [44, 101, 100_000][n]! }, (_, i) =>
              isScalarType(getNamedType(inner)) && getNamedType(inner).name === 'Int' ? 2000 + (i % 30) : `s${i}`,
            ),
          ),
        ),
    );
  } else if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields());
    shaped =
      depth > 3
        ? fc.constant({})
        : fc.record(Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, depth + 1)])), {
            requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
          });
  } else if (isEnumType(inner)) {
    shaped = fc.oneof(fc.constantFrom(...inner.getValues().map((v) => v.name)), hostileString);
  } else if (inner.name === 'Int') {
    shaped = hostileInt;
  } else if (inner.name === 'Float') {
    shaped = fc.oneof(fc.double(), fc.constant(1e308));
  } else if (inner.name === 'Boolean') {
    shaped = fc.boolean();
  } else {
    shaped = hostileString;
  }
  // Now and then the wrong type altogether: the server must say so cleanly.
  const wrong = fc.constantFrom<unknown>({}, [], 'x', 1.5, true, { __proto__: 1 });
  return fc.oneof({ weight: 8, arbitrary: shaped }, { weight: 1, arbitrary: wrong }, ...nullable.map((n) => ({ weight: 1, arbitrary: n })));
}

/** A literal for `value` in GraphQL syntax (so literals meet the same checks as variables). */
function literal(value: unknown, type: GraphQLInputType): string {
  const inner = getNullableType(type) as GraphQLInputType;
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value))
    return `[${value
      .slice(0, 2000)
      .map((v) => literal(v, isListType(inner) ? inner.ofType : inner))
      .join(',')}]`;
  if (isEnumType(inner) && typeof value === 'string' && /^[_A-Za-z]\w*$/.test(value)) return value;
  if (typeof value === 'object') {
    const fields = isInputObjectType(inner) ? inner.getFields() : {};
    return `{${Object.entries(value as object)
      .map(([k, v]) => `${k}: ${literal(v, fields[k]?.type ?? inner)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

const selection = (field: GraphQLField<unknown, unknown>) => (isLeafType(getNamedType(field.type)) ? '' : '{ __typename }');

function operationFor(
  kind: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
): fc.Arbitrary<{ query: string; variables: Record<string, unknown> }> {
  const args: readonly GraphQLArgument[] = field.args;
  return fc.tuple(fc.boolean(), fc.tuple(...args.map((arg) => valueFor(arg.type)))).map(([asVariables, values]) => {
    const used = args
      .map((arg, i) => ({ arg, value: values[i] }))
      .filter(({ arg, value }) => value !== undefined || isNonNullType(arg.type));
    if (asVariables) {
      const definitions = used.map(({ arg }) => `$${arg.name}: ${String(arg.type)}`).join(', ');
      const passing = used.map(({ arg }) => `${arg.name}: $${arg.name}`).join(', ');
      return {
        query: `${kind}${definitions ? `(${definitions})` : ''} { ${field.name}${passing ? `(${passing})` : ''} ${selection(field)} }`,
        variables: Object.fromEntries(used.map(({ arg, value }) => [arg.name, value])),
      };
    }
    const passing = used.map(({ arg, value }) => `${arg.name}: ${literal(value, arg.type)}`).join(', ');
    return { query: `${kind} { ${field.name}${passing ? `(${passing})` : ''} ${selection(field)} }`, variables: {} };
  });
}

const rootFields = [
  ...Object.values(schema.getQueryType()!.getFields()).map((field) => ({ kind: 'query' as const, field })),
  ...Object.values(schema.getMutationType()!.getFields()).map((field) => ({ kind: 'mutation' as const, field })),
];

describe('hostile input, from the schema', () => {
  it('covers every root field', () => {
    expect(rootFields.map(({ field }) => field.name)).toEqual(
      expect.arrayContaining([
        'compare',
        'differences',
        'force',
        'findings',
        'forces',
        'search',
        'nodes',
        'node',
        'importReport',
        'deleteReport',
        'gradeTable',
        'gradeCounts',
        'dataCoverage',
      ]),
    );
  });

  it.each(rootFields.map(({ kind, field }) => [`${kind} ${field.name}`, kind, field] as const))(
    '%s: no 5xx but 503, no INTERNAL_SERVER_ERROR',
    async (_label, kind, field) => {
      const app = createApp({ database: api.database, apiToken: TOKEN, limits: { ...DEFAULT_LIMITS, readsPerMinute: 0 } });
      await fc.assert(
        fc.asyncProperty(operationFor(kind, field), async ({ query, variables }) => {
          const response = await app.fetch('http://test/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${TOKEN}` },
            body: JSON.stringify({ query, variables }),
          });
          const text = await response.text();
          expect(
            response.status === 503 || response.status < 500,
            `${response.status} for ${query.slice(0, 300)}: ${text.slice(0, 300)}`,
          ).toBe(true);
          expect(text, query.slice(0, 300)).not.toContain('INTERNAL_SERVER_ERROR');
        }),
        { numRuns: 25 },
      );
    },
  );

  it('exports: random parameters never make a 5xx', async () => {
    const app = createApp({ database: api.database, limits: { ...DEFAULT_LIMITS, readsPerMinute: 0 } });
    const parameter = fc.tuple(
      fc.oneof(
        fc.constantFrom('year', 'pillar', 'force', 'grade', 'question', 'theme', 'headline', 'constructor', '__proto__'),
        fc.string({ maxLength: 10 }),
      ),
      hostileString,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/export/grades.csv',
          '/export/grades.ndjson',
          '/export/areas-for-improvement.csv',
          '/export/areas-for-improvement.ndjson',
        ),
        fc.array(parameter, { maxLength: 4 }),
        async (path, parameters) => {
          const query = new URLSearchParams(parameters.map(([k, v]) => [k, v.slice(0, 20_000)])).toString();
          const response = await app.fetch(`http://test${path}?${query}`);
          const text = await response.text();
          expect(
            response.status === 503 || response.status < 500,
            `${response.status} for ${path}?${query.slice(0, 200)}: ${text.slice(0, 200)}`,
          ).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('still answers after all that', async () => {
    expect((await api.execute('{ force(slug: "essex") { name } }')).body).toEqual({ data: { force: { name: 'Essex Police' } } });
  });
});
