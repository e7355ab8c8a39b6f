// Compiled execution's decisions without a database: what compiles, when (the second sighting, the
// budget, the normal form), and when a request goes to graphql's executor instead. Operations on
// `__typename` need no data, so the plugin can run them here (test/compiled-execution.test.ts and
// test/compiled-parity.test.ts run real data through both executors).
import {
  execute,
  GraphQLList,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileBudget, compiles, useCompiledExecution } from '../../src/http/compiled-execution.js';
import { schema } from '../../src/graphql/schema.js';

describe('compiles', () => {
  const yes = (query: string, name?: string) => expect(compiles(schema, parse(query), name), query).toBe(true);
  const no = (query: string, name?: string) => expect(compiles(schema, parse(query), name), query).toBe(false);

  it('takes queries whose roots read only memory', () => {
    yes('{ __typename }');
    yes('{ inspectionYears { label } }');
    yes('{ inspectionYear(year: 2017) { label } }');
    yes('{ report(force: "essex", year: 2017) { grade force { reports { grade } } } }');
    yes('{ compare(forces: ["essex"], year: 2017) { rows { medianScore } } }');
    yes('query A { inspectionYears { label } } query B { dataCoverage { __typename } }', 'A');
    yes('{ inspectionYears { ...Y } } fragment Y on InspectionYear { label }');
  });

  it('leaves the rest to graphql: other roots, planned fields, mutations, a key asked twice, an unknown operation', () => {
    no('{ dataCoverage { __typename } }');
    no('{ inspectionYears { label } dataCoverage { __typename } }');
    no('query A { inspectionYears { label } } query B { dataCoverage { __typename } }', 'B');
    no('{ report(force: "essex", year: 2017) { force { findings { totalCount } } } }');
    no('{ report(force: "essex", year: 2017) { force { reports { force { history { __typename } } } } } }');
    no('{ compare(forces: ["essex"], year: 2017) { forces { findings { totalCount } } } }');
    no('query { compare(forces: ["essex"], year: 2017) { ...F } } fragment F on Comparison { forces { history { __typename } } }');
    no('{ inspectionYears { ...F } } fragment F on InspectionYear { label } fragment G on Force { findings { totalCount } }');
    no('mutation { deleteReport(input: { force: "kent", year: 2017 }) { __typename } }');
    no('{ inspectionYears { label } inspectionYears { year } }');
    no('{ inspectionYears { label label: year } }');
    no('{ inspectionYears { label } }', 'Missing');
    no('{ noSuchField }');
  });
});

describe('compileBudget', () => {
  it('allows a burst, then so many a second', () => {
    let now = 0;
    const budget = compileBudget(5, 10, () => now);
    const takes = (n: number) => Array.from({ length: n }, () => budget.take());
    expect(takes(11)).toEqual([...Array(10).fill(true), false]);
    now += 199;
    expect(budget.take()).toBe(false);
    now += 1; // 200 ms: one more
    expect(takes(2)).toEqual([true, false]);
    now += 60_000; // a long rest fills it to the burst, no further
    expect(takes(11)).toEqual([...Array(10).fill(true), false]);
  });

  it('defaults to 5 a second with bursts of 10', () => {
    let now = 0;
    const budget = compileBudget(undefined, undefined, () => now);
    expect(Array.from({ length: 11 }, () => budget.take()).filter(Boolean)).toHaveLength(10);
    now += 1000;
    expect(Array.from({ length: 6 }, () => budget.take()).filter(Boolean)).toHaveLength(5);
  });
});

