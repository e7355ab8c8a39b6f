// GradeCount: how many forces got one grade; the building block of every distribution.
import { builder } from '../builder.js';
import { GradeEnum } from '../enums.js';
import type { GradeCount } from '../../domain/grades.js';

export type { GradeCount };

export const GradeCountRef = builder.objectRef<GradeCount>('GradeCount').implement({
  description: 'How many forces (or findings) have one grade.',
  fields: (t) => ({
    grade: t.field({ type: GradeEnum, description: 'The grade.', resolve: (c) => c.grade }),
    count: t.exposeInt('count', { description: 'How many have it.' }),
  }),
});
