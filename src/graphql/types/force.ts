// Force: one of the 43 territorial police forces of England and Wales.
import { eq, sql, type SQL } from 'drizzle-orm';
import { withClientCursors } from '../cursor-errors.js';
import { builder } from '../builder.js';
import { forces } from '../../db/schema.js';
import { GraphQLError } from 'graphql';
import { nearestPeers } from '../../analysis/peers.js';
import { findingConditions } from '../../queries/finding-filter.js';
import { findingOrder, historyOrder } from '../../queries/ordering.js';
import { PillarEnum } from '../enums.js';
import { PeerRef } from '../refs.js';
import { ofForce, yearGrades } from '../read.js';
import { FindingFilter } from './finding-filter.js';

export const ForceRef = builder.drizzleNode('forces', {
  name: 'Force',
  description: 'A territorial police force of England or Wales, as HMICFRS inspects it.',
  id: { column: (force) => force.slug },
  // Columns through plain resolvers, so rows loaded outside the planner are not fetched again (builder.ts).
  fields: (t) => ({
    slug: t.string({
      resolve: (row) => row.slug,
      description: 'The data.police.uk force id, e.g. "cambridgeshire"; used as `force` argument.',
    }),
    name: t.string({ resolve: (row) => row.name, description: 'Official name, e.g. "Cambridgeshire Constabulary".' }),
    shortName: t.string({ resolve: (row) => row.shortName, description: 'The name HMICFRS report titles use, e.g. "Cambridgeshire".' }),
    region: t.string({ resolve: (row) => row.region, description: 'English region (e.g. "East of England") or "Wales".' }),
    country: t.string({ resolve: (row) => row.country, description: '"England" or "Wales".' }),
    sourceUrl: t.string({ resolve: (row) => row.sourceUrl, description: "Where the force's identity and region come from." }),
    reports: t.field({
      type: ['Report'],
      description: 'Every report known for this force, by inspection year then pillar.',
      resolve: (force, _args, context) => ofForce(context, force, (s) => s.reportsOfForce.get(force.id) ?? []),
    }),
    findings: t.relation('findings', {
      description: "The force's findings across every report, by inspection year, pillar and report order; optionally filtered.",
      args: { filter: t.arg({ type: FindingFilter, description: 'Which findings (the `forces` field is ignored here).' }) },
      query: ({ filter }) => ({
        where: { RAW: (table) => findingConditions({ ...filter, forces: null }, table) },
        orderBy: findingOrder,
      }),
    }),
    history: t.relation('findings', {
      description:
        "The force's grades across inspection years, lined up by question theme so reworded questions follow " +
        'on; carried-over years are marked by `carriedOverFrom`. Ordered by theme, then year.',
      args: {
        theme: t.arg.string({ description: 'Only this theme, e.g. "protecting-vulnerable-people".' }),
        pillar: t.arg({ type: PillarEnum, description: 'Only this pillar (pillar-less years from 2021/22 then drop out).' }),
      },
      query: ({ theme, pillar }) => ({
        where: {
          RAW: (table) => findingConditions({ themes: theme ? [theme] : null, pillars: pillar ? [pillar] : null }, table),
        },
        orderBy: historyOrder,
      }),
    }),
    peers: t.field({
      type: [PeerRef],
      description:
        "The forces whose grade profile in one inspection year and pillar is closest to this force's, nearest " +
        'first by weightedDistance, which counts how many questions back each distance (ties: more questions ' +
        'compared first, then name). Forces with no graded question in common are left out. Alike in grades ' +
        'only: these are not the Home Office\'s "most similar groups".',
      args: {
        year: t.arg.int({ required: true, description: 'First calendar year of the round, e.g. 2017.' }),
        pillar: t.arg({ type: PillarEnum, description: 'The pillar; omit or null for 2021/22 and later.' }),
        first: t.arg.int({ defaultValue: 5, description: 'How many peers to return (1 to 42).' }),
      },
      resolve: async (force, { year, pillar, first: requested }, context) => {
        const first = requested ?? 5;
        if (first < 1 || first > 42) throw new GraphQLError(`peers(first: ${first}): first must be from 1 to 42`);
        const data = await yearGrades(context, year, pillar ?? null);
        return nearestPeers(data.findings, data.allForces, force.id, first);
      },
    }),
  }),
});

const ForceFilter = builder.inputType('ForceFilter', {
  description: 'Narrows the list of forces; omitted fields do not filter.',
  fields: (t) => ({
    region: t.string({ description: 'Only forces in this region, e.g. "East of England" or "Wales".' }),
    country: t.string({ description: 'Only forces in this country: "England" or "Wales".' }),
  }),
});

const ForceOrderEnum = builder.enumType('ForceOrder', {
  description: 'A sort key for forces; ties end in name order.',
  values: {
    NAME_ASC: { value: 'name:asc', description: 'Name A to Z (the default).' },
    NAME_DESC: { value: 'name:desc', description: 'Name Z to A.' },
    REGION_ASC: { value: 'region:asc', description: 'Region A to Z.' },
    REGION_DESC: { value: 'region:desc', description: 'Region Z to A.' },
  } as const,
});

builder.queryFields((t) => ({
  forces: t.drizzleConnection(
    {
      type: 'forces',
      description: 'The police forces, alphabetically by name unless ordered otherwise, optionally filtered by region or country.',
      args: {
        filter: t.arg({ type: ForceFilter, description: 'Which forces to list.' }),
        orderBy: t.arg({
          type: [ForceOrderEnum],
          description: 'Sort keys in order of importance, e.g. [REGION_ASC]; name order by default.',
        }),
      },
      totalCount: (_parent, { filter }, { db }) => db.$count(forces, forceConditions(filter, forces)),
      resolve: (query, _parent, { filter, orderBy, after, before }, { db }) =>
        withClientCursors({ after, before }, () =>
          db.query.forces.findMany(
            query({
              where: { RAW: (table) => forceConditions(filter, table) },
              // Names are unique, so ending on the name makes every ordering total and cursors stable.
              orderBy: {
                ...Object.fromEntries((orderBy ?? []).map((key) => key.split(':'))),
                ...(orderBy?.some((k) => k.startsWith('name:')) ? {} : { name: 'asc' }),
              },
            }),
          ),
        ),
    },
    { name: 'ForceConnection', description: 'A page of police forces.' },
    { name: 'ForceEdge', description: 'A police force with its cursor.' },
  ),
  force: t.drizzleField({
    type: 'forces',
    nullable: true,
    description: 'One force by its slug (data.police.uk id); null when there is no such force.',
    args: { slug: t.arg.string({ required: true, description: 'The force slug, e.g. "cambridgeshire".' }) },
    resolve: (query, _parent, { slug }, { db }) => db.query.forces.findFirst(query({ where: { slug } })),
  }),
}));

/** The SQL behind ForceFilter, shared by the page and its totalCount. */
function forceConditions(filter: { region?: string | null; country?: string | null } | null | undefined, table: typeof forces): SQL {
  const conditions = [
    sql`true`,
    ...(filter?.region ? [eq(table.region, filter.region)] : []),
    ...(filter?.country ? [eq(table.country, filter.country)] : []),
  ];
  return sql.join(conditions, sql` and `);
}