describe('the compiled-execution plugin', () => {
  /** Runs `query` through the plugin as yoga would; answers which executor answered, and how. */
  function harness(budget = { take: () => true }, on: GraphQLSchema = schema, rootValue?: unknown) {
    const plugin = useCompiledExecution({ budget }) as {
      onExecute: (payload: {
        executeFn: (args: ExecutionArgs) => unknown;
        setExecuteFn: (fn: (args: ExecutionArgs) => unknown) => void;
      }) => void;
    };
    const documents = new Map<string, DocumentNode>();
    return async (query: string, variableValues: Record<string, unknown> = {}, operationName?: string) => {
      // yoga keeps one parsed document per text
      if (!documents.has(query)) documents.set(query, parse(query));
      let execute: ((args: ExecutionArgs) => unknown) | undefined;
      let usual = 0;
      plugin.onExecute({
        executeFn: () => {
          usual++;
          return { data: { usual: true } };
        },
        setExecuteFn: (fn) => (execute = fn),
      });
      const result = (await execute!({
        schema: on,
        document: documents.get(query)!,
        variableValues,
        operationName,
        contextValue: {},
        rootValue,
      })) as ExecutionResult;
      return { by: usual > 0 ? 'graphql' : 'compiled', result };
    };
  }

  it('compiles an operation the second time it comes, and runs it compiled from then on', async () => {
    const run = harness();
    expect((await run('{ __typename }')).by).toBe('graphql');
    expect(await run('{ __typename }')).toEqual({ by: 'compiled', result: { data: { __typename: 'Query' } } });
    expect((await run('{ __typename }')).by).toBe('compiled');
  });

  it('shares one entry between texts that differ in the operation name, spacing or other operations', async () => {
    const run = harness();
    await run('query A { __typename }');
    expect((await run('query B   {  __typename }')).by).toBe('compiled');
    expect((await run('query C { __typename } query D { inspectionYears { label } }', {}, 'C')).by).toBe('compiled');
    // Another selection is another entry.
    expect((await run('query E { t: __typename }')).by).toBe('graphql');
  });

  it('compiles only within its budget; over it, graphql answers and a later sighting compiles', async () => {
    let allowed = false;
    let asked = 0;
    const run = harness({
      take: () => {
        asked++;
        return allowed;
      },
    });
    await run('{ __typename }');
    expect(asked).toBe(0);
    expect((await run('{ __typename }')).by).toBe('graphql');
    expect((await run('{ __typename }')).by).toBe('graphql');
    expect(asked).toBe(2);
    allowed = true;
    expect((await run('{ __typename }')).by).toBe('compiled');
    expect((await run('{ __typename }')).by).toBe('compiled');
    expect(asked).toBe(3); // compiled once, the budget not asked again
  });

  it('never compiles what it cannot, and does not ask the budget for it', async () => {
    let asked = 0;
    const run = harness({ take: () => (asked++, true) });
    for (let i = 0; i < 3; i++)
      expect((await run('mutation { deleteReport(input: { force: "kent", year: 2017 }) { __typename } }')).by).toBe('graphql');
    expect(asked).toBe(1);
    for (let i = 0; i < 3; i++) expect((await run('{ __typename }', {}, 'Missing')).by).toBe('graphql');
  });

  it('applies variable defaults the client left out, as graphql does', async () => {
    const run = harness();
    const query = 'query($show: Boolean = false) { __typename @include(if: $show) }';
    await run(query);
    expect(await run(query)).toEqual({ by: 'compiled', result: { data: {} } });
    expect(await run(query, { show: true })).toEqual({ by: 'compiled', result: { data: { __typename: 'Query' } } });
  });

  it('leaves to graphql a request whose variables are wrong, or that gives null to what @include or @skip reads', async () => {
    const run = harness();
    const query = 'query($show: Boolean = true, $hide: Boolean = false) { __typename @include(if: $show) t: __typename @skip(if: $hide) }';
    await run(query);
    expect((await run(query)).by).toBe('compiled');
    expect((await run(query, { show: 'yes' })).by).toBe('graphql');
    expect((await run(query, { show: null })).by).toBe('graphql');
    expect((await run(query, { hide: null })).by).toBe('graphql');
    expect((await run(query, { show: false, hide: true })).result).toEqual({ data: {} });
  });

  it('places each field error where graphql does: the field node it came from, through aliases, lists and fragments', async () => {
    // A schema of its own, whose `broken` fails on purpose (root fields named as compiled roots).
    const Year: GraphQLObjectType = new GraphQLObjectType({
      name: 'Year',
      fields: () => ({
        label: { type: GraphQLString },
        broken: {
          type: GraphQLString,
          resolve: (parent: { label: string }) => {
            throw new Error(`boom ${parent.label}`);
          },
        },
        inner: { type: Year, resolve: (parent: { label: string }) => ({ label: `${parent.label}/inner` }) },
      }),
    });
    const failing = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          inspectionYears: { type: new GraphQLList(Year), resolve: () => [{ label: 'a' }, { label: 'b' }] },
          report: { type: Year, resolve: () => ({ label: 'r' }) },
        },
      }),
    });
    const rootValue = undefined;
    const run = harness(undefined, failing, rootValue);
    for (const query of [
      '{ inspectionYears { label broken } }',
      '{ y: inspectionYears { l: label b: broken } }',
      '{ report { inner { inner { broken } } } }',
      '{ report { ...F } } fragment F on Year { inner { broken } }',
      '{ report { ... on Year { broken } } inspectionYears { ... on Year { label } } }',
      '{ report { label } other: report { inner { broken } } }',
    ]) {
      await run(query);
      const compiled = await run(query);
      expect(compiled.by, query).toBe('compiled');
      const expected = (await execute({ schema: failing, document: parse(query), rootValue })) as ExecutionResult;
      expect(JSON.stringify(compiled.result), query).toBe(JSON.stringify(expected));
      expect(compiled.result.errors?.length, query).toBeGreaterThan(0);
      expect(
        compiled.result.errors?.every((error) => error.nodes?.length === 1),
        query,
      ).toBe(true);
    }
  });
});
