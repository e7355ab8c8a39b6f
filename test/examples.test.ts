// The example notebook holds exactly the cells of its script (examples/build_notebook.py writes one
// from the other). Running both against a server is .ci/run's job: it needs Debian's pandas,
// matplotlib and nbconvert, which the test suite does not.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('examples/', () => {
  it('peel-comparison.ipynb matches peel_comparison.py', () => {
    const output = execFileSync('python3', ['examples/build_notebook.py', '--check'], { encoding: 'utf8' });
    expect(output).toContain('matches');
  });

  it('the notebook is stored without outputs and asks its GraphQL questions: history, rounds and differences', () => {
    const notebook = JSON.parse(readFileSync('examples/peel-comparison.ipynb', 'utf8')) as {
      cells: { cell_type: string; outputs?: unknown[]; source: string[] }[];
    };
    const code = notebook.cells.filter((c) => c.cell_type === 'code');
    expect(code.every((c) => c.outputs!.length === 0)).toBe(true);
    const source = code.map((c) => c.source.join('')).join('\n');
    expect(source).toContain('/export/grades.csv');
    expect(source.match(/graphql\(\n?\s*"""query/g)).toHaveLength(2);
    expect(source).toContain('graphql("{ inspectionYears { label comparableWithPrevious comparisonNote comparisonSourceUrl } }")');
    expect(source).toContain('/export/grades.csv?year=2023');
    expect(source).toContain('/export/peel.sqlite');
  });
});
