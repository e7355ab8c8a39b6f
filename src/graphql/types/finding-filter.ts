// FindingFilter: the input that narrows findings wherever they are listed, counted or exported
// (queries/finding-filter.ts turns it into SQL).
import { builder } from '../builder.js';
import { EvidenceEnum, GradeEnum, PillarEnum } from '../enums.js';

export const FindingFilter = builder.inputType('FindingFilter', {
  description: 'Narrows findings; fields combine with AND, values within a list with OR. An empty list matches nothing.',
  fields: (t) => ({
    forces: t.stringList({ description: 'Force slugs, e.g. ["cambridgeshire", "essex"].' }),
    years: t.intList({ description: 'First calendar years of inspection rounds, e.g. [2016, 2017].' }),
    pillars: t.field({ type: [PillarEnum], description: 'Pillars.' }),
    grades: t.field({ type: [GradeEnum], description: 'Grades; findings without a grade never match.' }),
    questionKeys: t.stringList({ description: 'Question keys, e.g. ["eff_q3"] (keys repeat across years).' }),
    themes: t.stringList({ description: 'Question themes, e.g. ["protecting-vulnerable-people"].' }),
    headline: t.boolean({ description: 'true: only overall (headline) judgements; false: only the questions under them.' }),
    conflict: t.boolean({ description: 'true: only findings whose sources disagree; false: only those whose sources agree.' }),
    evidence: t.field({
      type: [EvidenceEnum],
      description: 'What the judgement rests on: [HMICFRS] keeps findings an HMICFRS page states; [SECONDARY_ONLY] those only quoted.',
    }),
  }),
});
