// Types whose results aggregate across entities (counts, comparisons, rankings, search pages): no
// single entity's change could invalidate a cached one precisely, so the response cache leaves them
// out. A type says so itself with `extensions: AGGREGATE`; the cache asks the schema.
import { isObjectType, type GraphQLSchema } from 'graphql';

export const AGGREGATE = { aggregate: true } as const;

/** The names of the schema's aggregate types. */
export function aggregateTypeNames(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && type.extensions.aggregate === true)
    .map((type) => type.name)
    .sort();
}
