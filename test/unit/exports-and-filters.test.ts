// The export parameters, CSV writing, what a write invalidates, the SQL behind a filter, and the
// GraphQL input boundary (pure: no database).
import { parse, type GraphQLError } from 'graphql';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { findings } from '../../src/db/schema.js';
import { schema } from '../../src/graphql/schema.js';
import { findingConditions } from '../../src/queries/finding-filter.js';
import { csvLines, filterFromQuery } from '../../src/http/exports.js';
import { findInputViolation, useInputBoundary } from '../../src/http/input-boundary.js';

const params = (query: string) => new URLSearchParams(query);

describe('filterFromQuery', () => {
  it('reads lists, years and case-insensitive enum values', () => {
    expect(
      filterFromQuery(
        params(
          'year=2016,2017&pillar=Effectiveness&force=essex&force=kent&grade=requires improvement&question=eff_q3&theme=t&headline=true&evidence=Secondary-only',
        ),
      ),
    ).toEqual({
      years: [2016, 2017],
      pillars: ['effectiveness'],
      forces: ['essex', 'kent'],
      grades: ['requires_improvement'],
      questionKeys: ['eff_q3'],
      themes: ['t'],
      headline: true,
      evidence: ['secondary_only'],
    });
    expect(filterFromQuery(params(''))).toEqual({
      years: null,
      pillars: null,
      forces: null,
      grades: null,
      questionKeys: null,
      themes: null,
      headline: null,
      evidence: null,
    });
    expect(filterFromQuery(params('headline=false')).headline).toBe(false);
    expect(filterFromQuery(params('force= , essex ,')).forces).toEqual(['essex']);
  });
  it('refuses what it does not accept, naming the parameter and the rule', () => {
    const refusal = (query: string) => {
      try {
        filterFromQuery(params(query));
      } catch (error) {
        return { message: (error as Error).message, ...(error as { parameter?: string; rule?: string }) };
      }
      throw new Error(`accepted ${query}`);
    };
    expect(refusal('year=17')).toMatchObject({
      parameter: 'year',
      rule: 'not-accepted',
      message: expect.stringContaining('year=17 is not a year'),
    });
    expect(refusal('pillar=leadershipx')).toMatchObject({ parameter: 'pillar', rule: 'not-accepted' });
    expect(refusal('grade=great')).toMatchObject({ parameter: 'grade', rule: 'not-accepted' });
    expect(refusal('headline=yes')).toMatchObject({ parameter: 'headline', rule: 'not-accepted' });
    expect(refusal('headline=true,false')).toMatchObject({ parameter: 'headline' });
    expect(refusal('colour=red')).toMatchObject({
      rule: 'unknown-parameter',
      message: expect.stringContaining('unknown parameter(s) "colour"'),
    });
    expect(refusal('a=1&b=2&c=3&d=4&e=5&f=6').message).toContain('"e", …');
    expect(refusal(`theme=${'t'.repeat(65)}`)).toMatchObject({ parameter: 'theme', rule: 'too-long' });
    expect(refusal('question=a%00')).toMatchObject({ parameter: 'question', rule: 'nul-byte' });
    expect(refusal(`force=${Array.from({ length: 44 }, (_, i) => i).join(',')}`)).toMatchObject({
      parameter: 'force',
      rule: 'too-many-items',
    });
    expect(refusal(`theme=${Array.from({ length: 101 }, (_, i) => i).join(',')}`)).toMatchObject({
      parameter: 'theme',
      rule: 'too-many-items',
    });
    expect(filterFromQuery(params(`theme=${Array.from({ length: 100 }, (_, i) => i).join(',')}`)).themes).toHaveLength(100);
  });
});

