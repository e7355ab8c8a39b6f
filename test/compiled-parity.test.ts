// Compiled execution against graphql's executor on operations generated from the schema (fast-check):
// the roots compiled execution serves, with random selections, aliases, inline fragments on unions
// and interfaces, named fragments, @include/@skip on variables that are true, false, null or
// missing, and arguments good and bad. Each answer must be the same, byte for byte, status included.
import fc from 'fast-check';
import {
  getNamedType,
  isAbstractType,
  isLeafType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { compiles } from '../src/http/compiled-execution.js';
import { createApp } from '../src/http/yoga.js';
import { schema } from '../src/graphql/schema.js';
import { backend } from './helpers/database.js';
import { seededApi } from './helpers/graphql.js';

const api = seededApi();

type Gen = fc.GeneratorValue;

const isPlanned = (field: GraphQLField<unknown, unknown>) =>
  Object.keys(field.extensions ?? {}).some((key) => key.startsWith('pothosDrizzle'));

/** What one generated operation needs besides its text: the variables it declares, and fragments. */
interface Build {
  variables: Map<string, string>; // name -> declaration, e.g. "$inc: Boolean = true"
  fragments: string[];
}

const DIRECTIVE_VARIABLES: Record<string, string> = {
  inc: '$inc: Boolean = true',
  skp: '$skp: Boolean = false',
  req: '$req: Boolean!',
  opt: '$opt: Boolean = true',
};

function directive(g: Gen, build: Build): string {
  const kind = g(() => fc.constantFrom('', '', '', 'include', 'skip', 'literal'));
  if (kind === '') return '';
  if (kind === 'literal') return g(() => fc.constantFrom(' @include(if: true)', ' @include(if: false)', ' @skip(if: true)'));
  const variable = g(() => fc.constantFrom('inc', 'skp', 'req', 'opt'));
  build.variables.set(variable, DIRECTIVE_VARIABLES[variable]!);
  return ` @${kind}(if: $${variable})`;
}

function selection(g: Gen, type: GraphQLCompositeType, depth: number, build: Build): string {
  if (isAbstractType(type)) {
    const parts = ['__typename'];
    for (const member of schema.getPossibleTypes(type)) {
      if (g(() => fc.boolean())) parts.push(`... on ${member.name}${directive(g, build)} { ${selection(g, member, depth + 1, build)} }`);
    }
    return parts.join(' ');
  }
  const object = type as GraphQLObjectType;
  const fields = Object.values(object.getFields()).filter(
    (field) => !isPlanned(field) && field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined),
  );
  const leaves = fields.filter((field) => isLeafType(getNamedType(field.type)));
  const nested = depth < 3 ? fields.filter((field) => !isLeafType(getNamedType(field.type))) : [];
  // Indices, not the fields themselves: fast-check would walk the schema to print them.
  const candidates = [...leaves, ...nested];
  const indices = candidates.map((_, i) => i);
  const chosen = g(() => fc.subarray(indices, { minLength: Math.min(1, indices.length), maxLength: Math.min(5, indices.length) })).map(
    (i) => candidates[i]!,
  );
  const parts: string[] = [];
  const keys = new Set<string>();
  for (const field of chosen.length > 0 ? chosen : []) {
    let key = field.name;
    if (g(() => fc.boolean())) key = g(() => fc.constantFrom('a', 'b', 'c', 'd', 'e'));
    if (keys.has(key)) continue;
    keys.add(key);
    const prefix = key === field.name ? '' : `${key}: `;
    const named = getNamedType(field.type);
    if (isLeafType(named)) {
      parts.push(`${prefix}${field.name}${directive(g, build)}`);
      continue;
    }
    const inner = selection(g, named as GraphQLCompositeType, depth + 1, build);
    if (isObjectType(named) && g(() => fc.integer({ min: 0, max: 3 })) === 0) {
      const name = `F${build.fragments.length}`;
      build.fragments.push(`fragment ${name} on ${named.name} { ${inner} }`);
      parts.push(`${prefix}${field.name}${directive(g, build)} { ...${name} }`);
    } else {
      parts.push(`${prefix}${field.name}${directive(g, build)} { ${inner} }`);
    }
  }
  if (parts.length === 0) parts.push('__typename');
  if (g(() => fc.boolean())) parts.push('__typename');
  return parts.join(' ');
}

