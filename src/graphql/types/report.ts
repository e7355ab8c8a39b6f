// Report: one force's inspection report for one year and pillar.
import { builder } from '../builder.js';
import { DateScalar } from '../scalars.js';
import { GradeEnum, PillarEnum } from '../enums.js';
import { ContentBlockUnion } from './content-block.js';
import { ForceRef } from './force.js';
import { FindingRef } from './finding.js';
import { InspectionYearRef } from './inspection-year.js';
import { QuestionRef } from './question.js';
import { ofReport, read } from '../read.js';
import { reportKey, type ReportRow, type Snapshot } from '../../queries/snapshot.js';

export const ReportRef = builder.drizzleNode('reports', {
  name: 'Report',
  description:
    "One force's PEEL report for one inspection year and pillar: the headline question, overall grade, summary and a finding per question.",
  id: { column: (report) => report.id },
  // Fields read the in-memory snapshot (graphql/read.ts): no SQL per request.
});

// Fields apart from the type, so the refs of types that point at each other do not infer each other.
builder.drizzleObjectFields(ReportRef, (t) => ({
  force: t.field({
    type: ForceRef,
    description: 'The inspected force.',
    resolve: (report, _args, context) => ofReport(context, report, (s) => s.forceById.get(report.forceId)!),
  }),
  inspectionYear: t.field({
    type: InspectionYearRef,
    description: 'The inspection round.',
    resolve: (report, _args, context) => ofReport(context, report, (s) => s.yearById.get(report.inspectionYearId)!),
  }),
  pillar: t.field({ type: PillarEnum, nullable: true, description: 'The pillar; null from 2021/22.', resolve: (report) => report.pillar }),
  question: t.field({
    type: QuestionRef,
    nullable: true,
    description: 'The headline question, e.g. "How effective is the force at keeping people safe and reducing crime?".',
    resolve: (report, _args, context) =>
      report.headlineQuestionId === null ? null : ofReport(context, report, (s) => s.questionById.get(report.headlineQuestionId!)!),
  }),
  grade: t.field({
    type: GradeEnum,
    nullable: true,
    description: 'The overall judgement for the pillar; null when none is known.',
    resolve: (report, _args, context) => ofReport(context, report, (s) => headlineFinding(s, report)?.grade ?? null),
  }),
  lastUpdated: t.field({
    type: DateScalar,
    nullable: true,
    description: 'The page\'s "Last updated" date; null when only the grades are known.',
    resolve: (report) => report.lastUpdated,
  }),
  sourceUrl: t.string({
    nullable: true,
    description: 'The report page this content was imported from.',
    resolve: (report) => report.sourceUrl,
  }),
  summary: t.field({
    type: [ContentBlockUnion],
    description: 'The summary under the overall grade, in page order; empty when no page was imported.',
    resolve: (report, _args, context) =>
      ofReport(context, report, (s) => {
        const headline = headlineFinding(s, report);
        return headline ? (s.contentOfFinding.get(headline.id) ?? []) : [];
      }),
  }),
  findings: t.field({
    type: [FindingRef],
    description: "One finding per question of the report (the headline excluded), in the report's order.",
    resolve: (report, _args, context) =>
      ofReport(context, report, (s) =>
        (s.findingsOfReport.get(report.id) ?? []).filter((f) => !s.questionById.get(f.questionId)!.headline),
      ),
  }),
}));

/** The finding on the report's headline question: the overall grade and the summary. */
function headlineFinding(snapshot: Snapshot, report: ReportRow) {
  return snapshot.findingsOfReport.get(report.id)?.find((f) => f.questionId === report.headlineQuestionId);
}

builder.queryFields((t) => ({
  report: t.field({
    type: ReportRef,
    nullable: true,
    description: "One force's report for an inspection year and pillar; null when none is known.",
    args: {
      force: t.arg.string({ required: true, description: 'Force slug, e.g. "cambridgeshire".' }),
      year: t.arg.int({ required: true, description: 'First calendar year of the round, e.g. 2017 (2018 for 2018/19).' }),
      pillar: t.arg({ type: PillarEnum, description: 'The pillar; omit or null for 2021/22 and later, which have none.' }),
    },
    resolve: (_parent, { force, year, pillar }, context) =>
      read(context, (s) => {
        const forceRow = s.forceBySlug.get(force);
        const yearRow = s.yearByYear.get(year);
        return forceRow && yearRow ? (s.reportByKey.get(reportKey(forceRow.id, yearRow.id, pillar ?? null)) ?? null) : null;
      }),
  }),
}));
