// Every error a client gets carries extensions.code. Resolvers refuse bad arguments with a plain
// GraphQLError (an unknown force in compare, a repeated orderBy key, an empty search), and graphql-js
// refuses wrongly typed variables the same way: those are the client's mistakes, BAD_USER_INPUT.
// Unexpected errors never get here without a code: the error mask gives them INTERNAL_SERVER_ERROR.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ERROR_CODES } from '../domain/error-codes.js';

const withCode = (error: GraphQLError) =>
  error.extensions.code !== undefined
    ? error
    : new GraphQLError(error.message, {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        path: error.path,
        originalError: error.originalError,
        extensions: { ...error.extensions, code: ERROR_CODES.BAD_USER_INPUT },
      });

export function useClientErrorCodes(): Plugin {
  return {
    onExecutionResult({ result, setResult }) {
      if (!result || !('errors' in result) || !result.errors?.some((error) => error.extensions?.code === undefined)) return;
      setResult({ ...result, errors: result.errors.map((error) => withCode(error as GraphQLError)) });
    },
  };
}
