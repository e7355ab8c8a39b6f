// Introspection's cost is one per object its answer holds: checked against graphql-js's own answer
// to each query, counted object by object.
import { execute, getIntrospectionQuery, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.js';
import { introspectionCost, wholeIntrospectionCost } from '../../src/graphql/introspection-cost.js';
import { costErrors } from '../../src/http/cost-limit.js';

/** Objects in an answer (the root included): what the cost counts. */
function objectsIn(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + objectsIn(item), 0);
  if (value && typeof value === 'object') return 1 + Object.values(value).reduce((sum: number, item) => sum + objectsIn(item), 0);
  return 0;
}

const options = {
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
};
const fullIntrospection = getIntrospectionQuery(options);

describe('introspectionCost', () => {
  it.each([
    ["GraphiQL's full introspection", fullIntrospection],
    [
      'types with their fields and arguments',
      '{ __schema { types { name fields { name args { name type { name ofType { name } } } } } } }',
    ],
    [
      'nested through wrapped types',
      '{ __schema { types { fields { type { ofType { fields { type { ofType { name fields { name } } } } } } } } } }',
    ],
    ['one type by name', '{ __type(name: "Force") { name fields { name type { kind ofType { name } } } } }'],
    [
      'the root types and directives',
      '{ __schema { queryType { name } mutationType { fields { name } } directives { name args { name } } } }',
    ],
    [
      'aliases and a fragment',
      'query Q { a: __schema { ...T } b: __schema { ...T } } fragment T on __Schema { types { name enumValues { name } inputFields { name } } }',
    ],
  ])('counts %s as the objects graphql-js answers with', async (_name, query) => {
    const document = parse(query);
    const answer = await execute({ schema, document });
    expect(answer.errors).toBeUndefined();
    // "one type by name" is costed as the dearest type: at least what Force gives.
    const cost = introspectionCost(schema, document);
    if (query.includes('__type(')) expect(cost).toBeGreaterThanOrEqual(objectsIn(answer.data) - 1);
    else expect(cost).toBe(objectsIn(answer.data) - 1);
  });

  it("refuses 15 aliased full introspections with COST_LIMIT_EXCEEDED, and lets GraphiQL's one through", () => {
    const fifteen = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: __schema { ...S }`).join(' ')} } ${fullIntrospection.slice(fullIntrospection.indexOf('fragment'))}`;
    const schemaFragment = `fragment S on __Schema { queryType { name } types { ...FullType } directives { name args { ...InputValue } } }`;
    const errors = costErrors({ schema, document: parse(`${fifteen} ${schemaFragment}`) }, 10_000);
    expect(errors.map((e) => e.extensions.code)).toEqual(['COST_LIMIT_EXCEEDED']);
    expect(errors[0]!.extensions.cost).toBeGreaterThan(15_000);
    expect(costErrors({ schema, document: parse(fullIntrospection) }, 10_000)).toEqual([]);
  });

  it("allows one operation the schema's whole introspection at most, whatever MAX_COST allows", () => {
    const whole = wholeIntrospectionCost(schema);
    // The standard query with every option on: GraphiQL's (without oneOf) costs no more.
    expect(whole).toBe(introspectionCost(schema, parse(getIntrospectionQuery({ ...options, oneOf: true }))));
    expect(introspectionCost(schema, parse(fullIntrospection))).toBeLessThanOrEqual(whole);
    expect(costErrors({ schema, document: parse(fullIntrospection) }, 100_000)).toEqual([]);
    const fragments = fullIntrospection.slice(fullIntrospection.indexOf('fragment'));
    const twice = parse(`{ a: __schema { types { ...FullType } } b: __schema { types { ...FullType } } } ${fragments}`);
    const cost = introspectionCost(schema, twice);
    expect(cost).toBeGreaterThan(whole);
    const [error, ...more] = costErrors({ schema, document: twice }, 100_000);
    expect(more).toEqual([]);
    expect(error!.message).toBe(
      `the operation's introspection could produce about ${cost} objects; at most ${whole} are allowed, one whole introspection of this schema (what GraphiQL asks for). Ask for the schema once.`,
    );
    expect(error!.extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', cost, maxCost: whole, http: { status: 400 } });
    // Within it, introspection still adds to the operation's cost.
    const mixed = parse(`{ __schema { types { name } } forces(first: 5) { nodes { slug } } }`);
    expect(
      costErrors({ schema, document: mixed }, introspectionCost(schema, parse('{ __schema { types { name } } }')))[0]!.extensions.code,
    ).toBe('COST_LIMIT_EXCEEDED');
  });

  it('costs nothing for an operation without introspection, and __typename nothing anywhere', () => {
    expect(introspectionCost(schema, parse('{ forces(first: 5) { __typename nodes { slug } } }'))).toBe(0);
    expect(introspectionCost(schema, parse('{ __typename }'))).toBe(0);
  });
});
