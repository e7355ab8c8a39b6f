// One year and pillar's grades (queries/year-grades.ts), loaded once per request whichever fields
// need them: compare, every force's peers and both sides of differences share one load.
import { memoized, type Context } from './builder.js';
import { loadYearGrades, type YearGrades } from '../queries/year-grades.js';

export const yearGrades = (context: Context, year: number, pillar: YearGrades['pillar']) =>
  memoized(context, `year-grades:${year}:${pillar}`, () => loadYearGrades(context.db, year, pillar));
