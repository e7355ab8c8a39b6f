// One GraphQL request over fetch, typed by the document it sends. With `byHash`, only the
// document's hash goes (extensions.persistedQuery.sha256Hash), as a server in
// PERSISTED_OPERATIONS=only mode asks; otherwise the document's text goes with its hash.
import type { TypedDocumentString } from './gql/graphql.js';

export interface RequestOptions {
  url: string;
  byHash: boolean;
  signal?: AbortSignal;
}

/** A GraphQL error answer, with the server's codes (extensions.code) kept for the caller. */
export class GraphQLRequestError extends Error {
  constructor(
    readonly status: number,
    readonly codes: string[],
    message: string,
  ) {
    super(message);
  }
}

interface Answer<TResult> {
  data?: TResult | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function execute<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  { url, byHash, signal }: RequestOptions,
): Promise<TResult> {
  const hash = document.__meta__?.hash;
  if (typeof hash !== 'string') throw new Error('the document has no hash: run npm run codegen');
  const persistedQuery = { version: 1, sha256Hash: hash };
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ ...(byHash ? {} : { query: document.toString() }), variables, extensions: { persistedQuery } }),
    signal,
  });
  const answer = (await response.json()) as Answer<TResult>;
  if (answer.errors?.length || !answer.data) {
    const codes = (answer.errors ?? []).map((error) => error.extensions?.code ?? 'UNKNOWN');
    const messages = (answer.errors ?? []).map((error) => error.message).join('; ') || `HTTP ${response.status} with no data`;
    throw new GraphQLRequestError(response.status, codes, messages);
  }
  return answer.data;
}
