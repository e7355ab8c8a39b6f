// Force: one of the 43 territorial police forces of England and Wales.
import { builder } from '../builder.js';
import { reportOrder } from './ordering.js';

export const ForceRef = builder.drizzleNode('forces', {
  name: 'Force',
  description: 'A territorial police force of England or Wales, as HMICFRS inspects it.',
  id: { column: (force) => force.slug },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'The data.police.uk force id, e.g. "cambridgeshire"; used as `force` argument.' }),
    name: t.exposeString('name', { description: 'Official name, e.g. "Cambridgeshire Constabulary".' }),
    shortName: t.exposeString('shortName', { description: 'The name HMICFRS report titles use, e.g. "Cambridgeshire".' }),
    region: t.exposeString('region', { description: 'English region (e.g. "East of England") or "Wales".' }),
    country: t.exposeString('country', { description: '"England" or "Wales".' }),
    sourceUrl: t.exposeString('sourceUrl', { description: 'Where the force\'s identity and region come from.' }),
    reports: t.relation('reports', {
      description: 'Every report known for this force, by inspection year then pillar.',
      query: { orderBy: reportOrder },
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

builder.queryFields((t) => ({
  forces: t.drizzleConnection({
    type: 'forces',
    description: 'The police forces, alphabetically by name, optionally filtered by region or country.',
    args: { filter: t.arg({ type: ForceFilter, description: 'Which forces to list.' }) },
    totalCount: (_parent, { filter }, { db }) =>
      db.query.forces.findMany({ columns: { id: true }, where: forceWhere(filter) }).then((rows) => rows.length),
    resolve: (query, _parent, { filter }, { db }) =>
      db.query.forces.findMany(query({ where: forceWhere(filter), orderBy: { name: 'asc' } })),
  }, { name: 'ForceConnection', description: 'A page of police forces.' }, { name: 'ForceEdge', description: 'A police force with its cursor.' }),
  force: t.drizzleField({
    type: 'forces',
    nullable: true,
    description: 'One force by its slug (data.police.uk id); null when there is no such force.',
    args: { slug: t.arg.string({ required: true, description: 'The force slug, e.g. "cambridgeshire".' }) },
    resolve: (query, _parent, { slug }, { db }) => db.query.forces.findFirst(query({ where: { slug } })),
  }),
}));

function forceWhere(filter: { region?: string | null; country?: string | null } | null | undefined) {
  return {
    ...(filter?.region ? { region: filter.region } : {}),
    ...(filter?.country ? { country: filter.country } : {}),
  };
}
