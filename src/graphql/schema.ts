// Assembles the GraphQL schema from the type modules (each registers itself on the builder).
import { isObjectType } from 'graphql';
import { builder } from './builder.js';
import { sizeListFields } from './complexity.js';
import './scalars.js';
import './enums.js';
import './types/force.js';
import './types/inspection-year.js';
import './types/question.js';
import './types/report.js';
import './types/finding.js';
import './types/content-block.js';
import './types/narrative.js';
import './types/grade-source.js';
import './types/data-coverage.js';
import './types/compare.js';
import './types/search.js';
import './types/grade-table.js';
import './types/grade-counts.js';
import './types/peers.js';
import './types/mutations.js';

export const schema = builder.toSchema({ sortSchema: false });
sizeListFields(schema);

// plugin-drizzle adds `totalCount` to connections without a way to describe it; GraphiQL users
// read these descriptions, so fill it in here.
for (const type of Object.values(schema.getTypeMap())) {
  if (isObjectType(type) && type.name.endsWith('Connection')) {
    const totalCount = type.getFields().totalCount;
    if (totalCount && !totalCount.description) totalCount.description = 'How many items match, across all pages.';
  }
}
