// GradeCount: how many forces got one grade; the building block of every distribution.
import { builder } from '../builder.js';
import { GradeEnum } from '../enums.js';
import type { Grade } from '../../domain/grades.js';

export interface GradeCount {
  grade: Grade;
  count: number;
}

export const GradeCountRef = builder.objectRef<GradeCount>('GradeCount').implement({
  description: 'How many forces (or findings) have one grade.',
  fields: (t) => ({
    grade: t.field({ type: GradeEnum, description: 'The grade.', resolve: (c) => c.grade }),
    count: t.exposeInt('count', { description: 'How many have it.' }),
  }),
});

/** Counts per grade of a year's scale, best first, including grades nobody got (as 0). */
export function distributionOf(scale: readonly Grade[], grades: readonly (Grade | null)[]): GradeCount[] {
  return scale.map((grade) => ({ grade, count: grades.filter((g) => g === grade).length }));
}
