// The data version on the wire. Every GraphQL answer names, in X-Data-Version, the data version it
// was read at (peel_data_version() when its snapshot was read; for a mutation, a version that holds
// its write). A request with X-Min-Data-Version: N is answered from data at least that new: it waits
// for the snapshot to reach N, at most `waitMs`, and is then refused with 503
// DATA_VERSION_NOT_REACHED. The snapshot is pinned before the response cache looks anything up, so
// the cache keys its entries by the version they were read at (http/response-cache.ts).
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../graphql/builder.js';
import { ERROR_CODES } from '../domain/error-codes.js';
import { VersionNotReached, type ReadModel } from '../queries/read-model.js';
import type { Snapshot } from '../queries/snapshot.js';
import type { WriteVisibility } from './write-visibility.js';

export const DATA_VERSION_HEADER = 'x-data-version';
export const MIN_DATA_VERSION_HEADER = 'x-min-data-version';

/** What X-Min-Data-Version accepts: what peel_data_version() can answer, written in decimal. */
const VERSION_PATTERN = /^[1-9]\d{0,14}$/;

/** A malformed header (400), or a version not reached in time (503, worth retrying a second later). */
const refusal = (message: string, notReached: boolean, extra: Record<string, unknown> = {}) =>
  new GraphQLError(message, {
    extensions: {
      code: notReached ? ERROR_CODES.DATA_VERSION_NOT_REACHED : ERROR_CODES.BAD_USER_INPUT,
      ...extra,
      http: notReached ? { status: 503, headers: { 'retry-after': '1' } } : { status: 400 },
    },
  });

/** The plugin, and the data version each request was pinned to (the response cache keys by it). */
export interface DataVersioning {
  plugin: Plugin;
  /** The version of the snapshot `request` reads; null when it has none or its read failed. */
  versionOf(request: Request): Promise<number | null>;
  /** The version of the snapshot held now: a cache key of an older one is stale. */
  current(): number;
}

export function useDataVersion(readModel: ReadModel, waitMs: number, visibility?: WriteVisibility): DataVersioning {
  // Pinned when the parameters are known, before the response cache looks up an answer by version.
  const pinned = new WeakMap<Request, Snapshot | Promise<Snapshot>>();
  const wanted = new WeakMap<Request, number>();
  const contexts = new WeakMap<Request, Context>();
  const versionOf = async (request: Request): Promise<number | null> => {
    try {
      return (await pinned.get(request))?.version ?? null;
    } catch {
      return null; // the read failed: the request answers that error, and nothing is cached
    }
  };
  const plugin: Plugin = {
    onRequest({ request, url, endResponse }) {
      const header = request.headers.get(MIN_DATA_VERSION_HEADER);
      if (header === null || url.pathname !== '/graphql') return;
      const value = header.trim();
      if (!VERSION_PATTERN.test(value)) {
        const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
        const message =
          `X-Min-Data-Version must be a data version: a whole number from 1 to 999999999999999, as \`select peel_data_version()\` ` +
          `or an answer's X-Data-Version gives it; got ${JSON.stringify(shown)}`;
        endResponse(Response.json({ errors: [refusal(message, false, { header: 'X-Min-Data-Version' }).toJSON()] }, { status: 400 }));
        return;
      }
      wanted.set(request, Number(value));
    },
    async onParams({ request, setResult }) {
      const minimum = wanted.get(request);
      if (minimum === undefined) {
        const got = readModel.snapshot();
        pinned.set(request, got);
        // Awaited here, so the answer can name its version even when no field reads the snapshot; a
        // failed read is left for the fields that need it to answer (503), as if nothing waited.
        if (got instanceof Promise) {
          try {
            pinned.set(request, await got);
          } catch {
            // the fields that await the pinned read report it
          }
        }
        return;
      }
      try {
        pinned.set(request, await readModel.atLeast(minimum, waitMs));
      } catch (error) {
        if (!(error instanceof VersionNotReached)) throw error;
        setResult({
          errors: [
            refusal(
              `${error.message} (X-Min-Data-Version: ${minimum}); a version comes from \`select peel_data_version()\` after COMMIT, or an answer's X-Data-Version`,
              true,
              { wanted: error.wanted, newest: error.newest },
            ),
          ],
        });
      }
    },
    onExecute({ args }) {
      const context = args.contextValue as unknown as Context & { request: Request };
      contexts.set(context.request, context);
      const got = pinned.get(context.request);
      if (got && !context.snapshot) {
        context.snapshot = got;
        if (got instanceof Promise) got.then((snapshot) => (context.snapshot = snapshot)).catch(() => {});
      }
    },
    onResponse({ request, response }) {
      const context = contexts.get(request);
      const snapshot = context?.snapshot ?? pinned.get(request);
      const version = context?.dataVersion ?? (snapshot && !(snapshot instanceof Promise) ? snapshot.version : null);
      if (version === null) return;
      response.headers.set(DATA_VERSION_HEADER, String(version));
      visibility?.answered(version);
    },
  };
  return { plugin, versionOf, current: () => readModel.version };
}
