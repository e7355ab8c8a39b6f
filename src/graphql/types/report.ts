// Report: one force's inspection report for one year and pillar.
import { builder } from '../builder.js';
import { DateScalar } from '../scalars.js';
import { GradeEnum, PillarEnum } from '../enums.js';
import { ContentBlockUnion, contentBlocksSelection } from './content-block.js';

export const ReportRef = builder.drizzleNode('reports', {
  name: 'Report',
  description:
    "One force's PEEL report for one inspection year and pillar: the headline question, overall grade, summary and a finding per question.",
  id: { column: (report) => report.id },
  fields: (t) => ({
    force: t.relation('force', { description: 'The inspected force.' }),
    inspectionYear: t.relation('inspectionYear', { description: 'The inspection round.' }),
    pillar: t.expose('pillar', { type: PillarEnum, nullable: true, description: 'The pillar; null from 2021/22.' }),
    question: t.relation('headlineQuestion', {
      nullable: true,
      description: 'The headline question, e.g. "How effective is the force at keeping people safe and reducing crime?".',
    }),
    grade: t.field({
      type: GradeEnum,
      nullable: true,
      description: 'The overall judgement for the pillar; null when none is known.',
      select: { with: { headlineFinding: { columns: { grade: true } } } },
      resolve: (report) => report.headlineFinding?.grade ?? null,
    }),
    lastUpdated: t.field({
      type: DateScalar,
      nullable: true,
      description: 'The page\'s "Last updated" date; null when only the grades are known.',
      resolve: (report) => report.lastUpdated,
    }),
    sourceUrl: t.exposeString('sourceUrl', { nullable: true, description: 'The report page this content was imported from.' }),
    summary: t.field({
      type: [ContentBlockUnion],
      description: 'The summary under the overall grade, in page order; empty when no page was imported.',
      select: { with: { headlineFinding: { columns: {}, with: contentBlocksSelection } } },
      resolve: (report) => report.headlineFinding?.contentBlocks ?? [],
    }),
    findings: t.relation('findings', {
      description: "One finding per question of the report (the headline excluded), in the report's order.",
      query: { where: { question: { headline: false } }, orderBy: { position: 'asc' } },
    }),
  }),
});

builder.queryFields((t) => ({
  report: t.drizzleField({
    type: 'reports',
    nullable: true,
    description: "One force's report for an inspection year and pillar; null when none is known.",
    args: {
      force: t.arg.string({ required: true, description: 'Force slug, e.g. "cambridgeshire".' }),
      year: t.arg.int({ required: true, description: 'First calendar year of the round, e.g. 2017 (2018 for 2018/19).' }),
      pillar: t.arg({ type: PillarEnum, description: 'The pillar; omit or null for 2021/22 and later, which have none.' }),
    },
    resolve: (query, _parent, { force, year, pillar }, { db }) =>
      db.query.reports.findFirst(
        query({
          where: {
            force: { slug: force },
            inspectionYear: { year },
            pillar: pillar ? pillar : { isNull: true },
          },
        }),
      ),
  }),
}));
