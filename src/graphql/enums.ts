// Enums shared by several types. Their values are the domain's lists (src/domain), each value's
// GraphQL name its upper case; the descriptions here are the API's documentation of each.
import { GRADES, type Grade } from '../domain/grades.js';
import {
  EVIDENCE,
  GRADE_STATUSES,
  PILLARS,
  QUESTION_GRADINGS,
  QUESTION_TEXT_STATUSES,
  SOURCE_BASES,
  SOURCE_KINDS,
  type Evidence,
  type GradeStatus,
  type Pillar,
  type QuestionGrading,
  type QuestionTextStatus,
  type SourceBasis,
  type SourceKind,
} from '../domain/vocabulary.js';
import { builder } from './builder.js';

/** GraphQL enum values for a domain list, in its order, each with its description. */
function valuesOf<T extends string>(list: readonly T[], descriptions: Record<T, string>) {
  return Object.fromEntries(list.map((value) => [value.toUpperCase(), { value, description: descriptions[value] }])) as {
    [V in T as Uppercase<V>]: { value: V; description: string };
  };
}

export const GradeEnum = builder.enumType('Grade', {
  description:
    'A PEEL judgement. Four grades up to 2018/19; Adequate was added from 2021/22. Best first: Outstanding, Good, Adequate, Requires improvement, Inadequate.',
  values: valuesOf<Grade>(GRADES, {
    outstanding: 'Outstanding (score 5).',
    good: 'Good (score 4).',
    adequate: 'Adequate (score 3); only on the 2021/22 scale and later.',
    requires_improvement: 'Requires improvement (score 2).',
    inadequate: 'Inadequate (score 1).',
  }),
});

export const PillarEnum = builder.enumType('Pillar', {
  description: 'The PEEL pillar a question or report belongs to (PEEL used pillars up to 2018/19).',
  values: valuesOf<Pillar>(PILLARS, {
    effectiveness: 'How effective the force is at keeping people safe and reducing crime.',
    efficiency: 'How efficient the force is and how sustainable its services are.',
    legitimacy: 'How legitimately the force treats the public and its workforce.',
    leadership: 'Leadership questions, asked (ungraded) in 2015.',
  }),
});

export const GradeStatusEnum = builder.enumType('GradeStatus', {
  description: 'Why a finding has a grade or not, so "not graded that year" differs from "not published".',
  values: valuesOf<GradeStatus>(GRADE_STATUSES, {
    graded: 'The finding has a grade.',
    ungraded: 'The question is not graded (for example specialist capabilities).',
    not_graded: 'HMICFRS deferred the judgement that year.',
    not_stated: 'The judgement was carried over, but the source does not say what it was.',
  }),
});

export const QuestionTextStatusEnum = builder.enumType('QuestionTextStatus', {
  description: "How exactly the catalogue knows a question's wording.",
  values: valuesOf<QuestionTextStatus>(QUESTION_TEXT_STATUSES, {
    exact: 'The exact published wording.',
    paraphrase: 'A paraphrase; the exact wording was not recovered.',
    area_label: 'The short label of a graded area (2021/22 on).',
    truncated: 'The published wording, cut short where the source was.',
  }),
});

export const SourceKindEnum = builder.enumType('SourceKind', {
  description: 'Who makes a statement about a grade.',
  values: valuesOf<SourceKind>(SOURCE_KINDS, {
    report_page: 'The imported report page itself (its grade line).',
    hmicfrs: 'An HMICFRS page.',
    secondary: 'A press, PCC or other page quoting HMICFRS.',
  }),
});

export const EvidenceEnum = builder.enumType('Evidence', {
  description:
    "What a finding's judgement rests on. HMICFRS's own pages outrank the pages that quote them, so a finding " +
    'rests on the press or a PCC only when no HMICFRS page the data cites states its grade.',
  values: valuesOf<Evidence>(EVIDENCE, {
    hmicfrs: 'At least one HMICFRS page (the report page or another) states the grade, or the state, the finding shows.',
    secondary_only:
      'Only pages quoting HMICFRS state it: press, PCC or force statements. Worth checking against the report before citing; an ' +
      'HMICFRS page may still say the judgement was carried over.',
  }),
});

export const SourceBasisEnum = builder.enumType('SourceBasis', {
  description: 'How a source knows the grade it states.',
  values: valuesOf<SourceBasis>(SOURCE_BASES, {
    direct: 'It states the grade for that year.',
    retrospective: 'A later report says what the earlier judgement was.',
    inferred: 'Derived from a later page saying the earlier judgement stood.',
  }),
});

export const QuestionGradingEnum = builder.enumType('QuestionGrading', {
  description: 'Which forces a question is graded for, from the catalogue and the data together.',
  values: valuesOf<QuestionGrading>(QUESTION_GRADINGS, {
    all_forces: 'Graded for every force inspected that round.',
    some_forces:
      'Not graded in general, but graded for some forces: the 2021/22 service to victims, graded only for the trial forces Merseyside and Suffolk.',
    never: 'Never graded (for example specialist capabilities).',
  }),
});
