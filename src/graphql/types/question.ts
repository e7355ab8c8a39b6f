// Question: one question (or graded area) of an inspection year's catalogue.
import { builder } from '../builder.js';
import { ofQuestion } from '../read.js';
import { PillarEnum, QuestionGradingEnum, QuestionTextStatusEnum } from '../enums.js';

export const QuestionRef = builder.drizzleNode('questions', {
  name: 'Question',
  description: "A question of an inspection year (from 2021/22 a graded area). A pillar's headline question carries its overall grade.",
  id: { column: (question) => question.id },
  // Columns through plain resolvers, so rows loaded outside the planner are not fetched again (builder.ts);
  // relations read the in-memory snapshot (graphql/read.ts).
  fields: (t) => ({
    key: t.string({
      resolve: (row) => row.key,
      description: 'Stable key within the year and pillar, e.g. "eff_q2"; "overall" for a headline.',
    }),
    text: t.string({ resolve: (row) => row.text, description: "The wording; a report page's exact wording once one is imported." }),
    textStatus: t.field({
      resolve: (row) => row.textStatus,
      type: QuestionTextStatusEnum,
      description: 'Whether `text` is exact or a paraphrase.',
    }),
    pillar: t.field({ resolve: (row) => row.pillar, type: PillarEnum, nullable: true, description: 'The pillar; null from 2021/22.' }),
    position: t.int({ resolve: (row) => row.position, description: 'Order within the pillar: 0 for the headline, then 1, 2, …' }),
    graded: t.boolean({
      resolve: (row) => row.graded,
      nullable: true,
      description:
        'Whether HMICFRS grades this question for every force, as its catalogue says; null when the catalogue ' +
        'does not know. False also for a question graded for some forces only (the 2021/22 service to ' +
        'victims, graded for two trial forces): `grading` tells those apart.',
    }),
    grading: t.field({
      type: QuestionGradingEnum,
      nullable: true,
      resolve: (row) => row.grading,
      description:
        'Which forces the question is graded for: every force, some forces only (the catalogue says not ' +
        'graded, yet sources grade it for some) or never; null when the catalogue does not know and no source ' +
        'grades it.',
    }),
    theme: t.string({
      resolve: (row) => row.theme,
      description: 'Lines up reworded questions across years, e.g. "investigating-crime", "protecting-vulnerable-people".',
    }),
    headline: t.boolean({ resolve: (row) => row.headline, description: "Whether this is its pillar's headline question." }),
    sourceUrl: t.string({ resolve: (row) => row.sourceUrl, description: 'Where the wording comes from.' }),
    inspectionYear: t.field({
      type: 'InspectionYear',
      description: 'The round this question belongs to.',
      resolve: (question, _args, context) => ofQuestion(context, question, (s) => s.yearById.get(question.inspectionYearId)!),
    }),
    parent: t.field({
      type: 'Question',
      nullable: true,
      description: "The pillar's headline question; null for a headline.",
      resolve: (question, _args, context) =>
        question.parentId === null ? null : ofQuestion(context, question, (s) => s.questionById.get(question.parentId!)!),
    }),
  }),
});
