// The figures about the shipped data in the README and the docs/ pages, held against the fixtures
// themselves (csv-parse counts the rows), so that a change of data cannot leave a stale count behind.
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';
import { ERROR_CODES } from '../src/domain/error-codes.js';
import { IMPORT_ERROR_CODES } from '../src/domain/import-errors.js';
import { INPUT_LIMITS, PARSE_BUDGET } from '../src/domain/limits.js';
import { STALENESS_BOUND_MS } from '../src/queries/read-model.js';

const file = (name: string) => readFileSync(new URL(`../${name}`, import.meta.url), 'utf8');
const rows = (name: string) => (parse(file(`fixtures/${name}`), { columns: true }) as Record<string, string>[]).length;
const readme = [
  'README.md',
  ...readdirSync(new URL('../docs/', import.meta.url))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
]
  .map(file)
  .join('\n');
/** Every number the README writes before `words` (commas and line breaks allowed). */
const figuresBefore = (words: string) =>
  [...readme.matchAll(new RegExp(`(\\d{1,3}(?:,\\d{3})*)\\s+${words.replace(/ /g, '\\s+')}`, 'g'))].map((m) =>
    Number(m[1]!.replace(/,/g, '')),
  );

describe('the figures about the shipped data in the README and docs/', () => {
  it('counts the grade statements as fixtures/grades.csv holds them, wherever it gives the count', () => {
    const statements = rows('grades.csv');
    expect(statements).toBeGreaterThan(1_700);
    const stated = [...figuresBefore('source-cited grade statements'), ...figuresBefore('grade statements gathered')];
    expect(stated).toHaveLength(2);
    expect(stated).toEqual([statements, statements]);
  });

  it('counts the forces as fixtures/forces.csv holds them', () => {
    expect(figuresBefore('territorial forces')).toEqual([rows('forces.csv')]);
  });
});

describe("the README's own figures", () => {
  const own = file('README.md');

  it('keeps "Start here" to 40 lines', () => {
    const start = own.slice(own.indexOf('## Start here'), own.indexOf('\n## ', own.indexOf('## Start here') + 1));
    expect(start.split('\n').length).toBeLessThanOrEqual(40);
  });

  it('states the forces, the port and the freshness bound the code has', () => {
    expect([...own.matchAll(/(\d+) police forces/g)].map((m) => Number(m[1]))).toEqual([rows('forces.csv')]);
    expect(new Set([...own.matchAll(/localhost:(\d+)/g)].map((m) => Number(m[1])))).toEqual(new Set([readConfig({}).port]));
    expect([...own.matchAll(/within (\d+) s\b/g)].map((m) => Number(m[1]) * 1000)).toEqual([STALENESS_BOUND_MS]);
  });
});

describe('what docs/ says of imports', () => {
  it('names every import error code, and every code a refused request may carry', () => {
    const data = file('docs/data.md');
    expect(Object.keys(IMPORT_ERROR_CODES).filter((code) => !data.includes(`\`${code}\``))).toEqual([]);
    expect(Object.values(ERROR_CODES).filter((code) => !readme.includes(`\`${code}\``))).toEqual([]);
  });

  it("gives the parser's bounds and budget as src/domain/limits.ts sets them", () => {
    const configuration = file('docs/configuration.md').replace(/\s+/g, ' ');
    expect(configuration).toContain(`nested at most ${INPUT_LIMITS.maxHtmlDepth} deep`);
    expect(configuration).toContain(`at most ${INPUT_LIMITS.maxHtmlElements.toLocaleString('en-GB')} elements`);
    expect(configuration).toContain(`at most ${INPUT_LIMITS.maxHtmlAttributes} attributes on one element`);
    expect(configuration).toContain(`may take ${PARSE_BUDGET.timeMs / 1000} s and ${PARSE_BUDGET.memoryMb} MB of heap`);
    expect(configuration).toContain(
      `waiting for its turn after ${PARSE_BUDGET.waitMs / 1000} s, or arriving while ${PARSE_BUDGET.waiting} wait`,
    );
    expect(configuration).toContain(`at most ${INPUT_LIMITS.maxReportItems.toLocaleString('en-GB')} questions, paragraphs`);
  });
});
