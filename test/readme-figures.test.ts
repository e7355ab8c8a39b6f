// The README's figures about the shipped data, held against the fixtures themselves (csv-parse
// counts the rows), so that a change of data cannot leave a stale count behind.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

const file = (name: string) => readFileSync(new URL(`../${name}`, import.meta.url), 'utf8');
const rows = (name: string) => (parse(file(`fixtures/${name}`), { columns: true }) as Record<string, string>[]).length;
const readme = file('README.md');
/** Every number the README writes before `words` (commas and line breaks allowed). */
const figuresBefore = (words: string) =>
  [...readme.matchAll(new RegExp(`(\\d{1,3}(?:,\\d{3})*)\\s+${words.replace(/ /g, '\\s+')}`, 'g'))].map((m) =>
    Number(m[1]!.replace(/,/g, '')),
  );

describe("the README's figures about the shipped data", () => {
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
