// gradeTable: the flat rows notebooks want, the same as the /export/grades.csv download.
import { AGGREGATE } from '../aggregate.js';
import { builder } from '../builder.js';
import { EvidenceEnum, GradeEnum, GradeStatusEnum, PillarEnum, SourceBasisEnum, SourceKindEnum } from '../enums.js';
import { collect, gradeTablePages, type GradeTableRow } from '../../queries/grade-table.js';
import { FindingFilter } from './finding-filter.js';

const GradeTableRowRef = builder.objectRef<GradeTableRow>('GradeTableRow').implement({
  extensions: AGGREGATE,
  description: 'One finding as a flat row: force, year, question and grade spelled out, ready for a data frame.',
  fields: (t) => ({
    force: t.exposeString('force', { description: 'Force slug, e.g. "cambridgeshire".' }),
    forceName: t.exposeString('forceName', { description: 'Force name, e.g. "Cambridgeshire Constabulary".' }),
    region: t.exposeString('region', { description: 'Region of the force, e.g. "East of England".' }),
    year: t.exposeInt('year', { description: 'First calendar year of the inspection round.' }),
    inspectionYear: t.exposeString('inspectionYear', { description: 'The round as HMICFRS writes it, e.g. "2018/19".' }),
    pillar: t.field({ type: PillarEnum, nullable: true, description: 'The pillar; null from 2021/22.', resolve: (r) => r.pillar }),
    questionKey: t.exposeString('questionKey', { description: 'Question key within the year and pillar ("overall" for the headline).' }),
    question: t.exposeString('question', { description: 'Question wording.' }),
    theme: t.exposeString('theme', { description: 'Question theme, stable across reworded years.' }),
    grade: t.field({ type: GradeEnum, nullable: true, description: 'The grade; null when ungraded.', resolve: (r) => r.grade }),
    score: t.int({ nullable: true, description: '5 Outstanding … 1 Inadequate; null when ungraded.', resolve: (r) => r.score }),
    gradeStatus: t.field({
      type: GradeStatusEnum,
      description: 'Whether there is a grade, and if not why.',
      resolve: (r) => r.gradeStatus,
    }),
    carriedOverFrom: t.exposeString('carriedOverFrom', {
      nullable: true,
      description: 'Label of the round the judgement was carried over from.',
    }),
    conflict: t.exposeBoolean('conflict', { description: 'Whether the sources disagree.' }),
    comparableWithPrevious: t.exposeBoolean('comparableWithPrevious', {
      description:
        "Whether HMICFRS says this round's grades can be compared with the previous round's: false for 2014, 2021/22 and " +
        '2023-25, so a change of grade into such a round is not by itself a change of performance.',
    }),
    evidence: t.field({
      type: EvidenceEnum,
      description: 'HMICFRS when an HMICFRS page states the judgement; SECONDARY_ONLY when only pages quoting HMICFRS do.',
      resolve: (r) => r.evidence,
    }),
    sourceUrl: t.exposeString('sourceUrl', { nullable: true, description: 'URL of the most authoritative source of the grade.' }),
    sourceKind: t.field({
      type: SourceKindEnum,
      description: 'Who that source is: the report page, an HMICFRS page, or a page quoting HMICFRS.',
      resolve: (r) => r.sourceKind,
    }),
    sourceBasis: t.field({ type: SourceBasisEnum, description: 'How that source knows the grade.', resolve: (r) => r.sourceBasis }),
    sourceCount: t.exposeInt('sourceCount', {
      description: 'How many statements the data holds about this finding (see Finding.sources).',
    }),
  }),
});

builder.queryField('gradeTable', (t) =>
  t.field({
    type: [GradeTableRowRef],
    description:
      'Findings as flat rows, by year, force, pillar and question, for notebooks and spreadsheets. The same ' +
      'rows download as CSV or NDJSON from /export/grades.csv and /export/grades.ndjson.',
    args: { filter: t.arg({ type: FindingFilter, description: 'Which findings; all when omitted.' }) },
    resolve: (_parent, { filter }, { db }) => collect(gradeTablePages(db, filter)),
  }),
);
