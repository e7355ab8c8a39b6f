// What an operation costs before it runs: roughly, how many objects it can produce. Every object
// field costs 1 and scalars nothing; a list multiplies what is selected under it by the most items
// it can hold, read from the arguments (with variables already applied) where they say so (`first`,
// `ids`, `forces`) and otherwise from the data (there are 43 forces; a report has a few dozen
// findings). @pothos/plugin-complexity adds it up before the first resolver runs and refuses an
// operation over MAX_COST, so a query that would fan out to millions of rows never starts.
import { getNamedType, getNullableType, isLeafType, isListType, isObjectType, type GraphQLField, type GraphQLSchema } from 'graphql';
import { INPUT_LIMITS } from '../domain/limits.js';

/** The connection page size when neither `first` nor `last` is given, and the most a page holds. */
export const CONNECTION_PAGE = { default: 20, max: 100 } as const;

/**
 * The most items each list field can return, by "Type.field", with headroom over the shipped data
 * (test/complexity.test.ts checks the data against them). A list field missing here counts as
 * LIST_FALLBACK, and that test fails until it is added, so a new list is sized on purpose.
 */
export const LIST_SIZES: Record<string, number> = {
  'Comparison.forces': INPUT_LIMITS.maxForces,
  'Comparison.rows': 20,
  'ComparisonRow.cells': INPUT_LIMITS.maxForces,
  'ComparisonRow.distribution': 5,
  'QuestionCoverage.distribution': 5,
  'GradeCountGroup.distribution': 5,
  'DataCoverage.questions': 30,
  'InspectionYear.questions': 40,
  'Finding.areasForImprovement': 20,
  'Finding.causesOfConcern': 5,
  'Finding.content': 40,
  'Finding.sources': 6,
  'Report.summary': 40,
  'Report.findings': 20,
  'Force.findings': 150,
  'Force.history': 60,
  'Force.reports': 25,
  'Query.dataCoverage': 30,
  'Query.differences': 20,
  // The most groups gradeCounts can return: one finding at least in each (see GROUP_COUNTS). Close
  // to the 1,497 findings, so that one request grouping by everything (1,600 × 6 objects) still fits.
  'Query.gradeCounts': 1600,
  'Query.gradeTable': 2000,
  'Query.inspectionYears': 12,
};

/**
 * How many values each gradeCounts dimension takes, with headroom: groups number at most their
 * product, and never more than the findings (Query.gradeCounts above).
 */
export const GROUP_COUNTS: Record<string, number> = {
  year: 12,
  pillar: 5,
  question: 120,
  theme: 40,
  region: 10,
  country: 2,
  force: INPUT_LIMITS.maxForces,
};

function groupCount(groupBy: unknown): number {
  const most = LIST_SIZES['Query.gradeCounts']!;
  if (!Array.isArray(groupBy)) return most;
  return Math.min(
    most,
    groupBy.reduce((product: number, dimension) => product * (GROUP_COUNTS[String(dimension)] ?? most), 1),
  );
}

/** Lists not in LIST_SIZES: generous, so an unsized list errs towards refusing. */
export const LIST_FALLBACK = 100;

/** Each list field's size, by field object (graphql-js hands the plugin the field, not its parent type). */
const sizeOfField = new WeakMap<object, number>();

/** Reads LIST_SIZES against the built schema; schema.ts calls it once. */
export function sizeListFields(schema: GraphQLSchema): void {
  for (const [coordinate, size] of Object.entries(LIST_SIZES)) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    const type = schema.getType(typeName);
    const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
    if (!field) throw new Error(`LIST_SIZES names ${coordinate}, which the schema does not have`);
    sizeOfField.set(field, size);
  }
}

const isConnection = (field: GraphQLField<unknown, never>) => getNamedType(field.type).name.endsWith('Connection');
const isEdgeList = (field: GraphQLField<unknown, never>) =>
  field.name === 'edges' || (field.name === 'nodes' && getNamedType(field.type).name !== 'Node');

/** A list of `count` objects: each is an object produced, and each carries what is selected under it. */
const items = (count: number, multiplier = count) => ({ field: count, multiplier });

function pageSize(args: Record<string, unknown>): number {
  const requested = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : CONNECTION_PAGE.default;
  return Math.min(Math.max(requested, 0), CONNECTION_PAGE.max);
}

/** The plugin's `fieldComplexity`: this field's own cost and the multiplier for what is selected under it. */
export function fieldComplexity<C>(
  args: Record<string, unknown>,
  _context: C,
  field: GraphQLField<unknown, C>,
): { field: number; multiplier: number } {
  if (isLeafType(getNamedType(field.type))) return { field: 0, multiplier: 1 };
  // The page size sits on the connection (which counts its page's objects); its edges and nodes
  // are that page, not another multiple.
  if (isConnection(field)) return items(1 + pageSize(args), pageSize(args));
  if (isEdgeList(field)) return { field: 0, multiplier: 1 };
  if (!isListType(getNullableType(field.type))) return { field: 1, multiplier: 1 };
  if (field.name === 'nodes') return items(Array.isArray(args.ids) ? args.ids.length : INPUT_LIMITS.maxListItems);
  if (field.name === 'peers') return items(typeof args.first === 'number' ? Math.max(args.first, 0) : 5);
  if (field.name === 'gradeCounts') return items(groupCount(args.groupBy));
  return items(sizeOfField.get(field) ?? LIST_FALLBACK);
}
