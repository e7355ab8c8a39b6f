// Enums shared by several types. Their values map onto the database's enum values.
import { builder } from './builder.js';

export const GradeEnum = builder.enumType('Grade', {
  description:
    'A PEEL judgement. Four grades up to 2018/19; Adequate was added from 2021/22. Best first: Outstanding, Good, Adequate, Requires improvement, Inadequate.',
  values: {
    OUTSTANDING: { value: 'outstanding', description: 'Outstanding (score 5).' },
    GOOD: { value: 'good', description: 'Good (score 4).' },
    ADEQUATE: { value: 'adequate', description: 'Adequate (score 3); only on the 2021/22 scale and later.' },
    REQUIRES_IMPROVEMENT: { value: 'requires_improvement', description: 'Requires improvement (score 2).' },
    INADEQUATE: { value: 'inadequate', description: 'Inadequate (score 1).' },
  } as const,
});

export const PillarEnum = builder.enumType('Pillar', {
  description: 'The PEEL pillar a question or report belongs to (PEEL used pillars up to 2018/19).',
  values: {
    EFFECTIVENESS: { value: 'effectiveness', description: 'How effective the force is at keeping people safe and reducing crime.' },
    EFFICIENCY: { value: 'efficiency', description: 'How efficient the force is and how sustainable its services are.' },
    LEGITIMACY: { value: 'legitimacy', description: 'How legitimately the force treats the public and its workforce.' },
    LEADERSHIP: { value: 'leadership', description: 'Leadership questions, asked (ungraded) in 2015.' },
  } as const,
});

export const GradeStatusEnum = builder.enumType('GradeStatus', {
  description: 'Why a finding has a grade or not, so "not graded that year" differs from "not published".',
  values: {
    GRADED: { value: 'graded', description: 'The finding has a grade.' },
    UNGRADED: { value: 'ungraded', description: 'The question is not graded (for example specialist capabilities).' },
    NOT_GRADED: { value: 'not_graded', description: 'HMICFRS deferred the judgement that year.' },
    NOT_STATED: { value: 'not_stated', description: 'The judgement was carried over, but the source does not say what it was.' },
  } as const,
});

export const QuestionTextStatusEnum = builder.enumType('QuestionTextStatus', {
  description: 'How exactly the catalogue knows a question\'s wording.',
  values: {
    EXACT: { value: 'exact', description: 'The exact published wording.' },
    PARAPHRASE: { value: 'paraphrase', description: 'A paraphrase; the exact wording was not recovered.' },
    AREA_LABEL: { value: 'area_label', description: 'The short label of a graded area (2021/22 on).' },
    TRUNCATED: { value: 'truncated', description: 'The published wording, cut short where the source was.' },
  } as const,
});

export const SourceKindEnum = builder.enumType('SourceKind', {
  description: 'Who makes a statement about a grade.',
  values: {
    REPORT_PAGE: { value: 'report_page', description: 'The imported report page itself (its grade line).' },
    HMICFRS: { value: 'hmicfrs', description: 'An HMICFRS page.' },
    SECONDARY: { value: 'secondary', description: 'A press, PCC or other page quoting HMICFRS.' },
  } as const,
});

export const SourceBasisEnum = builder.enumType('SourceBasis', {
  description: 'How a source knows the grade it states.',
  values: {
    DIRECT: { value: 'direct', description: 'It states the grade for that year.' },
    RETROSPECTIVE: { value: 'retrospective', description: 'A later report says what the earlier judgement was.' },
    INFERRED: { value: 'inferred', description: 'Derived from a later page saying the earlier judgement stood.' },
  } as const,
});

export const QuestionGradingEnum = builder.enumType('QuestionGrading', {
  description: 'Which forces a question is graded for, from the catalogue and the data together.',
  values: {
    ALL_FORCES: { value: 'all_forces', description: 'Graded for every force inspected that round.' },
    SOME_FORCES: {
      value: 'some_forces',
      description:
        'Not graded in general, but graded for some forces: the 2021/22 service to victims, graded only for the trial forces Merseyside and Suffolk.',
    },
    NEVER: { value: 'never', description: 'Never graded (for example specialist capabilities).' },
  } as const,
});
