// Limits that keep one request from taking the server down: query depth, aliases, directives,
// tokens and cost (graphql-armor), and the size of a request body. Each is configurable.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface Limits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  maxBodyBytes: number;
}

/** Sized so every shipped operation passes with room (see test/limits.test.ts). */
export const DEFAULT_LIMITS: Limits = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 10,
  maxTokens: 1500,
  maxCost: 5000,
  maxBodyBytes: 4 * 1024 * 1024,
};

export function useQueryLimits(limits: Limits): Plugin[] {
  return [armor(limits), useValidationStatus()];
}

/** Rejections become validation errors of the request rather than exceptions thrown mid-validation. */
const asValidationError = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

function armor(limits: Limits): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: { n: limits.maxDepth, flattenFragments: true, ...asValidationError },
    maxAliases: { n: limits.maxAliases, ...asValidationError },
    maxDirectives: { n: limits.maxDirectives, ...asValidationError },
    maxTokens: { n: limits.maxTokens },
    costLimit: { maxCost: limits.maxCost, ...asValidationError },
    // The data is public and the schema documented: "did you mean" helps more than it hides.
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
}

/** Refuses a body whose declared length is over the limit before anything reads it. */
export function useBodyLimit(maxBodyBytes: number): Plugin {
  return {
    onRequest({ request, endResponse }) {
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length > maxBodyBytes) {
        endResponse(
          Response.json(
            { errors: [{ message: `request body is ${length} bytes; at most ${maxBodyBytes} are accepted (MAX_BODY_BYTES)` }] },
            { status: 413 },
          ),
        );
      }
    },
  };
}

/**
 * A refused query is the client's error: answer 400 with a code, as for any invalid query (armor's
 * rejections would otherwise go out as 200).
 */
function useValidationStatus(): Plugin {
  return {
    onValidate: () => ({ result, setResult }) => {
      if (result.length === 0) return;
      setResult(
        result.map(
          (error) =>
            new GraphQLError(error.message, {
              nodes: error.nodes,
              source: error.source,
              positions: error.positions,
              originalError: error.originalError,
              extensions: { ...error.extensions, code: error.extensions.code ?? 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            }),
        ),
      );
    },
  };
}
