// Runs GraphQL operations through the yoga app's fetch handler (no socket) and counts SQL statements.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../../src/http/yoga.js';
import { ReadModel } from '../../src/queries/read-model.js';
import { readDataVersion } from '../../src/queries/snapshot-tables.js';
import { operationsDir } from '../../src/http/examples.js';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/**
 * A client of the app; with `apiToken`, the app requires it and the client sends it. The response
 * cache is off unless asked for, so every request really runs (and its statements can be counted).
 * Statements are counted once the read model has loaded and finished any refresh a write started,
 * so a count is the request's own work.
 */
export function graphqlClient(database: TestDatabase, { apiToken, cacheTtlMs = 0 }: { apiToken?: string; cacheTtlMs?: number } = {}) {
  const readModel = new ReadModel(database);
  const app = createApp({ database, apiToken, cacheTtlMs, readModel });
  // A test that writes straight to the database and then reads must see its write, as any client
  // would: after a write seen in the log since the last request, it asks for the data version
  // committed now (X-Min-Data-Version), which the server waits for.
  let seen = database.log.statements.length;
  const versionAfterDirectWrites = async (): Promise<number | null> => {
    const wrote = database.log.statements.slice(seen).some((s) => /^\s*(insert|update|delete|truncate)\b/i.test(s.sql));
    const version = wrote ? await readDataVersion(database.db) : null;
    seen = database.log.statements.length;
    return version;
  };
  const execute = async <T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    operationName?: string,
  ): Promise<{ body: GraphQLResponse<T>; statements: number; status: number }> => {
    await readModel.snapshot();
    const minVersion = await versionAfterDirectWrites();
    await readModel.settled();
    const { result, statements } = await database.log.capture(async () => {
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(apiToken ? { authorization: `Bearer ${apiToken}` } : {}),
          ...(minVersion === null ? {} : { 'x-min-data-version': String(minVersion) }),
        },
        body: JSON.stringify({ query, variables, operationName }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLResponse<T> };
    });
    seen = database.log.statements.length;
    return { ...result, statements: statements.length };
  };
  return { app, database, readModel, execute };
}

/** The text of a file in operations/ (the contract operations shipped as GraphiQL examples). */
export const operationFile = (file: string) => readFileSync(path.join(operationsDir, file), 'utf8');

/**
 * One seeded database and app for a whole test file (PGlite takes seconds to start), created before
 * its tests and closed after them. Use inside a test file's top level.
 */
export function seededApi(options: { apiToken?: string; cacheTtlMs?: number } = {}) {
  let client: ReturnType<typeof graphqlClient> | undefined;
  beforeAll(async () => {
    client = graphqlClient(await createTestDatabase(), options);
  });
  afterAll(() => client?.database.close());
  return {
    get database() {
      return client!.database;
    },
    get app() {
      return client!.app;
    },
    get readModel() {
      return client!.readModel;
    },
    execute: (...args: Parameters<ReturnType<typeof graphqlClient>['execute']>) => client!.execute(...args),
  };
}
