// npm run codegen: typed documents for front ends, from the checked-in schema (schema/schema.graphql)
// and the operations that use it: the shipped contract (operations/*.graphql) and the typed-client
// example's own documents (graphql(`…`) calls in examples/typed-client/). The output is committed;
// CI runs this again and fails when it differs, as it does for the SDL. The manifest
// (persisted-documents.json, {sha256: document}) is what PERSISTED_OPERATIONS_MANIFESTS loads, so a
// server in PERSISTED_OPERATIONS=only mode runs these documents by hash and nothing else.
import { createHash } from 'node:crypto';
import type { CodegenConfig } from '@graphql-codegen/cli';

/** A document's key in the manifest: the hex SHA-256 of its printed text, as `persistedQuery.sha256Hash` carries it. */
const sha256 = (document: string) => createHash('sha256').update(document).digest('hex');

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['operations/*.graphql', 'examples/typed-client/*.ts'],
  ignoreNoDocuments: false,
  // Imports with their .js, as Node's ES modules (and TypeScript's NodeNext resolution) need.
  emitLegacyCommonJSImports: false,
  generates: {
    'examples/typed-client/gql/': {
      preset: 'client',
      presetConfig: {
        // Each document carries its hash; the example sends the hash alone when asked to.
        persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: sha256 },
        fragmentMasking: false,
      },
      config: {
        // Documents as typed strings: a fetch needs no GraphQL library at run time.
        documentMode: 'string',
        // Enum values as string unions: what the JSON on the wire holds, with no runtime object.
        enumsAsTypes: true,
        useTypeImports: true,
        // The schema's one custom scalar, as JSON carries it (ISO 8601, YYYY-MM-DD).
        scalars: { Date: 'string' },
      },
    },
  },
  hooks: { afterAllFileWrite: ['prettier --write'] },
};

export default config;
