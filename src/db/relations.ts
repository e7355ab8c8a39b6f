// Relations for drizzle's relational queries (v2); plugin-drizzle plans GraphQL selections over them.
import { defineRelations } from 'drizzle-orm';
import * as schema from './schema.js';

export const relations = defineRelations(schema, (r) => ({
  forces: {
    reports: r.many.reports(),
    /** Every finding of every report of the force. */
    findings: r.many.findings({
      from: r.forces.id.through(r.reports.forceId),
      to: r.findings.reportId.through(r.reports.id),
    }),
  },
  inspectionYears: {
    questions: r.many.questions(),
    reports: r.many.reports(),
    grades: r.many.inspectionYearGrades(),
  },
  inspectionYearGrades: {
    inspectionYear: r.one.inspectionYears({
      from: r.inspectionYearGrades.inspectionYearId,
      to: r.inspectionYears.id,
      optional: false,
    }),
  },
  questions: {
    inspectionYear: r.one.inspectionYears({
      from: r.questions.inspectionYearId,
      to: r.inspectionYears.id,
      optional: false,
    }),
    parent: r.one.questions({ from: r.questions.parentId, to: r.questions.id, alias: 'questionParent' }),
    children: r.many.questions({ from: r.questions.id, to: r.questions.parentId, alias: 'questionParent' }),
    findings: r.many.findings(),
  },
  reports: {
    force: r.one.forces({ from: r.reports.forceId, to: r.forces.id, optional: false }),
    inspectionYear: r.one.inspectionYears({
      from: r.reports.inspectionYearId,
      to: r.inspectionYears.id,
      optional: false,
    }),
    headlineQuestion: r.one.questions({ from: r.reports.headlineQuestionId, to: r.questions.id }),
    /** The finding on the headline question: the overall grade and the summary. */
    headlineFinding: r.one.findings({
      from: [r.reports.id, r.reports.headlineQuestionId],
      to: [r.findings.reportId, r.findings.questionId],
      alias: 'reportHeadline',
    }),
    findings: r.many.findings({ from: r.reports.id, to: r.findings.reportId, alias: 'reportFindings' }),
    revisions: r.many.reportRevisions(),
  },
  reportRevisions: {
    report: r.one.reports({ from: r.reportRevisions.reportId, to: r.reports.id, optional: false }),
  },
  findings: {
    report: r.one.reports({ from: r.findings.reportId, to: r.reports.id, optional: false, alias: 'reportFindings' }),
    question: r.one.questions({ from: r.findings.questionId, to: r.questions.id, optional: false }),
    inspectionYear: r.one.inspectionYears({
      from: r.findings.inspectionYearId,
      to: r.inspectionYears.id,
      optional: false,
      alias: 'findingYear',
    }),
    carriedOverFrom: r.one.inspectionYears({
      from: r.findings.carriedOverFromId,
      to: r.inspectionYears.id,
      alias: 'findingCarriedOverFrom',
    }),
    gradeInheritedFrom: r.one.findings({
      from: r.findings.gradeInheritedFromId,
      to: r.findings.id,
      alias: 'findingGradeInheritedFrom',
    }),
    sources: r.many.findingSources(),
    contentBlocks: r.many.contentBlocks(),
    areasForImprovement: r.many.areasForImprovement(),
    causesOfConcern: r.many.causesOfConcern(),
  },
  findingSources: {
    finding: r.one.findings({ from: r.findingSources.findingId, to: r.findings.id, optional: false }),
    carriedOverFrom: r.one.inspectionYears({
      from: r.findingSources.carriedOverFromId,
      to: r.inspectionYears.id,
      alias: 'sourceCarriedOverFrom',
    }),
  },
  contentBlocks: {
    finding: r.one.findings({ from: r.contentBlocks.findingId, to: r.findings.id, optional: false }),
  },
  areasForImprovement: {
    finding: r.one.findings({ from: r.areasForImprovement.findingId, to: r.findings.id, optional: false }),
  },
  causesOfConcern: {
    finding: r.one.findings({ from: r.causesOfConcern.findingId, to: r.findings.id, optional: false }),
    recommendations: r.many.recommendations(),
  },
  recommendations: {
    causeOfConcern: r.one.causesOfConcern({
      from: r.recommendations.causeOfConcernId,
      to: r.causesOfConcern.id,
      optional: false,
    }),
  },
}));
