// The contract operations, shipped in operations/, opened as GraphiQL tabs (ForceReport first).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../db/target.js';

export const operationsDir = path.join(projectRoot, 'operations');

/** Example files in the order GraphiQL shows them. */
export const exampleFiles = ['report.graphql', 'browse.graphql', 'compare.graphql', 'data.graphql', 'import.graphql'] as const;

export function readExamples(): { file: string; query: string }[] {
  return exampleFiles.map((file) => ({ file, query: readFileSync(path.join(operationsDir, file), 'utf8') }));
}

/** The names of the operations in these documents (ForceReport, Compare, …). */
export function operationNames(documents: readonly string[]): Set<string> {
  return new Set(
    documents.flatMap((document) => [...document.matchAll(/\b(?:query|mutation|subscription)\s+([_A-Za-z]\w*)/g)].map((m) => m[1]!)),
  );
}
