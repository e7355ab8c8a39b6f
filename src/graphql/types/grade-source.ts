// GradeSource: one source's statement about a finding's grade, with its URL.
import { builder } from '../builder.js';
import { read } from '../read.js';
import { GradeEnum, GradeStatusEnum, SourceBasisEnum, SourceKindEnum } from '../enums.js';
import type { SourceRow } from '../../queries/snapshot.js';

export const GradeSourceRef = builder.objectRef<SourceRow>('GradeSource').implement({
  description:
    "One source's statement about a finding: the grade or state it gives and where it says so. A finding " +
    'keeps every source; its own grade is chosen from them (the report page, then HMICFRS, then ' +
    'secondary; direct, then retrospective, then inferred).',
  fields: (t) => ({
    url: t.string({
      nullable: true,
      description: 'Where the statement is made; null only for a page imported without its URL.',
      resolve: (source) => source.url,
    }),
    kind: t.field({ type: SourceKindEnum, description: 'Who makes the statement.', resolve: (source) => source.kind }),
    basis: t.field({ type: SourceBasisEnum, description: 'How the source knows.', resolve: (source) => source.basis }),
    grade: t.field({
      type: GradeEnum,
      nullable: true,
      description: 'The grade this source states; null when it states none.',
      resolve: (source) => source.grade,
    }),
    gradeStatus: t.field({
      type: GradeStatusEnum,
      description: 'Whether this source states a grade, and if not, why.',
      resolve: (source) => source.gradeStatus,
    }),
    carriedOverFrom: t.field({
      type: 'InspectionYear',
      nullable: true,
      description: 'The earlier round whose judgement this source says still stands.',
      resolve: (source, _args, context) =>
        source.carriedOverFromId === null ? null : read(context, (s) => s.yearById.get(source.carriedOverFromId!)!),
    }),
    note: t.string({ nullable: true, description: 'The quote or caveat behind the statement.', resolve: (source) => source.note }),
  }),
});