describe('csvLines', () => {
  it('quotes what needs quoting, writes enums upper-case and booleans as words, and neutralises formulas', () => {
    const columns = ['force', 'grade', 'conflict', 'score', 'text'];
    const text = csvLines(columns, [
      { force: 'essex', grade: 'good', conflict: false, score: 4, text: 'plain' },
      { force: 'kent', grade: null, conflict: true, score: null, text: 'a, "quoted"\nline' },
      { force: '=1+1', grade: 'inadequate', conflict: false, score: 1, text: '@SUM(A1)' },
      { force: '+x', grade: 'good', conflict: false, score: 4, text: '-2' },
      { force: '\tx', grade: 'good', conflict: false, score: 4, text: '\rx' },
    ]);
    expect(text).toBe(
      'essex,GOOD,false,4,plain\r\n' +
        'kent,,true,,"a, ""quoted""\nline"\r\n' +
        "'=1+1,INADEQUATE,false,1,'@SUM(A1)\r\n" +
        "'+x,GOOD,false,4,'-2\r\n" +
        `'\tx,GOOD,false,4,"'\rx"\r\n`,
    );
  });
});

describe('findingConditions', () => {
  const dialect = new PgDialect();
  const render = (filter: Parameters<typeof findingConditions>[0]) => dialect.sqlToQuery(findingConditions(filter, findings));

  it('is true alone for no filter, and one condition per field given, with its values as parameters', () => {
    expect(render(null)).toEqual({ sql: 'true', params: [] });
    const all = render({
      forces: ['essex'],
      years: [2017],
      conflict: true,
      grades: ['good'],
      pillars: ['effectiveness'],
      questionKeys: ['eff_q3'],
      themes: ['t'],
      headline: false,
    });
    expect(all.sql).toContain('f.slug in ($1)');
    expect(all.sql).toContain('y.year in ($2)');
    expect(all.sql).toContain('"conflict" = $3');
    expect(all.sql).toContain('"grade"::text in ($4)');
    expect(all.sql).toContain('q.pillar::text in ($5) and q.key in ($6) and q.theme in ($7) and q.headline = $8');
    expect(all.params).toEqual(['essex', 2017, true, 'good', 'effectiveness', 'eff_q3', 't', false]);
    expect(render({ questionKeys: ['a', 'b'] })).toEqual({ sql: expect.stringContaining('where q.key in ($1, $2))'), params: ['a', 'b'] });
    expect(render({ headline: true }).params).toEqual([true]);
    expect(render({ conflict: false }).params).toEqual([false]);
  });
});

