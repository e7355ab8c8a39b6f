// The comparison the example prints: one force's questions in one round and pillar, each with its
// grade, its rank among the forces graded on it, and the national median. The document below is
// read by npm run codegen, which types its variables and result (gql/graphql.ts) and gives it a
// hash in the persisted-documents manifest (gql/persisted-documents.json).
import { graphql } from './gql/index.js';
import type { ForceComparisonQuery } from './gql/graphql.js';

export const ForceComparison = graphql(`
  query ForceComparison($force: String!, $year: Int!, $pillar: Pillar!) {
    compare(forces: [$force], year: $year, pillar: $pillar) {
      inspectionYear {
        label
      }
      forces {
        name
      }
      rows {
        question {
          text
          graded
        }
        cells {
          grade
          rank
        }
        forcesGraded
        medianScore
      }
    }
  }
`);

/** How HMICFRS writes each grade (the Grade enum's values are the API's names). */
const GRADE_WORDS = {
  OUTSTANDING: 'Outstanding',
  GOOD: 'Good',
  ADEQUATE: 'Adequate',
  REQUIRES_IMPROVEMENT: 'Requires improvement',
  INADEQUATE: 'Inadequate',
} as const;

/** 1 → "1st", 2 → "2nd", 11 → "11th", 23 → "23rd". */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** The lines printed: a heading, then per question its grade, "Nth of M" and the national median. */
export function describeComparison({ compare }: ForceComparisonQuery): string[] {
  const force = compare.forces[0]?.name ?? 'the force';
  const lines = [
    `${force}, ${compare.inspectionYear.label}`,
    'Ranks count the forces graded on each question; medians are scores (5 Outstanding, 4 Good, 3 Adequate, 2 Requires improvement, 1 Inadequate).',
  ];
  for (const row of compare.rows) {
    const cell = row.cells[0];
    const grade = cell?.grade ? GRADE_WORDS[cell.grade] : row.question.graded ? 'no grade in the data' : 'not graded';
    const rank = cell?.rank ? `, ${ordinal(cell.rank)} of ${row.forcesGraded}` : '';
    const median = row.medianScore === null || row.medianScore === undefined ? '' : `, national median ${row.medianScore}`;
    lines.push(`- ${row.question.text}: ${grade}${rank}${median}`);
  }
  return lines;
}
