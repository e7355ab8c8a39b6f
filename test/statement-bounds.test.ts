// How many SQL statements each shipped operation costs, on whichever backend the suite runs on, once
// the read model is loaded: operations served from it cost none. The bounds are exact: a change that
// adds a round trip (an N+1 above all) fails here. A refresh of the read model costs a fixed number
// of statements however much changed (test/read-model.test.ts).
import { readFileSync } from 'node:fs';
import { Kind, parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleFiles } from '../src/http/examples.js';
import { backend } from './helpers/database.js';
import { operationFile, seededApi } from './helpers/graphql.js';

const seed = readFileSync(new URL('../fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt', import.meta.url), 'utf8');

const STATEMENTS: Record<string, number> = {
  ForceReport: 0,
  Forces: 2, // the page and its totalCount
  Force: 1,
  InspectionYears: 0,
  Findings: 2,
  Node: 1,
  Compare: 0,
  History: 1,
  Search: 1, // the ranked page with its count; the hits' findings come from the read model
  GradeTable: 1,
  DataCoverage: 1,
  GradeSources: 1,
  Conflicts: 2,
  // The same page again: match it to the catalogue (forces; the year with its scale and questions),
  // take the report's advisory lock, find the report and its checksum. Unchanged writes nothing, so
  // the read model is not reloaded. On PostgreSQL, BEGIN and COMMIT go through the same log; PGlite
  // opens transactions natively.
  ImportReport: backend === 'postgres' ? 6 : 4,
};

const { execute } = seededApi({ apiToken: 'statement-bounds-token' });
let nodeId: string;
beforeAll(async () => {
  nodeId = (await execute('{ force(slug: "cambridgeshire") { id } }')).body.data.force.id;
});

const operations = exampleFiles.flatMap((file) =>
  parse(operationFile(file)).definitions.flatMap((d) =>
    d.kind === Kind.OPERATION_DEFINITION && d.name ? [{ file, name: d.name.value }] : [],
  ),
);

describe(`SQL statements per operation (${backend})`, () => {
  it('has a bound for every shipped operation', () => {
    expect(operations.map((o) => o.name).sort()).toEqual(Object.keys(STATEMENTS).sort());
  });

  it.each(operations)('$name ($file)', async ({ file, name }) => {
    const variables = { Node: { id: nodeId }, ImportReport: { text: seed } }[name] ?? {};
    const { body, statements } = await execute(operationFile(file), variables, name);
    expect(body.errors).toBeUndefined();
    expect(statements).toBe(STATEMENTS[name]);
  });
});
