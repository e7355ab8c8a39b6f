// Persisted operations (trusted documents). The shipped operations (operations/*.graphql) run by
// the SHA-256 of their file; front ends add their own through manifests (PERSISTED_OPERATIONS_MANIFESTS,
// JSON {hash: document}, as GraphQL Codegen's client preset writes them). A client sends
// `extensions: { persistedQuery: { version: 1, sha256Hash } }`. With PERSISTED_OPERATIONS=only,
// nothing else runs: a public deployment then serves exactly the documents it trusts.
import { readFileSync } from 'node:fs';
import { GraphQLError, Kind, parse, validate, type GraphQLSchema } from 'graphql';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import { ERROR_CODES } from '../domain/error-codes.js';
import type { Example } from './examples.js';
import { comparePageDocument } from './pages.js';

export type PersistedOperationsMode = 'off' | 'allow' | 'only';

/** Hash → document text. */
export type TrustedDocuments = ReadonlyMap<string, string>;

/** Why a manifest cannot be trusted: one line, naming the file and, where there is one, the entry. */
export class ManifestError extends Error {
  constructor(file: string, problem: string) {
    super(`PERSISTED_OPERATIONS_MANIFESTS: ${file}: ${problem}`);
  }
}

/** A hash as a manifest may hold it: what clients send back, so short and printable. */
const HASH_SHAPE = /^[\w:.+/=-]{1,128}$/;

/** The problem with one entry's document, or null when it parses and validates against the schema. */
function documentProblem(schema: GraphQLSchema, document: unknown): string | null {
  if (typeof document !== 'string') return `its document is ${document === null ? 'null' : typeof document}, not a string`;
  let parsed;
  try {
    parsed = parse(document);
  } catch (error) {
    return `its document does not parse: ${(error as GraphQLError).message}`;
  }
  const [first] = validate(schema, parsed);
  return first ? `its document does not validate against the schema: ${first.message}` : null;
}

/**
 * Reads manifests ({hash: document} JSON files) into one map. Every document must parse and
 * validate against `schema`, so a stale manifest stops start-up instead of failing its requests
 * one by one; the first problem found is thrown as a ManifestError.
 */
export function readPersistedManifests(files: readonly string[], schema: GraphQLSchema): TrustedDocuments {
  const trusted = new Map<string, string>();
  for (const file of files) {
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ? 'cannot be read' : 'is not JSON';
      throw new ManifestError(file, `${reason} (${(error as Error).message.split('\n')[0]})`);
    }
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
      throw new ManifestError(file, 'must be a JSON object of hash → document, as the client preset writes persisted-documents.json');
    }
    const entries = Object.entries(manifest);
    if (entries.length === 0) throw new ManifestError(file, 'holds no documents');
    for (const [hash, document] of entries) {
      if (!HASH_SHAPE.test(hash))
        throw new ManifestError(file, `key ${JSON.stringify(hash.slice(0, 40))} is not a hash (1-128 letters, digits and :.+/=_-)`);
      const problem = documentProblem(schema, document);
      if (problem) throw new ManifestError(file, `entry ${hash}: ${problem}`);
      const known = trusted.get(hash);
      if (known !== undefined && known !== document)
        throw new ManifestError(file, `entry ${hash}: another manifest gives this hash another document`);
      trusted.set(hash, document as string);
    }
  }
  return trusted;
}

/** At most this much of a client's hash is repeated back to it. */
const ECHO_LIMIT = 80;

/** Whether a document asks only about the schema (`__schema`, `__type`, `__typename` at its root): GraphiQL's own introspection. */
function isIntrospectionOnly(query: string, maxTokens: number): boolean {
  let document;
  try {
    document = parse(query, { maxTokens });
  } catch {
    return false;
  }
  // Queries whose root fields are all introspection's, and fragments on introspection's own types.
  return document.definitions.every((definition) =>
    definition.kind === Kind.FRAGMENT_DEFINITION
      ? definition.typeCondition.name.value.startsWith('__')
      : definition.kind === Kind.OPERATION_DEFINITION &&
        definition.operation === 'query' &&
        definition.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && selection.name.value.startsWith('__')),
  );
}

/** The shipped operations (`examples`), the comparison page's and `extra`, trusted by their hashes. */
export function usePersistedContract(
  mode: PersistedOperationsMode,
  examples: readonly Example[],
  extra: TrustedDocuments = new Map(),
  maxTokens = 1500,
): Plugin[] {
  if (mode === 'off') return [];
  const page = comparePageDocument();
  const documents = new Map([
    ...examples.map(({ hash, query }) => [hash, query] as const),
    // The comparison page's own document: the page sends its hash (http/pages.ts).
    [page.hash, page.document] as const,
    ...extra,
  ]);
  // Introspection runs as text in any mode: GraphiQL needs the schema, which is public, and MAX_COST bounds it.
  const introspection = new WeakSet<Request>();
  return [
    {
      onParams({ params, request }) {
        if (mode === 'only' && typeof params.query === 'string' && isIntrospectionOnly(params.query, maxTokens)) introspection.add(request);
      },
    },
    usePersistedOperations({
      getPersistedOperation: (hash) => documents.get(hash) ?? null,
      allowArbitraryOperations: mode === 'allow' ? true : (request) => introspection.has(request),
      // Every trusted document was validated on loading; validating again costs little and guards the shipped files.
      skipDocumentValidation: false,
      customErrors: {
        notFound: ({ params }) => {
          const hash = String((params.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash ?? '');
          return new GraphQLError(
            `No trusted document has the hash "${hash.slice(0, ECHO_LIMIT)}"; this server knows ${documents.size}. ` +
              'Send the hash of a document in operations/ or in a manifest the server loads (PERSISTED_OPERATIONS_MANIFESTS).',
            { extensions: { code: ERROR_CODES.PERSISTED_QUERY_NOT_FOUND, http: { status: 404 } } },
          );
        },
        persistedQueryOnly: {
          message:
            "This server runs trusted documents only (PERSISTED_OPERATIONS=only): send the document's hash as " +
            'extensions.persistedQuery.sha256Hash (version 1), without its text.',
          extensions: { code: ERROR_CODES.PERSISTED_QUERY_ONLY, http: { status: 403 } },
        },
        keyNotFound: {
          message: "Send a query, or a trusted document's hash as extensions.persistedQuery.sha256Hash with version 1.",
          extensions: { code: ERROR_CODES.PERSISTED_QUERY_ID_REQUIRED, http: { status: 400 } },
        },
      },
    }) as Plugin,
  ];
}
