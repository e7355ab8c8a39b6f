// gradeCounts: counts per grade for groups of findings, grouped in SQL (GROUP BY), so "how did
// East of England forces fare on protecting vulnerable people, year by year?" is one request.
import { GraphQLError } from 'graphql';
import { AGGREGATE } from '../aggregate.js';
import { builder } from '../builder.js';
import { PillarEnum } from '../enums.js';
import { countGrades, type Dimension, type GradeCountGroup as Group } from '../../queries/grade-counts.js';
import { FindingFilter } from './finding-filter.js';
import { GradeCountRef } from './grade-count.js';

const GradeCountDimensionEnum = builder.enumType('GradeCountDimension', {
  description: 'What to group findings by in gradeCounts.',
  values: {
    YEAR: { value: 'year', description: 'Inspection year.' },
    PILLAR: { value: 'pillar', description: 'Pillar.' },
    QUESTION: {
      value: 'question',
      description: "Question (each year's questions are distinct; group by THEME to follow one across years).",
    },
    THEME: { value: 'theme', description: 'Question theme, stable across reworded years.' },
    REGION: { value: 'region', description: 'Region of the force.' },
    COUNTRY: { value: 'country', description: 'England or Wales.' },
    FORCE: { value: 'force', description: 'Force.' },
  } as const,
});

const GradeCountGroupRef = builder.objectRef<Group>('GradeCountGroup').implement({
  extensions: AGGREGATE,
  description: 'Counts per grade for one group of findings; only the fields named in groupBy are set.',
  fields: (t) => ({
    year: t.int({
      nullable: true,
      description: 'Inspection year (first calendar year), when grouped by YEAR.',
      resolve: (g) => g.year ?? null,
    }),
    inspectionYear: t.string({
      nullable: true,
      description: 'Inspection year label, when grouped by YEAR.',
      resolve: (g) => g.inspectionYear ?? null,
    }),
    pillar: t.field({
      type: PillarEnum,
      nullable: true,
      description: 'Pillar, when grouped by PILLAR (null also for pillar-less years).',
      resolve: (g) => g.pillar ?? null,
    }),
    questionKey: t.string({
      nullable: true,
      description: 'Question key, when grouped by QUESTION.',
      resolve: (g) => g.questionKey ?? null,
    }),
    question: t.string({ nullable: true, description: 'Question wording, when grouped by QUESTION.', resolve: (g) => g.question ?? null }),
    theme: t.string({ nullable: true, description: 'Question theme, when grouped by THEME.', resolve: (g) => g.theme ?? null }),
    region: t.string({ nullable: true, description: 'Region, when grouped by REGION.', resolve: (g) => g.region ?? null }),
    country: t.string({ nullable: true, description: 'Country, when grouped by COUNTRY.', resolve: (g) => g.country ?? null }),
    force: t.string({ nullable: true, description: 'Force slug, when grouped by FORCE.', resolve: (g) => g.force ?? null }),
    forceName: t.string({ nullable: true, description: 'Force name, when grouped by FORCE.', resolve: (g) => g.forceName ?? null }),
    findings: t.exposeInt('findings', { description: 'Findings in the group, graded or not.' }),
    graded: t.exposeInt('graded', { description: 'Findings in the group with a grade.' }),
    meanScore: t.float({
      nullable: true,
      description: 'Mean score of the graded findings (5 Outstanding … 1 Inadequate).',
      resolve: (g) => g.meanScore,
    }),
    distribution: t.field({
      type: [GradeCountRef],
      description: 'Findings per grade, best first, every grade listed.',
      resolve: (g) => g.distribution,
    }),
  }),
});

builder.queryField('gradeCounts', (t) =>
  t.field({
    type: [GradeCountGroupRef],
    description:
      'Counts findings per grade in groups (e.g. groupBy: [YEAR, REGION]), computed in SQL. With an empty groupBy, one group of everything that matches.',
    args: {
      filter: t.arg({ type: FindingFilter, description: 'Which findings to count; all when omitted.' }),
      groupBy: t.arg({ type: [GradeCountDimensionEnum], required: true, description: 'Dimensions to group by, in order.' }),
    },
    resolve: async (_parent, { filter, groupBy }, { db }) => {
      const dimensions = [...new Set(groupBy)] as Dimension[];
      if (dimensions.length !== groupBy.length) throw new GraphQLError('groupBy names a dimension more than once');
      return countGrades(db, filter, dimensions);
    },
  }),
);
