// compare: forces side by side for one inspection year and pillar, one row per question, with the
// national distribution, each force's rank and its distance from the national median.
import { AGGREGATE } from '../aggregate.js';
import { builder } from '../builder.js';
import { read, yearGrades } from '../read.js';
import { GradeEnum, GradeStatusEnum, PillarEnum } from '../enums.js';
import { forcesBySlug, type FindingRow, type ForceRow, type QuestionRow, type YearGrades } from '../../queries/year-grades.js';
import {
  compareForces,
  scoreOf,
  summarizeQuestions,
  type ComparisonCell,
  type ComparisonRow,
  type QuestionSummary,
} from '../../analysis/compare.js';
import { ForceRef } from './force.js';
import { FindingRef } from './finding.js';
import { GradeCountRef } from './grade-count.js';
import { InspectionYearRef } from './inspection-year.js';
import { QuestionRef } from './question.js';

type Cell = ComparisonCell<ForceRow, FindingRow>;
type Row = ComparisonRow<QuestionRow, ForceRow, FindingRow>;

interface Comparison {
  data: YearGrades;
  forces: ForceRow[];
  rows: Row[];
}

const ComparisonCellRef = builder.objectRef<Cell>('ComparisonCell').implement({
  description: 'One force on one question: its finding, grade, rank among graded forces and distance from the median.',
  fields: (t) => ({
    force: t.field({ type: ForceRef, description: 'The force.', resolve: (c) => c.force }),
    finding: t.field({
      type: FindingRef,
      nullable: true,
      description: 'The finding, with its text and sources; null when there is no data.',
      resolve: (c) => c.finding,
    }),
    grade: t.field({
      type: GradeEnum,
      nullable: true,
      description: 'The grade; null when ungraded or no data.',
      resolve: (c) => c.finding?.grade ?? null,
    }),
    score: t.int({
      nullable: true,
      description: '5 Outstanding … 1 Inadequate; null when ungraded or no data.',
      resolve: (c) => scoreOf(c.finding),
    }),
    gradeStatus: t.field({
      type: GradeStatusEnum,
      nullable: true,
      description: 'Whether there is a grade and if not why; null when the data has nothing on this force and question.',
      resolve: (c) => c.finding?.gradeStatus ?? null,
    }),
    hasData: t.boolean({
      description: 'Whether the data has any finding for this force and question.',
      resolve: (c) => c.finding !== null,
    }),
    carriedOverFrom: t.field({
      type: InspectionYearRef,
      nullable: true,
      description: 'The earlier round whose judgement still stands, when not re-inspected.',
      resolve: (c, _args, context) => {
        const yearId = c.finding?.carriedOverFromId;
        return yearId ? read(context, (s) => s.yearById.get(yearId)!) : null;
      },
    }),
    rank: t.int({
      nullable: true,
      description: 'Rank among all forces graded on this question (1 = best; ties share a rank); null when ungraded.',
      resolve: (c) => c.rank,
    }),
    differenceFromMedian: t.float({
      nullable: true,
      description: 'Score minus the national median score on this question (positive = better than the median).',
      resolve: (c) => c.differenceFromMedian,
    }),
  }),
});

const ComparisonRowRef = builder.objectRef<Row>('ComparisonRow').implement({
  description: 'One question: a cell per requested force and the national picture across all 43.',
  fields: (t) => ({
    question: t.field({ type: QuestionRef, description: 'The question (the headline first).', resolve: (r) => r.question }),
    cells: t.field({
      type: [ComparisonCellRef],
      description: 'One cell per requested force, in the order requested.',
      resolve: (r) => r.cells,
    }),
    distribution: t.field({
      type: [GradeCountRef],
      description: 'Forces per grade across every force graded on this question that year, best first.',
      resolve: (r) => r.distribution,
    }),
    forcesGraded: t.exposeInt('forcesGraded', { description: 'Forces with a grade on this question.' }),
    forcesWithoutData: t.exposeInt('forcesWithoutData', { description: 'Forces the data says nothing about on this question.' }),
    medianScore: t.float({
      nullable: true,
      description: 'National median score of the graded forces; null when none is graded.',
      resolve: (r) => r.medianScore,
    }),
  }),
});

const ComparisonRef = builder.objectRef<Comparison>('Comparison').implement({
  extensions: AGGREGATE,
  description: 'Forces compared question by question for one inspection year and pillar.',
  fields: (t) => ({
    inspectionYear: t.field({ type: InspectionYearRef, description: 'The inspection round.', resolve: (c) => c.data.inspectionYear }),
    pillar: t.field({ type: PillarEnum, nullable: true, description: 'The pillar; null from 2021/22.', resolve: (c) => c.data.pillar }),
    forces: t.field({ type: [ForceRef], description: 'The forces compared, in the order requested.', resolve: (c) => c.forces }),
    rows: t.field({
      type: [ComparisonRowRef],
      description: 'One row per catalogue question: the headline first, then the report order.',
      resolve: (c) => c.rows,
    }),
  }),
});

/** Each year's national picture, kept with that year's data (and so with the snapshot it came from). */
const summaries = new WeakMap<YearGrades, QuestionSummary<QuestionRow, FindingRow>[]>();
function summariesOf(data: YearGrades) {
  let kept = summaries.get(data);
  if (!kept) summaries.set(data, (kept = summarizeQuestions(data)));
  return kept;
}

builder.queryField('compare', (t) =>
  t.field({
    type: ComparisonRef,
    description:
      'Puts forces side by side for one inspection year and pillar: a row per question, a cell per force, ' +
      'and the national distribution. Asking for all 43 forces costs the same as asking for two.',
    args: {
      forces: t.arg.stringList({ required: true, description: 'Force slugs in the order wanted, e.g. ["cambridgeshire", "essex"].' }),
      year: t.arg.int({ required: true, description: 'First calendar year of the round, e.g. 2017.' }),
      pillar: t.arg({ type: PillarEnum, description: 'The pillar; omit or null for 2021/22 and later.' }),
    },
    resolve: async (_parent, args, context) => {
      const data = await yearGrades(context, args.year, args.pillar ?? null);
      const forces = forcesBySlug(data.allForces, args.forces);
      return { data, forces, rows: compareForces(data, forces, summariesOf(data)) };
    },
  }),
);
