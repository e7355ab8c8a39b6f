// The Pothos schema builder: drizzle-backed types planned into single SQL queries, Relay nodes and
// connections. Every type file under types/ adds itself to this builder.
//
// Column fields of Force, InspectionYear, Question and Finding use plain resolvers (`t.string({
// resolve: (row) => row.slug })`), not `t.exposeString('slug')`. Those types load every column (no
// type-level `select`), so a plain resolver reads what the planner loaded; but an exposed field
// carries a one-column selection, and plugin-drizzle then trusts only rows its own planner loaded and
// fetches any other row again. Compare, peers and dataCoverage hand out rows they loaded themselves:
// with exposed columns each such request paid one extra statement per type (Compare 7 instead of 4).
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { Database } from '../db/connect.js';
import type { ReadModel } from '../queries/read-model.js';
import type { FindingRow, ForceRow, QuestionRow, ReportRow, Snapshot, YearRow } from '../queries/snapshot.js';
import { relations } from '../db/relations.js';
import { CONNECTION_PAGE, fieldComplexity } from './complexity.js';
import { isMissingNode, isWellFormedNodeId, presentNodeKeys } from './node-presence.js';

export interface Context {
  db: Database;
  /** The in-memory data reads are served from (graphql/read.ts pins one snapshot per request). */
  readModel: ReadModel;
  /** The snapshot this request reads, once a field has asked for it. */
  snapshot?: Snapshot | Promise<Snapshot>;
  /** Whether this request may write, decided from its Authorization header (see http/auth.ts). */
  writeAccess: WriteAccess;
  /** The largest report page importReport accepts, in bytes. */
  maxImportBytes: number;
  /** After a committed write: the data version now committed, and a snapshot that holds it (see readOwnWrite). */
  afterWrite: () => Promise<{ version: number; snapshot: Snapshot }>;
  /** The data version a mutation's write made (set by readOwnWrite); the answer's X-Data-Version. */
  dataVersion?: number;
}

export type WriteAccess = 'granted' | 'writes-disabled' | 'no-token' | 'wrong-token';

export const builder = new SchemaBuilder<{
  Context: Context;
  DrizzleRelations: typeof relations;
  DefaultFieldNullability: false;
  // The row types by GraphQL name, so a field can name a type whose module imports its own (Report's
  // findings, Finding's report) without an import cycle: \`type: 'Report'\`.
  Objects: {
    Force: ForceRow;
    InspectionYear: YearRow;
    Question: QuestionRow;
    Report: ReportRow;
    Finding: Omit<FindingRow, 'forceId'>;
  };
  Scalars: {
    Date: { Input: string; Output: string };
    ID: { Input: string; Output: string | number };
  };
}>({
  // Complexity first, so its check wraps every other plugin's resolver: nothing runs before it.
  plugins: [ComplexityPlugin, ErrorsPlugin, RelayPlugin, DrizzlePlugin],
  errors: { defaultTypes: [] },
  complexity: {
    fieldComplexity,
    // Checked once per operation by http/cost-limit.ts, on the document as the client sent it: the
    // response cache adds __typename to every selection, which this plugin counts at 1 each.
    disabled: true,
  },
  defaultFieldNullability: false,
  drizzle: {
    client: (ctx) => ctx.db as never,
    getTableConfig,
    relations,
    defaultConnectionSize: CONNECTION_PAGE.default,
    maxConnectionSize: CONNECTION_PAGE.max,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: {
      description: 'The items on this page, without their cursors.',
    },
    nodeTypeOptions: { description: 'An object with a global ID that `node` and `nodes` can fetch again.' },
    pageInfoTypeOptions: { description: 'Where this page sits in the whole list, for cursor pagination.' },
    nodeQueryOptions: {
      description: 'Fetches any object by its global ID (the `id` field of every type); null when there is no such object.',
      args: { id: { description: 'A global ID, as returned in any `id` field.' } },
      resolve: async (_root, { id }, _context, _info, resolveNode) => {
        if (!isWellFormedNodeId(id)) return null;
        try {
          return await resolveNode(id);
        } catch (error) {
          if (isMissingNode(error)) return null;
          throw error;
        }
      },
    },
    nodesQueryOptions: {
      description: 'Fetches several objects by their global IDs, in the order given; null in place of any that does not exist.',
      args: { ids: { description: 'Global IDs, as returned in `id` fields (at most 100).' } },
      resolve: async (_root, args, context, _info, resolveNodes) => {
        const { ids } = args;
        const present = await presentNodeKeys(context.db, ids);
        const found = ids.filter(({ typename, id }) => present.has(`${typename}:${id}`));
        // plugin-relay's resolveNodes loads `args.ids` whatever it is handed, so narrow those.
        args.ids = found;
        const loaded = found.length > 0 ? await resolveNodes(found) : [];
        const byKey = new Map(found.map(({ typename, id }, index) => [`${typename}:${id}`, loaded[index]]));
        return ids.map(({ typename, id }) => byKey.get(`${typename}:${id}`) ?? null);
      },
    },
    idFieldOptions: { description: 'Global ID: opaque, stable, and accepted by `node` and `nodes`.' },
    cursorFieldOptions: { description: 'Opaque position of this item; pass it as `after` to continue.' },
    nodeFieldOptions: { description: 'The item.' },
    edgesFieldOptions: { description: 'The items on this page with their cursors.' },
    pageInfoFieldOptions: { description: 'Cursors and flags for fetching neighbouring pages.' },
    hasNextPageFieldOptions: { description: 'Whether more items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether items precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first item on this page.' },
    endCursorFieldOptions: { description: 'Cursor of the last item on this page; pass it as `after`.' },
    firstArgOptions: { description: 'Return at most this many items from the start (at most 100).' },
    afterArgOptions: { description: 'Return items after this cursor (an `endCursor` or edge `cursor`).' },
    lastArgOptions: { description: 'Return at most this many items from the end (at most 100).' },
    beforeArgOptions: { description: 'Return items before this cursor (a `startCursor` or edge `cursor`).' },
    defaultConnectionTypeOptions: { description: 'A page of a list, with its total size and cursors.' },
    defaultEdgeTypeOptions: { description: 'One item of a page with its cursor.' },
  },
});

builder.mutationType({ description: 'Change the data: import and remove report pages. Needs `Authorization: Bearer <API_TOKEN>`.' });

builder.queryType({ description: 'Read the PEEL inspection data: forces, inspection years, questions, reports and findings.' });
