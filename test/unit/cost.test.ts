// What an operation costs before it runs (graphql/complexity.ts) and the check that refuses one over
// MAX_COST (http/cost-limit.ts), against the schema without a database. The sizes are hand-counted
// here from the rules: each object 1, a list multiplying what is under it by its size.
import { buildSchema, GraphQLList, GraphQLObjectType, GraphQLString, parse, type GraphQLField } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CONNECTION_PAGE, fieldComplexity, GROUP_COUNTS, LIST_FALLBACK, LIST_SIZES, sizeListFields } from '../../src/graphql/complexity.js';
import { schema } from '../../src/graphql/schema.js';
import { costErrors, useCostLimit } from '../../src/http/cost-limit.js';
import { INPUT_LIMITS } from '../../src/domain/limits.js';

const fieldOf = (coordinate: string) => {
  const [type, field] = coordinate.split('.') as [string, string];
  return (schema.getType(type) as GraphQLObjectType).getFields()[field]! as GraphQLField<unknown, unknown>;
};
const cost = (coordinate: string, args: Record<string, unknown> = {}) => fieldComplexity(args, {}, fieldOf(coordinate));

describe('fieldComplexity', () => {
  it('scalars cost nothing; an object field 1', () => {
    expect(cost('Force.name')).toEqual({ field: 0, multiplier: 1 });
    expect(cost('Report.force')).toEqual({ field: 1, multiplier: 1 });
  });

  it('a connection counts itself and its page, from first or last, bounded to 0-100, 20 when unsaid', () => {
    expect(CONNECTION_PAGE).toEqual({ default: 20, max: 100 });
    expect(cost('Query.findings')).toEqual({ field: 21, multiplier: 20 });
    expect(cost('Query.findings', { first: 7 })).toEqual({ field: 8, multiplier: 7 });
    expect(cost('Query.findings', { last: 3 })).toEqual({ field: 4, multiplier: 3 });
    expect(cost('Query.findings', { first: 5000 })).toEqual({ field: 101, multiplier: 100 });
    expect(cost('Query.findings', { first: -4 })).toEqual({ field: 1, multiplier: 0 });
    expect(cost('Query.findings', { first: '9' })).toEqual({ field: 21, multiplier: 20 });
    // Its edges and nodes are that page, not another multiple.
    expect(cost('FindingConnection.edges')).toEqual({ field: 0, multiplier: 1 });
    expect(cost('FindingConnection.nodes')).toEqual({ field: 0, multiplier: 1 });
  });

  it('nodes(ids:) costs one per id; peers its first (5 when unsaid); gradeCounts the product of its groups, at most 1,600', () => {
    expect(cost('Query.nodes', { ids: ['a', 'b', 'c'] })).toEqual({ field: 3, multiplier: 3 });
    expect(cost('Query.nodes', {})).toEqual({ field: INPUT_LIMITS.maxListItems, multiplier: INPUT_LIMITS.maxListItems });
    expect(cost('Force.peers', { first: 3 })).toEqual({ field: 3, multiplier: 3 });
    expect(cost('Force.peers', { first: -1 })).toEqual({ field: 0, multiplier: 0 });
    expect(cost('Force.peers', {})).toEqual({ field: 5, multiplier: 5 });
    expect(GROUP_COUNTS.year! * GROUP_COUNTS.pillar!).toBe(60);
    expect(cost('Query.gradeCounts', { groupBy: ['year', 'pillar'] })).toEqual({ field: 60, multiplier: 60 });
    expect(cost('Query.gradeCounts', { groupBy: ['question', 'force'] })).toEqual({ field: 1600, multiplier: 1600 });
    expect(cost('Query.gradeCounts', { groupBy: ['nonsense'] })).toEqual({ field: 1600, multiplier: 1600 });
    expect(cost('Query.gradeCounts', { groupBy: 'year' })).toEqual({ field: 1600, multiplier: 1600 });
    expect(cost('Query.gradeCounts', { groupBy: [] })).toEqual({ field: 1, multiplier: 1 });
  });

  it('other lists by their size in LIST_SIZES, and an unsized one by the fallback', () => {
    expect(cost('Comparison.forces')).toEqual({ field: 43, multiplier: 43 });
    expect(cost('Report.findings')).toEqual({ field: LIST_SIZES['Report.findings'], multiplier: LIST_SIZES['Report.findings'] });
    const Thing = new GraphQLObjectType({ name: 'Thing', fields: { name: { type: GraphQLString } } });
    const unsized = { name: 'things', type: new GraphQLList(Thing), args: [], extensions: {} } as unknown as GraphQLField<unknown, unknown>;
    expect(fieldComplexity({}, {}, unsized)).toEqual({ field: LIST_FALLBACK, multiplier: LIST_FALLBACK });
    expect(LIST_FALLBACK).toBe(100);
  });

  it('refuses to size a list the schema does not have', () => {
    expect(() => sizeListFields(buildSchema('type Query { x: String }'))).toThrow(
      'LIST_SIZES names Comparison.forces, which the schema does not have',
    );
  });
});

