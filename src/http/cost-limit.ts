// Refuses an operation that could produce more than MAX_COST objects, before anything executes. The
// cost is @pothos/plugin-complexity's, from each field's fieldComplexity (graphql/complexity.ts) with
// the request's variables applied, computed on the document as the client sent it: this plugin runs
// before the response cache, which adds a __typename to every selection.
//
// Working the cost out walks the whole document, which for Compare over 43 forces cost as much as a
// third of executing it. The cost depends only on the document, the operation and the variables, so
// a passed check is remembered per parsed document (yoga keeps documents by query text) for a
// bounded number of small variable sets; a refused one is worked out again each time.
import { createHash } from 'node:crypto';
import { createComplexityRule } from '@pothos/plugin-complexity';
import { GraphQLError, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import { ERROR_CODES } from '../domain/error-codes.js';
import { introspectionCost, wholeIntrospectionCost } from '../graphql/introspection-cost.js';

/** Variable sets remembered per document, and the largest remembered (as JSON characters). */
const PASSED_PER_DOCUMENT = 256;
const MAX_REMEMBERED_VARIABLES_CHARS = 4096;

export const costLimitError = (cost: number, maxCost: number) =>
  new GraphQLError(
    `the operation could produce about ${cost} objects; at most ${maxCost} are allowed (MAX_COST). ` +
      'Ask for fewer items (a smaller first:, fewer forces or aliases) or split it into several requests.',
    { extensions: { code: ERROR_CODES.COST_LIMIT_EXCEEDED, cost, maxCost, http: { status: 400 } } },
  );

/** An operation asking more introspection than the schema's whole: refused whatever MAX_COST says. */
export const introspectionLimitError = (cost: number, maxCost: number) =>
  new GraphQLError(
    `the operation's introspection could produce about ${cost} objects; at most ${maxCost} are allowed, ` +
      'one whole introspection of this schema (what GraphiQL asks for). Ask for the schema once.',
    { extensions: { code: ERROR_CODES.COST_LIMIT_EXCEEDED, cost, maxCost, http: { status: 400 } } },
  );

/** What the check is given of an operation about to execute. */
interface CostArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  variableValues?: Record<string, unknown> | null;
  operationName?: string | null;
  contextValue?: object;
}

/** The errors that refuse `args` for costing more than `maxCost` (none when within it). */
export function costErrors(args: CostArgs, maxCost: number): readonly GraphQLError[] {
  // Introspection is costed apart, one per object it would answer (Pothos sees only the schema's own fields).
  const introspection = introspectionCost(args.schema, args.document, args.operationName);
  const whole = wholeIntrospectionCost(args.schema);
  if (introspection > whole) return [introspectionLimitError(introspection, whole)];
  const rule = createComplexityRule({
    variableValues: (args.variableValues ?? {}) as Record<string, unknown>,
    operationName: args.operationName ?? undefined,
    context: args.contextValue ?? {},
    validate: ({ complexity }, report) => {
      const cost = complexity + introspection;
      if (cost > maxCost) report(costLimitError(cost, maxCost));
    },
  });
  return validate(args.schema, args.document, [rule]);
}

/** The plugin; `check` is what works the cost out (a seam: tests count how often it is asked). */
export function useCostLimit(maxCost: number, check: typeof costErrors = costErrors): Plugin {
  const passed = new WeakMap<DocumentNode, LRUCache<string, true>>();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = JSON.stringify(args.variableValues ?? {});
      // Kept as a digest, so what is remembered stays small whatever the variables hold.
      const key =
        variables.length <= MAX_REMEMBERED_VARIABLES_CHARS
          ? createHash('sha256')
              .update(`${args.operationName ?? ''}\0${variables}`)
              .digest('base64')
          : null;
      const known = passed.get(args.document);
      if (key !== null && known?.has(key)) return;
      const errors = check(args as CostArgs, maxCost);
      if (errors.length > 0) {
        setResultAndStopExecution({ errors });
        return;
      }
      if (key === null) return;
      if (known) known.set(key, true);
      else passed.set(args.document, new LRUCache<string, true>({ max: PASSED_PER_DOCUMENT }).set(key, true));
    },
  };
}
