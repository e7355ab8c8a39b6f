// GradeSource: one source's statement about a finding's grade, with its URL.
import { builder } from '../builder.js';
import { GradeEnum, GradeStatusEnum, SourceBasisEnum, SourceKindEnum } from '../enums.js';

export const GradeSourceRef = builder.drizzleObject('findingSources', {
  name: 'GradeSource',
  description:
    "One source's statement about a finding: the grade or state it gives and where it says so. A finding " +
    'keeps every source; its own grade is chosen from them (the report page, then HMICFRS, then ' +
    'secondary; direct, then retrospective, then inferred).',
  fields: (t) => ({
    url: t.exposeString('url', {
      nullable: true,
      description: 'Where the statement is made; null only for a page imported without its URL.',
    }),
    kind: t.expose('kind', { type: SourceKindEnum, description: 'Who makes the statement.' }),
    basis: t.expose('basis', { type: SourceBasisEnum, description: 'How the source knows.' }),
    grade: t.expose('grade', { type: GradeEnum, nullable: true, description: 'The grade this source states; null when it states none.' }),
    gradeStatus: t.expose('gradeStatus', { type: GradeStatusEnum, description: 'Whether this source states a grade, and if not, why.' }),
    carriedOverFrom: t.relation('carriedOverFrom', {
      nullable: true,
      description: 'The earlier round whose judgement this source says still stands.',
    }),
    note: t.exposeString('note', { nullable: true, description: 'The quote or caveat behind the statement.' }),
  }),
});
