// The contract operations, shipped in operations/, opened as GraphiQL tabs (ForceReport first).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../db/connect.js';

export const operationsDir = path.join(projectRoot, 'operations');

/** Example files in the order GraphiQL shows them. */
export const exampleFiles = ['report.graphql', 'browse.graphql', 'compare.graphql', 'data.graphql', 'import.graphql'] as const;

export function readExamples(): { file: string; query: string }[] {
  return exampleFiles.map((file) => ({ file, query: readFileSync(path.join(operationsDir, file), 'utf8') }));
}
