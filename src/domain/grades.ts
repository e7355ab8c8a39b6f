// PEEL grades: their order (best first), the labels HMICFRS writes and the scores the API derives.

/** Best first: the database enum's order, and so its sort order. Adequate only from 2021/22. */
export const GRADES = ['outstanding', 'good', 'adequate', 'requires_improvement', 'inadequate'] as const;
export type Grade = (typeof GRADES)[number];

/** How many (forces or findings) have one grade: the building block of every distribution. */
export interface GradeCount {
  grade: Grade;
  count: number;
}

const gradeByLabel: Record<string, Grade> = {
  outstanding: 'outstanding',
  good: 'good',
  adequate: 'adequate',
  'requires improvement': 'requires_improvement',
  inadequate: 'inadequate',
};

/** The grade a label names ("Requires improvement", any case and spacing), or undefined. */
export function gradeFromLabel(label: string): Grade | undefined {
  return gradeByLabel[label.trim().replace(/\s+/g, ' ').toLowerCase()];
}

export const gradeLabels: Record<Grade, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  adequate: 'Adequate',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
};

/** 5 Outstanding … 1 Inadequate: the same in every year, so scores compare across years. */
export const gradeScores: Record<Grade, number> = {
  outstanding: 5,
  good: 4,
  adequate: 3,
  requires_improvement: 2,
  inadequate: 1,
};
