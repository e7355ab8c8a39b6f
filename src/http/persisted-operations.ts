// Persisted operations: the shipped operations (operations/*.graphql) can be run by the SHA-256
// hash of their file, as `extensions: { persistedQuery: { version: 1, sha256Hash } }`. With
// PERSISTED_OPERATIONS=only, nothing else runs: a public deployment then serves exactly the contract.
import { createHash } from 'node:crypto';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import { readExamples } from './examples.js';

export type PersistedOperationsMode = 'off' | 'allow' | 'only';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Hash of each shipped operations file, as clients send it. */
export function persistedOperationHashes(): Map<string, { file: string; document: string }> {
  return new Map(readExamples().map(({ file, query }) => [sha256(query), { file, document: query }]));
}

export function usePersistedContract(mode: PersistedOperationsMode): Plugin[] {
  if (mode === 'off') return [];
  const documents = persistedOperationHashes();
  return [
    usePersistedOperations({
      getPersistedOperation: (hash) => documents.get(hash)?.document ?? null,
      allowArbitraryOperations: mode === 'allow',
      // The shipped documents are validated by the test suite already.
      skipDocumentValidation: false,
    }) as Plugin,
  ];
}
