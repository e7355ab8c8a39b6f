// Introspection's cost is one per object its answer holds: checked against graphql-js's own answer
// to each query, counted object by object.
import { execute, getIntrospectionQuery, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.js';
import { introspectionCost } from '../../src/graphql/introspection-cost.js';
import { costErrors } from '../../src/http/cost-limit.js';

/** Objects in an answer (the root included): what the cost counts. */
function objectsIn(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + objectsIn(item), 0);
  if (value && typeof value === 'object') return 1 + Object.values(value).reduce((sum: number, item) => sum + objectsIn(item), 0);
  return 0;
}

const fullIntrospection = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
});

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

  it('costs nothing for an operation without introspection, and __typename nothing anywhere', () => {
    expect(introspectionCost(schema, parse('{ forces(first: 5) { __typename nodes { slug } } }'))).toBe(0);
    expect(introspectionCost(schema, parse('{ __typename }'))).toBe(0);
  });
});
