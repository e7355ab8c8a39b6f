// InspectionYear: one PEEL round (2014 … 2023-25) with its grade scale and question catalogue.
import { GraphQLError } from 'graphql';
import { GradeEnum } from '../enums.js';
import { builder } from '../builder.js';
import { ofYear, read } from '../read.js';

export const InspectionYearRef = builder.drizzleNode('inspectionYears', {
  name: 'InspectionYear',
  description: 'A PEEL inspection round, such as 2017 or 2018/19, with its questions and grade scale.',
  id: { column: (year) => year.slug },
  // Columns through plain resolvers, so rows loaded outside the planner are not fetched again (builder.ts).
  fields: (t) => ({
    slug: t.string({ resolve: (row) => row.slug, description: 'Stable identifier, e.g. "peel-2017", "peel-2018-19".' }),
    label: t.string({ resolve: (row) => row.label, description: 'As HMICFRS writes it: "2017", "2018/19", "2023-25".' }),
    year: t.int({
      resolve: (row) => row.year,
      description: 'First calendar year of the round (2018 for 2018/19); the `year` argument elsewhere.',
    }),
    gradeScale: t.field({
      type: [GradeEnum],
      description: 'The grades this round could award, best first (Adequate only from 2021/22).',
      resolve: (year, _args, context) => ofYear(context, year, (s) => s.scaleOfYear.get(year.id) ?? []),
    }),
    comparableWithPrevious: t.boolean({
      description:
        "Whether HMICFRS says this round's grades can be compared directly with the previous round's. False " +
        'for 2014 (nothing earlier), 2021/22 and 2023-25 (new frameworks: a lower grade does not by itself ' +
        'mean worse performance).',
      resolve: (row) => seeded(row.comparableWithPrevious, row.label),
    }),
    comparisonNote: t.string({
      description: 'What HMICFRS says about comparing this round with earlier ones, in our words.',
      resolve: (row) => seeded(row.comparisonNote, row.label),
    }),
    comparisonSourceUrl: t.string({
      description: 'The HMICFRS page where it says so.',
      resolve: (row) => seeded(row.comparisonSourceUrl, row.label),
    }),
    questions: t.field({
      type: ['Question'],
      description: "The round's question catalogue, by pillar then position (headline questions first).",
      resolve: (year, _args, context) => ofYear(context, year, (s) => s.questionsOfYear.get(year.id) ?? []),
    }),
  }),
});

/** The seed fills these for every round (fixtures/comparability.csv); a gap is a broken database. */
function seeded<T>(value: T | null, label: string): T {
  if (value === null) throw new Error(`inspection year ${label} has no comparability: run npm run seed`);
  return value;
}

builder.queryFields((t) => ({
  inspectionYears: t.field({
    type: [InspectionYearRef],
    description: 'Every PEEL inspection round, oldest first.',
    resolve: (_parent, _args, context) => read(context, (s) => s.years),
  }),
  inspectionYear: t.field({
    type: InspectionYearRef,
    nullable: true,
    description: 'One inspection round by first calendar year or by slug (give one of them); null when unknown.',
    args: {
      year: t.arg.int({ description: 'First calendar year, e.g. 2017 or 2018 (for 2018/19).' }),
      slug: t.arg.string({ description: 'Slug, e.g. "peel-2017".' }),
    },
    resolve: (_parent, { year, slug }, context) => {
      if ((year == null) === (slug == null)) {
        throw new GraphQLError('inspectionYear takes exactly one of `year` (e.g. 2017) or `slug` (e.g. "peel-2017")');
      }
      return read(context, (s) => (year != null ? s.yearByYear.get(year) : s.years.find((y) => y.slug === slug)) ?? null);
    },
  }),
}));
