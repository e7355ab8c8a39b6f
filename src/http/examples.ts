// The contract operations, shipped in operations/, opened as GraphiQL tabs (ForceReport first).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../db/target.js';
import { shippedReportPages } from '../ingest/seed.js';
import { sha256Hex } from './sha256.js';

export const operationsDir = path.join(projectRoot, 'operations');

/** Example files in the order GraphiQL shows them. */
export const exampleFiles = ['report.graphql', 'browse.graphql', 'compare.graphql', 'data.graphql', 'import.graphql'] as const;

export interface Example {
  file: (typeof exampleFiles)[number];
  query: string;
  /** SHA-256 (hex) of `query`: what a client sends for it as a persisted operation. */
  hash: string;
  /** The tab's variables (JSON), where the operation's own defaults are not enough to run it. */
  variables?: string;
  /** The tab's headers (JSON), for what the server asks of a writer. */
  headers?: string;
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/** What a tab needs beyond its document to run as shipped. */
function tabExtras(file: Example['file']): Pick<Example, 'variables' | 'headers'> {
  if (file !== 'import.graphql') return {};
  // The shipped page (the seed): importing it again answers `unchanged` and writes nothing, where a
  // shortened copy would replace the stored report with less.
  const { text, sourceUrl } = shippedReportPages()[0]!;
  return {
    variables: pretty({ format: 'TEXT', sourceUrl, text }),
    // Writes need the server's API_TOKEN: the placeholder is refused with a message saying so.
    headers: pretty({ Authorization: 'Bearer <API_TOKEN>' }),
  };
}

export function readExamples(): Example[] {
  return exampleFiles.map((file) => {
    const query = readFileSync(path.join(operationsDir, file), 'utf8');
    return { file, query, hash: sha256Hex(query), ...tabExtras(file) };
  });
}

/** The names of the operations in these documents (ForceReport, Compare, …). */
export function operationNames(documents: readonly string[]): Set<string> {
  return new Set(
    documents.flatMap((document) => [...document.matchAll(/\b(?:query|mutation|subscription)\s+([_A-Za-z]\w*)/g)].map((m) => m[1]!)),
  );
}