describe('findInputViolation', () => {
  const check = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
    findInputViolation(schema, parse(query), operationName, variables);

  it('finds the first broken rule, in literals and variables, inside inputs and lists', () => {
    expect(check('{ force(slug: "essex") { name } }')).toBeNull();
    expect(check('{ force(slug: "x\\u0000") { name } }')).toMatchObject({
      argument: 'Query.force(slug:)',
      violation: { rule: 'nul-byte' },
    });
    expect(check('query($s: String!) { force(slug: $s) { name } }', { s: 'a'.repeat(65) })).toMatchObject({
      argument: 'Query.force(slug:)',
      violation: { rule: 'too-long' },
    });
    expect(check('query($f: FindingFilter) { findings(filter: $f) { totalCount } }', { f: { themes: ['ok', 'bad\u0000'] } })).toMatchObject(
      { argument: 'Query.findings(filter:).themes[1]' },
    );
    expect(check('query($q: String!) { search(query: $q) { totalCount } }', { q: 'x'.repeat(500) })).toBeNull();
    expect(check('query($q: String!) { search(query: $q) { totalCount } }', { q: 'x'.repeat(501) })).toMatchObject({
      violation: { rule: 'too-long' },
    });
    expect(check('{ findings(after: "' + 'c'.repeat(128) + '") { totalCount } }')).toBeNull();
    expect(check('{ findings(after: "' + 'c'.repeat(129) + '") { totalCount } }')).toMatchObject({ argument: 'Query.findings(after:)' });
    expect(check('mutation($t: String!) { importReport(input: { text: $t }) { __typename } }', { t: 'x'.repeat(100_000) })).toBeNull();
    expect(
      check('mutation($u: String) { importReport(input: { text: "x", sourceUrl: $u }) { __typename } }', { u: 'x'.repeat(2049) }),
    ).toMatchObject({ argument: 'Mutation.importReport(input:).sourceUrl' });
  });

  it('counts lists as sent, before coercion, and only checks the operation asked for', () => {
    expect(check('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array.from({ length: 101 }, () => 'x') })).toMatchObject({
      argument: '$ids',
      violation: { rule: 'too-many-items' },
    });
    expect(
      check('query($f: [String!]!) { compare(forces: $f, year: 2017) { forces { slug } } }', { f: Array.from({ length: 44 }, () => 'x') }),
    ).toMatchObject({ argument: 'Query.compare(forces:)' });
    expect(
      check('query($f: [String!]!) { compare(forces: $f, year: 2017) { forces { slug } } }', { f: Array.from({ length: 43 }, () => 'x') }),
    ).toBeNull();
    const two = 'query A { force(slug: "essex") { name } } query B { force(slug: "x\\u0000") { name } }';
    expect(check(two, {}, 'A')).toBeNull();
    expect(check(two, {}, 'B')).toMatchObject({ argument: 'Query.force(slug:)' });
    // Wrongly typed variables are left to execution's own message.
    expect(check('query($s: String!) { force(slug: $s) { name } }', { s: 5 })).toBeNull();
    // Two operations and no name: execution refuses that itself.
    expect(check('query A { force(slug: "x\u0000") { name } } query B { forces { totalCount } }')).toBeNull();
  });

  it('reads fragments of the one operation, IDs and cursors at 128 characters, and nulls anywhere', () => {
    expect(check('{ force(slug: "essex") { ...F } } fragment F on Force { history(theme: "a\u0000") { id } }')).toMatchObject({
      argument: 'Force.history(theme:)',
    });
    expect(check(`{ node(id: "${'i'.repeat(128)}") { id } }`)).toBeNull();
    expect(check(`{ node(id: "${'i'.repeat(129)}") { id } }`)).toMatchObject({
      argument: 'Query.node(id:)',
      violation: { rule: 'too-long' },
    });
    expect(check(`{ findings(before: "${'c'.repeat(129)}") { totalCount } }`)).toMatchObject({ argument: 'Query.findings(before:)' });
    expect(
      check(
        'query($f: FindingFilter, $s: String) { findings(filter: $f) { totalCount } force(slug: "essex") { history(theme: $s) { id } } }',
        { f: { themes: null, forces: ['essex'] }, s: null },
      ),
    ).toBeNull();
  });

  it('refuses variables nested deeper than any input, and long lists wherever they sit in a variable', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 18; i++) deep = [deep];
    expect(check('query($f: [String!]!) { compare(forces: $f, year: 2017) { forces { slug } } }', { f: deep })).toEqual({
      argument: `$f${'[0]'.repeat(17)}`,
      violation: { rule: 'too-deep', message: 'nests deeper than 16 levels; no input of this API does' },
    });
    let shallow: unknown = 'x';
    for (let i = 0; i < 17; i++) shallow = [shallow];
    expect(check('query($f: [String!]!) { compare(forces: $f, year: 2017) { forces { slug } } }', { f: shallow })).toBeNull();
    expect(
      check('query($f: FindingFilter) { findings(filter: $f) { totalCount } }', { f: { years: Array.from({ length: 101 }, () => 2017) } }),
    ).toMatchObject({ argument: '$f.years' });
  });
});

describe('the boundary as a yoga plugin', () => {
  it('stops a violating operation with a 400 BAD_USER_INPUT naming the argument and the rule, and lets others run', () => {
    const plugin = useInputBoundary() as { onExecute: (payload: unknown) => void };
    const run = (query: string, variableValues: Record<string, unknown> = {}) => {
      let result: unknown;
      plugin.onExecute({
        args: { schema, document: parse(query), operationName: undefined, variableValues },
        setResultAndStopExecution: (r: unknown) => (result = r),
      });
      return result as { errors: GraphQLError[] } | undefined;
    };
    expect(run('{ force(slug: "essex") { name } }')).toBeUndefined();
    const stopped = run('query($s: String!) { force(slug: $s) { name } }', { s: 'kent\u0000' });
    expect(stopped!.errors).toHaveLength(1);
    const [error] = stopped!.errors;
    expect(error!.message).toBe('Query.force(slug:) contains a NUL character (U+0000), which is never accepted');
    expect(error!.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'Query.force(slug:)', rule: 'nul-byte', http: { status: 400 } });
  });
});