describe('the cost check', () => {
  /** Runs the plugin's check; answers the errors it stopped the operation with, or null when it let it run. */
  function check(maxCost: number, costing: typeof costErrors = costErrors) {
    const plugin = useCostLimit(maxCost, costing) as {
      onExecute: (payload: { args: Record<string, unknown>; setResultAndStopExecution: (r: { errors: unknown[] }) => void }) => void;
    };
    return (document: ReturnType<typeof parse>, variableValues: Record<string, unknown> = {}, operationName?: string) => {
      let stopped: { errors: { message: string; extensions: Record<string, unknown> }[] } | null = null;
      plugin.onExecute({
        args: { schema, document, variableValues, operationName, contextValue: {} },
        setResultAndStopExecution: (result) => (stopped = result as never),
      });
      return stopped as { errors: { message: string; extensions: Record<string, unknown> }[] } | null;
    };
  }

  const compare = parse('query($first: Int) { forces(first: $first) { nodes { name reports { grade } } } }');

  it('lets through an operation within MAX_COST and refuses one over it, saying how much and what to do', () => {
    // forces(first: n): 1 + n (the connection and its page; nodes are that page), and each node's
    // reports list 25 objects: 1 + n + 25n, so 261 for 10 and 287 for 11.
    const within = check(1 + 10 + 250);
    expect(within(compare, { first: 10 })).toBeNull();
    const refused = within(compare, { first: 11 });
    expect(refused?.errors).toHaveLength(1);
    expect(refused!.errors[0]!.message).toBe(
      'the operation could produce about 287 objects; at most 261 are allowed (MAX_COST). ' +
        'Ask for fewer items (a smaller first:, fewer forces or aliases) or split it into several requests.',
    );
    expect(refused!.errors[0]!.extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', cost: 287, maxCost: 261, http: { status: 400 } });
  });

  it('costs the operation named, with its own variables, every time a set is new', () => {
    const twoOps = parse('query Small { inspectionYears { label } } query Big { forces(first: 100) { nodes { reports { grade } } } }');
    const limited = check(100);
    expect(limited(twoOps, {}, 'Small')).toBeNull();
    expect(limited(twoOps, {}, 'Big')).not.toBeNull();
    expect(limited(twoOps, {}, 'Small')).toBeNull();
    expect(limited(compare, { first: 1 })).toBeNull();
    expect(limited(compare, { first: 90 })).not.toBeNull();
    expect(limited(compare, { first: 1 })).toBeNull();
    // Variables too long to remember are costed each time, all the same.
    const long = { first: 90, padding: 'x'.repeat(5000) };
    expect(limited(compare, long)).not.toBeNull();
    expect(limited(compare, { ...long, first: 1 })).toBeNull();
  });

  it('remembers a passed document with its operation and small variables, and costs everything else again', () => {
    let costed = 0;
    const counting: typeof costErrors = (...args) => {
      costed++;
      return costErrors(...args);
    };
    const limited = check(300, counting);
    const times = (run: () => unknown) => {
      const before = costed;
      run();
      return costed - before;
    };
    expect(times(() => limited(compare, { first: 1 }))).toBe(1);
    expect(times(() => limited(compare, { first: 1 }))).toBe(0); // remembered
    expect(times(() => limited(compare, { first: 2 }))).toBe(1); // another set for the same document
    expect(times(() => limited(compare, { first: 2 }))).toBe(0);
    expect(times(() => limited(compare, { first: 1 }))).toBe(0);
    expect(
      times(() => limited(parse('query($first: Int) { forces(first: $first) { nodes { name reports { grade } } } }'), { first: 1 })),
    ).toBe(1); // another parse is another document
    expect(times(() => limited(compare, { first: 1 }, 'Named'))).toBe(1); // another operation name
    // Refused: costed again each time.
    expect(times(() => limited(compare, { first: 90 }))).toBe(1);
    expect(times(() => limited(compare, { first: 90 }))).toBe(1);
    // Variables over 4,096 characters as JSON are not remembered; up to that, they are.
    const padded = (chars: number) => ({ first: 1, p: 'x'.repeat(chars - JSON.stringify({ first: 1, p: '' }).length) });
    expect(JSON.stringify(padded(4096)).length).toBe(4096);
    expect(times(() => limited(compare, padded(4096)))).toBe(1);
    expect(times(() => limited(compare, padded(4096)))).toBe(0);
    expect(times(() => limited(compare, padded(4097)))).toBe(1);
    expect(times(() => limited(compare, padded(4097)))).toBe(1);
  });
});
