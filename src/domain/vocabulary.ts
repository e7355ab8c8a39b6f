// The PEEL vocabulary besides grades (domain/grades.ts): each list written once, in the order that
// means something (the database enums, the GraphQL enums and the parsers are built from these).

/** PEEL pillars up to 2018/19 (2015 also asked leadership questions, ungraded); none from 2021/22. */
export const PILLARS = ['effectiveness', 'efficiency', 'legitimacy', 'leadership'] as const;
export type Pillar = (typeof PILLARS)[number];

/**
 * Why a finding has or lacks a grade: graded; the question is never graded (ungraded); the judgement
 * was deferred that year (not_graded); or a page says it was carried over without giving it (not_stated).
 */
export const GRADE_STATUSES = ['graded', 'ungraded', 'not_graded', 'not_stated'] as const;
export type GradeStatus = (typeof GRADE_STATUSES)[number];

/** Who says it, most authoritative first: the imported report page, an HMICFRS page, a press or PCC page quoting one. */
export const SOURCE_KINDS = ['report_page', 'hmicfrs', 'secondary'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** The kinds of source that are HMICFRS's own pages: its report pages and its other pages. */
export const HMICFRS_SOURCE_KINDS: readonly SourceKind[] = ['report_page', 'hmicfrs'];

/**
 * What a finding's judgement rests on: at least one HMICFRS page states it (hmicfrs), or only pages
 * quoting HMICFRS do (secondary_only: press, PCC and force statements).
 */
export const EVIDENCE = ['hmicfrs', 'secondary_only'] as const;
export type Evidence = (typeof EVIDENCE)[number];

/** How the source knows, most authoritative first: it states it for that year, a later report says so, or it is derived. */
export const SOURCE_BASES = ['direct', 'retrospective', 'inferred'] as const;
export type SourceBasis = (typeof SOURCE_BASES)[number];

/** How exactly the catalogue knows a question's wording. */
export const QUESTION_TEXT_STATUSES = ['exact', 'paraphrase', 'area_label', 'truncated'] as const;
export type QuestionTextStatus = (typeof QUESTION_TEXT_STATUSES)[number];

/** Which forces a question is graded for (see questions.grading in db/schema.ts). */
export const QUESTION_GRADINGS = ['all_forces', 'some_forces', 'never'] as const;
export type QuestionGrading = (typeof QUESTION_GRADINGS)[number];

/** The blocks a finding's narrative is made of. */
export const CONTENT_BLOCK_KINDS = ['paragraph', 'bullet_list'] as const;
export type ContentBlockKind = (typeof CONTENT_BLOCK_KINDS)[number];
