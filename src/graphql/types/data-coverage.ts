// dataCoverage: how complete the data is, per inspection year and pillar, before anyone trusts a
// comparison. Counted in one SQL statement grouped by question.
import { AGGREGATE } from '../aggregate.js';
import { builder } from '../builder.js';
import { PillarEnum } from '../enums.js';
import { GradeCountRef } from './grade-count.js';
import { loadCoverage, type Coverage, type QuestionCoverage } from '../../queries/data-coverage.js';
import { InspectionYearRef } from './inspection-year.js';
import { QuestionRef } from './question.js';

const QuestionCoverageRef = builder.objectRef<QuestionCoverage>('QuestionCoverage').implement({
  description: 'How many forces the data covers for one question of one inspection year.',
  fields: (t) => ({
    question: t.field({ type: QuestionRef, description: 'The question.', resolve: (c) => c.question }),
    forcesWithData: t.exposeInt('withData', {
      description: 'Forces with any finding on the question: a grade, or a state such as ungraded or carried over.',
    }),
    forcesGraded: t.exposeInt('graded', {
      description: 'Forces with a grade on the question (stated, or carried over from an earlier finding).',
    }),
    forcesWithoutData: t.int({
      description: 'Forces the data says nothing about for this question.',
      resolve: (c) => c.forceCount - c.withData,
    }),
    distribution: t.field({
      type: [GradeCountRef],
      description: "Forces per grade on the year's scale, best first (grades with no force included, as 0).",
      resolve: (c) => c.distribution,
    }),
  }),
});

const DataCoverageRef = builder.objectRef<Coverage>('DataCoverage').implement({
  extensions: AGGREGATE,
  description: 'Completeness of the data for one inspection year and pillar.',
  fields: (t) => ({
    inspectionYear: t.field({ type: InspectionYearRef, description: 'The inspection round.', resolve: (c) => c.inspectionYear }),
    pillar: t.field({ type: PillarEnum, nullable: true, description: 'The pillar; null from 2021/22.', resolve: (c) => c.pillar }),
    forceCount: t.exposeInt('forceCount', { description: 'Forces in the catalogue (43): the most any count here can reach.' }),
    overall: t.field({
      type: QuestionCoverageRef,
      nullable: true,
      description: 'Coverage of the overall judgement (the headline question); null when the pillar has no headline.',
      resolve: (c) => c.overall,
    }),
    questions: t.field({
      type: [QuestionCoverageRef],
      description: 'Coverage of each question under the headline, in catalogue order.',
      resolve: (c) => c.questions,
    }),
  }),
});

builder.queryField('dataCoverage', (t) =>
  t.field({
    type: [DataCoverageRef],
    description: 'Per inspection year and pillar, how many of the 43 forces have an overall grade and how many have each question graded.',
    args: {
      years: t.arg.intList({ description: 'Only these inspection years (first calendar years); all when omitted.' }),
      pillars: t.arg({ type: [PillarEnum], description: 'Only these pillars; all when omitted.' }),
    },
    resolve: (_parent, { years, pillars }, { db }) => loadCoverage(db, years, pillars),
  }),
);
