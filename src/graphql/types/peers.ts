// Peer and differences: which forces looked alike in a year (Force.peers, in force.ts), and what
// changed between two reports (two forces in one year, or one force in two years).
import { AGGREGATE } from '../aggregate.js';
import { builder, type Context } from '../builder.js';
import { PillarEnum } from '../enums.js';
import { gradeChanges, gradedByTheme, type GradeChange } from '../../analysis/peers.js';
import { PeerRef } from '../refs.js';
import { comparabilityBetween, type Comparability } from '../../analysis/comparability.js';
import { forcesBySlug, type FindingRow, type QuestionRow } from '../../queries/year-grades.js';
import { yearGrades } from '../read.js';
import { FindingRef } from './finding.js';
import { ForceRef } from './force.js';

PeerRef.implement({
  extensions: AGGREGATE,
  description:
    "A force whose grades in one inspection year and pillar resemble another's, and how closely. Alike in " +
    'grades only: not the Home Office\'s "most similar groups" of forces, which are alike in population and demand.',
  fields: (t) => ({
    force: t.field({ type: ForceRef, description: 'The similar force.', resolve: (p) => p.force }),
    distance: t.exposeFloat('distance', {
      description:
        'Mean absolute score difference over the questions both forces have grades for (headline included): 0 ' +
        '= the same grades everywhere, 1 = one grade apart on average, 4 = Outstanding against Inadequate ' +
        'throughout.',
    }),
    weightedDistance: t.exposeFloat('weightedDistance', {
      description:
        'What peers are ranked by: the distance with two more questions one grade apart added in, (distance × ' +
        'questionsCompared + 2) ÷ (questionsCompared + 2). It nears the distance as the questions compared grow, ' +
        'so a force with the same grade on its one question in common (distance 0, weighted 0.67) does not outrank ' +
        'one compared on five questions with a grade apart on one (distance 0.2, weighted 0.43).',
    }),
    questionsCompared: t.exposeInt('questionsCompared', {
      description: 'How many questions both forces have grades for; the distance rests on these.',
    }),
    sameGrades: t.exposeInt('sameGrades', { description: 'How many of those questions have the same grade.' }),
  }),
});

type Difference = GradeChange<QuestionRow, FindingRow> & { comparability: Comparability };

const ChangeEnum = builder.enumType('GradeChange', {
  description: 'Which way a grade moved from the first report to the second.',
  values: {
    IMPROVED: { value: 'improved', description: "The second report's grade is better." },
    DECLINED: { value: 'declined', description: "The second report's grade is worse." },
  } as const,
});

const DifferenceRef = builder.objectRef<Difference>('GradeDifference').implement({
  extensions: AGGREGATE,
  description: 'A question (matched by theme) on which two reports give different grades.',
  fields: (t) => ({
    theme: t.exposeString('theme', { description: 'The theme both questions share, e.g. "investigating-crime".' }),
    change: t.field({ type: ChangeEnum, description: 'Whether the grade improved or declined from `a` to `b`.', resolve: (d) => d.change }),
    scoreChange: t.exposeInt('scoreChange', { description: 'Score of `b` minus score of `a` (positive = improved).' }),
    a: t.field({ type: FindingRef, description: 'The finding in the first report.', resolve: (d) => d.a }),
    b: t.field({ type: FindingRef, description: 'The finding in the second report.', resolve: (d) => d.b }),
    reworded: t.boolean({
      description: 'Whether the question was worded differently in the two reports (matched by theme).',
      resolve: (d) => d.questionA.text !== d.questionB.text,
    }),
    comparable: t.boolean({
      description:
        "Whether HMICFRS says the two rounds' grades can be compared directly: false when its framework " +
        'changed between them (2021/22, 2023-25), where a lower grade does not by itself mean worse ' +
        'performance. Always true for two forces in one round.',
      resolve: (d) => d.comparability.comparable,
    }),
    caveat: t.string({
      nullable: true,
      description:
        'Null when comparable; otherwise what HMICFRS says about comparing across the change, in our words ' +
        '(each change prefixed with its round when the two rounds span more than one). The same whichever of ' +
        '`a` and `b` is the later.',
      resolve: (d) => d.comparability.caveat,
    }),
    caveatSourceUrl: t.string({
      nullable: true,
      description:
        'Null when comparable; otherwise the HMICFRS page behind the caveat (one URL per change, separated by spaces, when there are several).',
      resolve: (d) => d.comparability.caveatSourceUrl,
    }),
  }),
});

const ReportSelector = builder.inputType('ReportSelector', {
  description: "One force's report for one inspection year and pillar.",
  fields: (t) => ({
    force: t.string({ required: true, description: 'Force slug, e.g. "cambridgeshire".' }),
    year: t.int({ required: true, description: 'First calendar year of the round.' }),
    pillar: t.field({ type: PillarEnum, description: 'The pillar; omit for 2021/22 and later.' }),
  }),
});

type Selector = { force: string; year: number; pillar?: 'effectiveness' | 'efficiency' | 'legitimacy' | 'leadership' | null };

/** A report's graded findings by theme. */
async function reportByTheme(context: Context, selector: Selector) {
  const data = await yearGrades(context, selector.year, selector.pillar ?? null);
  const [force] = forcesBySlug(data.allForces, [selector.force]);
  return gradedByTheme(data.questions, data.findings, force!.id);
}

builder.queryField('differences', (t) =>
  t.field({
    type: [DifferenceRef],
    description:
      'The questions on which two reports give different grades: two forces in one year, or one force in ' +
      'two years. Questions are matched by theme, so reworded questions still line up; questions either ' +
      'report leaves ungraded are left out.',
    args: {
      a: t.arg({ type: ReportSelector, required: true, description: 'The first report (the baseline).' }),
      b: t.arg({ type: ReportSelector, required: true, description: 'The second report, compared with the first.' }),
    },
    resolve: async (_parent, { a, b }, context) => {
      const [first, second] = await Promise.all([reportByTheme(context, a), reportByTheme(context, b)]);
      const { yearsById } = await yearGrades(context, a.year, a.pillar ?? null);
      const comparability = comparabilityBetween(yearsById.values(), a.year, b.year);
      return gradeChanges(first, second).map((change) => ({ ...change, comparability }));
    },
  }),
);
