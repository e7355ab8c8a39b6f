// Finding: what one report says on one question, with its grade and narrative.
import { sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { withClientCursors } from '../cursor-errors.js';
import { builder } from '../builder.js';
import { EvidenceEnum, GradeEnum, GradeStatusEnum } from '../enums.js';
import { gradeScores } from '../../domain/grades.js';
import { ContentBlockUnion } from './content-block.js';
import { FindingFilter } from './finding-filter.js';
import { ForceRef } from './force.js';
import { InspectionYearRef } from './inspection-year.js';
import { QuestionRef } from './question.js';
import { AreaForImprovementRef, CauseOfConcernRef } from './narrative.js';
import { GradeSourceRef } from './grade-source.js';
import { ofFinding } from '../read.js';
import { findingConditions } from '../../queries/finding-filter.js';
import { findings } from '../../db/schema.js';
import { scoreSql } from '../../db/score-sql.js';

export const FindingRef = builder.drizzleNode('findings', {
  name: 'Finding',
  description:
    'What one report says on one question for one force and year: the grade (or why there is none), the narrative, and what to fix.',
  id: { column: (finding) => finding.id },
  // Columns and relations through plain resolvers: relations read the in-memory snapshot (graphql/read.ts).
});

// Fields apart from the type, so the refs of types that point at each other do not infer each other.
builder.drizzleObjectFields(FindingRef, (t) => ({
  report: t.field({
    type: 'Report',
    description: 'The report this finding is part of.',
    resolve: (finding, _args, context) => ofFinding(context, finding, (s) => s.reportById.get(finding.reportId)!),
  }),
  force: t.field({
    type: ForceRef,
    description: "The inspected force (the report's force).",
    resolve: (finding, _args, context) => ofFinding(context, finding, (s) => s.forceById.get(s.reportById.get(finding.reportId)!.forceId)!),
  }),
  inspectionYear: t.field({
    type: InspectionYearRef,
    description: 'The inspection round.',
    resolve: (finding, _args, context) => ofFinding(context, finding, (s) => s.yearById.get(finding.inspectionYearId)!),
  }),
  question: t.field({
    type: QuestionRef,
    description: 'The question answered.',
    resolve: (finding, _args, context) => ofFinding(context, finding, (s) => s.questionById.get(finding.questionId)!),
  }),
  theme: t.string({
    description: 'The question\'s theme, which lines up reworded questions across years (e.g. "investigating-crime").',
    resolve: (finding, _args, context) => ofFinding(context, finding, (s) => s.questionById.get(finding.questionId)!.theme),
  }),
  grade: t.field({
    resolve: (row) => row.grade,
    type: GradeEnum,
    nullable: true,
    description: 'The grade; null when ungraded or unknown (see gradeStatus).',
  }),
  gradeStatus: t.field({
    resolve: (row) => row.gradeStatus,
    type: GradeStatusEnum,
    description: 'Whether there is a grade, and if not, why.',
  }),
  score: t.int({
    nullable: true,
    description: '5 Outstanding, 4 Good, 3 Adequate, 2 Requires improvement, 1 Inadequate; null when ungraded.',
    resolve: (finding) => (finding.grade ? gradeScores[finding.grade] : null),
  }),
  carriedOverFrom: t.field({
    type: InspectionYearRef,
    nullable: true,
    description: 'The earlier round whose judgement still stands, when the question was not re-inspected.',
    resolve: (finding, _args, context) =>
      finding.carriedOverFromId === null ? null : ofFinding(context, finding, (s) => s.yearById.get(finding.carriedOverFromId!)!),
  }),
}));

// Added after the type is declared, since gradeInheritedFrom returns the type itself; the fields keep their SDL order.
builder.drizzleObjectFields(FindingRef, (t) => ({
  gradeInheritedFrom: t.field({
    type: FindingRef,
    nullable: true,
    description:
      'When the sources say the judgement was carried over without stating it (gradeStatus NOT_STATED), the earlier finding whose grade `grade` repeats.',
    resolve: (finding, _args, context) =>
      finding.gradeInheritedFromId === null ? null : ofFinding(context, finding, (s) => s.findingById.get(finding.gradeInheritedFromId!)!),
  }),
  questionAsPrinted: t.string({
    nullable: true,
    resolve: (row) => row.questionAsPrinted,
    description:
      "The question as this report's imported page printed it, where that differs from `question.text` (typography, spacing, invisible characters); null otherwise. Only this report shows it: the catalogue's wording, shared by every force, comes from the curated fixtures.",
  }),
  conflict: t.boolean({
    resolve: (row) => row.conflict,
    description: 'Whether the sources disagree on the grade or on the year it was carried over from; see `sources`.',
  }),
  evidence: t.field({
    type: EvidenceEnum,
    resolve: (row) => row.evidence,
    description:
      'What the judgement rests on: HMICFRS when an HMICFRS page states it, SECONDARY_ONLY when only pages quoting HMICFRS do; `sources` lists them with their kind and basis.',
  }),
  sources: t.field({
    type: [GradeSourceRef],
    description: "Every source that states this finding's grade or state, most authoritative first.",
    resolve: (finding, _args, context) => ofFinding(context, finding, (s) => s.sourcesOfFinding.get(finding.id) ?? []),
  }),
  position: t.int({ resolve: (row) => row.position, description: 'Order within the report: 0 for the headline, then page order.' }),
  content: t.field({
    type: [ContentBlockUnion],
    description: 'The narrative under this question, paragraphs and bullet lists in page order.',
    resolve: (finding, _args, context) => ofFinding(context, finding, (s) => s.contentOfFinding.get(finding.id) ?? []),
  }),
  areasForImprovement: t.field({
    type: [AreaForImprovementRef],
    description: 'Areas for improvement under this question, in page order.',
    resolve: (finding, _args, context) => ofFinding(context, finding, (s) => s.areasOfFinding.get(finding.id) ?? []),
  }),
  causesOfConcern: t.field({
    type: [CauseOfConcernRef],
    description: 'Causes of concern under this question, in page order, with their recommendations.',
    resolve: (finding, _args, context) => ofFinding(context, finding, (s) => s.causesOfFinding.get(finding.id) ?? []),
  }),
}));

const FindingOrderEnum = builder.enumType('FindingOrder', {
  description: 'A sort key for findings; several apply in the order given, and ties end in a stable order.',
  values: {
    YEAR_ASC: { value: 'year:asc', description: 'Oldest inspection year first.' },
    YEAR_DESC: { value: 'year:desc', description: 'Newest inspection year first.' },
    SCORE_DESC: { value: 'score:desc', description: 'Best grade first (ungraded last).' },
    SCORE_ASC: { value: 'score:asc', description: 'Worst grade first (ungraded first).' },
    FORCE_NAME_ASC: { value: 'forceName:asc', description: 'Force name A to Z.' },
    FORCE_NAME_DESC: { value: 'forceName:desc', description: 'Force name Z to A.' },
  } as const,
});

/** Sort expressions for FindingOrder; never null, so cursors can page past every row. */
const findingSortExtras = {
  year: (table: typeof findings) => sql<number>`(select y.year from inspection_years y where y.id = ${table.inspectionYearId})`,
  score: (table: typeof findings) => sql<number>`coalesce(${scoreSql(table.grade)}, 0)`,
  forceName: (table: typeof findings) =>
    sql<string>`(select fo.name from reports r join forces fo on fo.id = r.force_id where r.id = ${table.reportId})`,
};

function findingSort(orderBy: readonly string[] | null | undefined) {
  const keys = (orderBy ?? []).map((entry) => entry.split(':') as [keyof typeof findingSortExtras, 'asc' | 'desc']);
  const names = [...new Set(keys.map(([name]) => name))];
  if (names.length !== keys.length) throw new GraphQLError('orderBy names a sort key more than once');
  return {
    extras: Object.fromEntries(names.map((name) => [name, findingSortExtras[name]])),
    orderBy: { ...Object.fromEntries(keys), id: 'asc' as const },
  };
}

builder.queryFields((t) => ({
  findings: t.drizzleConnection(
    {
      type: 'findings',
      description: 'Findings across forces and years, filtered and ordered; cursors stay valid because ties end in a stable order.',
      args: {
        filter: t.arg({ type: FindingFilter, description: 'Which findings to return.' }),
        orderBy: t.arg({
          type: [FindingOrderEnum],
          description: 'Sort keys in order of importance, e.g. [YEAR_DESC, SCORE_ASC]; the default is a stable internal order.',
        }),
      },
      totalCount: (_parent, { filter }, { db }) => db.$count(findings, findingConditions(filter, findings)),
      resolve: (query, _parent, { filter, orderBy, after, before }, { db }) =>
        withClientCursors({ after, before }, () =>
          db.query.findings.findMany(
            query({ where: { RAW: (table: typeof findings) => findingConditions(filter, table) }, ...findingSort(orderBy) } as never),
          ),
        ),
    },
    { name: 'FindingConnection', description: 'A page of findings.' },
    { name: 'FindingEdge', description: 'A finding with its cursor.' },
  ),
}));
