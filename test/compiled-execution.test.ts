// Compiled execution (http/compiled-execution.ts) against graphql's own executor: every shipped
// operation, and the mistakes clients make with them, answered the same by both, byte for byte.
import { readFileSync } from 'node:fs';
import { Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compiles } from '../src/http/compiled-execution.js';
import { exampleFiles } from '../src/http/examples.js';
import { createApp } from '../src/http/yoga.js';
import { schema } from '../src/graphql/schema.js';
import { backend } from './helpers/database.js';
import { operationFile, seededApi } from './helpers/graphql.js';

const api = seededApi();
const seed = readFileSync(new URL('../fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt', import.meta.url), 'utf8');

const operations = exampleFiles.flatMap((file) =>
  parse(operationFile(file)).definitions.flatMap((d) =>
    d.kind === Kind.OPERATION_DEFINITION && d.name ? [{ file, name: d.name.value }] : [],
  ),
);

const apps = new Map<boolean, ReturnType<typeof createApp>>();
const appFor = (compiledExecution: boolean) => {
  if (!apps.has(compiledExecution)) {
    apps.set(compiledExecution, createApp({ database: api.database, readModel: api.readModel, cacheTtlMs: 0, compiledExecution }));
  }
  return apps.get(compiledExecution)!;
};

/** The answer of each executor; an operation is compiled when it comes a second time, so the compiled side asks twice. */
async function both(query: string, variables: Record<string, unknown> = {}, operationName?: string) {
  const ask = (compiledExecution: boolean) =>
    Promise.resolve(
      appFor(compiledExecution).fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables, operationName }),
      }),
    ).then(async (response) => ({ status: response.status, body: await response.text() }));
  await ask(true);
  return { compiled: await ask(true), interpreted: await ask(false) };
}

describe(`compiled execution (${backend})`, () => {
  it('compiles the operations that read only memory, and nothing that plugin-drizzle plans or that writes', () => {
    const compiledNames = operations.filter(({ file, name }) => compiles(schema, parse(operationFile(file)), name)).map((o) => o.name);
    expect(compiledNames.sort()).toEqual(['Compare', 'ForceReport', 'InspectionYears']);
  });

  it('leaves an operation that asks for one response key twice to graphql, which locates both fields', () => {
    const twice = parse(
      '{ compare(forces: ["essex"], year: 1999) { rows { medianScore } } compare(forces: ["essex"], year: 1999) { forces { slug } } }',
    );
    expect(compiles(schema, twice, undefined)).toBe(false);
  });

  it('leaves to graphql a query that selects a field plugin-drizzle plans, however deep under report or compare', () => {
    for (const query of [
      '{ report(force: "essex", year: 2017) { force { findings { totalCount } } } }',
      '{ report(force: "essex", year: 2017) { force { reports { force { history { __typename } } } } } }',
      '{ compare(forces: ["essex"], year: 2017) { forces { findings { totalCount } } } }',
      'query { compare(forces: ["essex"], year: 2017) { ...F } } fragment F on Comparison { forces { history { __typename } } }',
    ]) {
      expect(compiles(schema, parse(query), undefined), query).toBe(false);
    }
    // The same without the planned field is compiled.
    expect(compiles(schema, parse('{ report(force: "essex", year: 2017) { force { reports { grade } } } }'), undefined)).toBe(true);
  });

  it('shares one compile between texts that differ only in the operation name or spacing, and compiles within its budget', async () => {
    let takes = 0;
    const counting = { take: () => (takes++, true) };
    const app = createApp({ database: api.database, readModel: api.readModel, cacheTtlMs: 0, compileBudget: counting });
    const ask = (query: string) =>
      app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query }),
      });
    const text = (name: string) => `query ${name} { inspectionYears { label } }`;
    await ask(text('First'));
    expect(takes).toBe(0); // once seen: not compiled
    await ask(text('First'));
    expect(takes).toBe(1);
    for (const name of ['Second', 'Third']) for (let i = 0; i < 3; i++) await ask(text(name));
    await ask('query   Fourth{inspectionYears{   label }}');
    expect(takes).toBe(1);
    // With no budget left, an operation runs the usual way, answered all the same.
    const spent = createApp({ database: api.database, readModel: api.readModel, cacheTtlMs: 0, compileBudget: { take: () => false } });
    const answer = await spent.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ inspectionYears { label } }' }),
    });
    expect((await answer.json()).data.inspectionYears).toHaveLength(7);
  });

  it.each(operations.filter((o) => o.name !== 'ImportReport'))('$name ($file) answers the same either way', async ({ file, name }) => {
    const { compiled, interpreted } = await both(operationFile(file), {}, name);
    expect(compiled.status).toBe(200);
    expect(compiled).toEqual(interpreted);
  });

  it.each([
    ['an unknown force', 'Compare', { forces: ['cambridgeshire', 'atlantis'] }],
    ['a force named twice', 'Compare', { forces: ['essex', 'essex'] }],
    ['an unknown year', 'Compare', { year: 1999 }],
    ['a pillar the year does not have', 'Compare', { year: 2021, pillar: 'EFFICIENCY' }],
    ['a variable of the wrong type', 'Compare', { year: 'twenty' }],
    ['null for a required variable', 'ForceReport', { force: null }],
    ['an unknown enum value', 'ForceReport', { pillar: 'BRAVERY' }],
    ['a report nobody knows', 'ForceReport', { force: 'kent', year: 2014, pillar: 'LEADERSHIP' }],
    ['a NUL byte in a slug', 'ForceReport', { force: 'cambridge\u0000shire' }],
  ])('%s answers the same either way', async (_what, name, variables) => {
    const file = name === 'Compare' ? 'compare.graphql' : 'report.graphql';
    const { compiled, interpreted } = await both(operationFile(file), variables, name);
    expect(compiled).toEqual(interpreted);
  });

  it('a report read after an import shows it either way', async () => {
    const changed = seed.replace('Last updated 22/03/2018', 'Last updated 24/03/2018');
    const app = createApp({ database: api.database, readModel: api.readModel, cacheTtlMs: 0, apiToken: 'compiled-token' });
    const imported = await app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer compiled-token' },
      body: JSON.stringify({ query: operationFile('import.graphql'), variables: { text: changed }, operationName: 'ImportReport' }),
    });
    expect(imported.status).toBe(200);
    const { compiled, interpreted } = await both(operationFile('report.graphql'), {}, 'ForceReport');
    expect(JSON.parse(compiled.body).data.report.lastUpdated).toBe('2018-03-24');
    expect(compiled).toEqual(interpreted);
  });
});
