// Writes the schema's SDL to schema/schema.graphql (npm run schema:print); a test fails when stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../db/target.js';
import { printSchemaSdl } from '../graphql/print.js';

const file = path.join(projectRoot, 'schema', 'schema.graphql');
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(file, printSchemaSdl());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
