// Runs GraphQL operations through the yoga app's fetch handler (no socket) and counts SQL statements.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../../src/http/yoga.js';
import { ReadModel } from '../../src/queries/read-model.js';
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
 * Statements are counted once the read model has loaded and finished any reload a write started,
 * so a count is the request's own work.
 */
export function graphqlClient(database: TestDatabase, { apiToken, cacheTtlMs = 0 }: { apiToken?: string; cacheTtlMs?: number } = {}) {
  const readModel = new ReadModel(database);
  const app = createApp({ database, apiToken, cacheTtlMs, readModel });
  // A test that writes straight to the database and then reads must see its write: on PostgreSQL the
  // notification comes on another connection and may not have arrived yet, so a write seen in the
  // log since the last request reloads first (as afterWrite does for writes through the API).
  let seen = database.log.statements.length;
  const reloadAfterDirectWrites = async () => {
    const wrote = database.log.statements.slice(seen).some((s) => /^\s*(insert|update|delete)\b/i.test(s.sql));
    if (wrote) await readModel.reload();
    seen = database.log.statements.length;
  };
  const execute = async <T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    operationName?: string,
  ): Promise<{ body: GraphQLResponse<T>; statements: number; status: number }> => {
    await readModel.snapshot();
    await reloadAfterDirectWrites();
    await readModel.settled();
    const { result, statements } = await database.log.capture(async () => {
      const response = await app.fetch('http://test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(apiToken ? { authorization: `Bearer ${apiToken}` } : {}),
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
