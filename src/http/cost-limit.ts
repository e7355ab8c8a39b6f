// Refuses an operation that could produce more than MAX_COST objects, before anything executes. The
// cost is @pothos/plugin-complexity's, from each field's fieldComplexity (graphql/complexity.ts) with
// the request's variables applied, computed on the document as the client sent it: this plugin runs
// before the response cache, which adds a __typename to every selection.
import { createComplexityRule } from '@pothos/plugin-complexity';
import { GraphQLError, validate } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ERROR_CODES } from '../domain/error-codes.js';

export const costLimitError = (cost: number, maxCost: number) =>
  new GraphQLError(
    `the operation could produce about ${cost} objects; at most ${maxCost} are allowed (MAX_COST). ` +
      'Ask for fewer items (a smaller first:, fewer forces or aliases) or split it into several requests.',
    { extensions: { code: ERROR_CODES.COST_LIMIT_EXCEEDED, cost, maxCost, http: { status: 400 } } },
  );

export function useCostLimit(maxCost: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const rule = createComplexityRule({
        variableValues: (args.variableValues ?? {}) as Record<string, unknown>,
        operationName: args.operationName ?? undefined,
        context: args.contextValue,
        validate: ({ complexity }, report) => {
          if (complexity > maxCost) report(costLimitError(complexity, maxCost));
        },
      });
      const errors = validate(args.schema, args.document, [rule]);
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
  };
}