const FORCES = ['"cambridgeshire"', '"essex"', '"kent"', '"atlantis"', '""'];
const YEARS = ['2014', '2016', '2017', '2018', '2021', '2023', '1999'];
const PILLARS = ['EFFECTIVENESS', 'EFFICIENCY', 'LEGITIMACY', 'null'];

function root(g: Gen, build: Build): string {
  const name = g(() => fc.constantFrom('report', 'compare', 'inspectionYears', 'inspectionYear'));
  const field = schema.getQueryType()!.getFields()[name]!;
  const pillar = g(() => fc.constantFrom(...PILLARS));
  const year = g(() => fc.constantFrom(...YEARS));
  const args = {
    report: `(force: ${g(() => fc.constantFrom(...FORCES))}, year: ${year}, pillar: ${pillar})`,
    compare: `(forces: [${g(() => fc.subarray(FORCES, { minLength: 0, maxLength: 3 })).join(', ')}], year: ${year}, pillar: ${pillar})`,
    inspectionYears: '',
    inspectionYear: g(() => fc.constantFrom(`(year: ${year})`, '(slug: "peel-2017")', '(slug: "nope")', '(year: 2017, slug: "peel-2017")')),
  }[name];
  const inner = selection(g, getNamedType(field.type) as GraphQLCompositeType, 0, build);
  return `${g(() => fc.constantFrom('', 'x: ', 'y: '))}${name}${args}${directive(g, build)} { ${inner} }`;
}

/** An operation, and variables for it: each directive variable true, false, null or left out. */
function operation(g: Gen): { query: string; variables: Record<string, unknown> } {
  const build: Build = { variables: new Map(), fragments: [] };
  const roots = [root(g, build)];
  if (g(() => fc.boolean())) roots.push(root(g, build));
  const declared = build.variables.size > 0 ? `(${[...build.variables.values()].join(', ')})` : '';
  const query = [`query Generated${declared} { ${roots.join(' ')} }`, ...build.fragments].join('\n');
  const variables: Record<string, unknown> = {};
  for (const name of build.variables.keys()) {
    const value = g(() => fc.constantFrom<unknown>(true, false, null, undefined));
    if (value !== undefined) variables[name] = value;
  }
  return { query, variables };
}

describe(`compiled execution, on generated operations (${backend})`, () => {
  it('answers every generated operation byte for byte as graphql does', async () => {
    const always = { take: () => true };
    const compiledApp = createApp({ database: api.database, readModel: api.readModel, cacheTtlMs: 0, compileBudget: always });
    const interpretedApp = createApp({ database: api.database, readModel: api.readModel, cacheTtlMs: 0, compiledExecution: false });
    const ask = async (app: typeof compiledApp, body: string) => {
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body,
      });
      return { status: response.status, body: await response.text() };
    };
    let compiled = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const { query, variables } = operation(g);
        const body = JSON.stringify({ query, variables });
        runs++;
        let document;
        try {
          document = parse(query);
        } catch {
          document = null;
        }
        if (document && compiles(schema, document, 'Generated')) compiled++;
        await ask(compiledApp, body); // compiled on its second sighting
        const [viaCompiled, viaGraphql] = [await ask(compiledApp, body), await ask(interpretedApp, body)];
        expect(viaCompiled, query + '\n' + JSON.stringify(variables)).toEqual(viaGraphql);
      }),
      { numRuns: 300, seed: Number(process.env.PARITY_SEED ?? 20261205) },
    );
    // Not vacuous: most generated operations are ones compiled execution takes.
    expect(compiled / runs).toBeGreaterThan(0.5);
  }, 120_000);

  it('@include(if: null) through a variable with a default is refused as graphql refuses it', async () => {
    const query = 'query($v: Boolean = true) { inspectionYears @include(if: $v) { label } }';
    const compiledApp = createApp({ database: api.database, readModel: api.readModel, cacheTtlMs: 0, compileBudget: { take: () => true } });
    const ask = async () =>
      (
        await compiledApp.fetch('http://test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
          body: JSON.stringify({ query, variables: { v: null } }),
        })
      ).json();
    await ask();
    const answer = (await ask()) as { data?: unknown; errors?: { message: string }[] };
    expect(answer.data).toBeNull();
    expect(answer.errors?.[0]?.message).toBe('Argument "if" of non-null type "Boolean!" must not be null.');
  });
});
