// Every limit the server enforces, in one place: what it bounds, its environment variable (where it
// has one) and its default. config.ts reads the variables; docs/configuration.md
// lists them all with what a client sees on reaching one.

/** Limits on any one value a client sends (fixed: they follow from the data). */
export const INPUT_LIMITS = {
  /** Slugs, question keys, themes, regions and other names: the longest real one is under 40. */
  maxNameChars: 64,
  /** Global IDs and cursors (base64 of a type name and a number). */
  maxIdChars: 128,
  /** Search text. */
  maxSearchChars: 500,
  /** A source URL given with an imported page. */
  maxUrlChars: 2048,
  /** Any list argument, `nodes(ids:)` included. */
  maxListItems: 100,
  /** A list of forces: there are 43. */
  maxForces: 43,
  /** How deep variable values may nest (the schema's inputs nest three deep). */
  maxVariableDepth: 16,
  /** Keys of one object in the variables: no input type has more than a dozen fields. */
  maxObjectKeys: 100,
  /** Values in all of a request's variables together (objects, lists and scalars). */
  maxVariableValues: 10_000,
  /** How deep an imported HTML page's elements may nest (real report pages: under 40). */
  maxHtmlDepth: 256,
  /** Elements the HTML parser may make for one page (a report page makes a few thousand). */
  maxHtmlElements: 50_000,
  /** Attributes on one element of an imported HTML page (real ones carry under a dozen). */
  maxHtmlAttributes: 100,
  /**
   * Questions, paragraphs, list items, areas for improvement, causes of concern and recommendations
   * on one page, together (the Cambridgeshire page has 46). It also keeps each of the import's
   * multi-row inserts far under PostgreSQL's 65,535 parameters a statement.
   */
  maxReportItems: 5_000,
} as const;

/**
 * What parsing one imported page (text or HTML) may spend, on a thread of its own that is stopped
 * when either runs out (ingest/parse-off-thread.ts). A 2 MiB report page parses in under 0.2 s.
 */
export const PARSE_BUDGET = {
  /** Time from the page reaching the parser's thread to its answer. */
  timeMs: 1_000,
  /** The parser thread's V8 heap (old generation), in megabytes. */
  memoryMb: 256,
  /**
   * How long a page may wait for its turn behind others: then it is refused (503 IMPORTS_BUSY)
   * rather than left to wait past its request's deadline behind pages that take their whole second.
   */
  waitMs: 3_000,
  /** Pages that may wait at once; one more is refused at once (503 IMPORTS_BUSY). */
  waiting: 32,
} as const;

/** A configurable limit: the variable that sets it and its default. */
export interface LimitSetting {
  env: string;
  default: number;
  /** Whether 0 is accepted (and turns the limit off). */
  zeroTurnsOff?: boolean;
}

/** Limits on a request and its operation, each set by an environment variable. */
export const REQUEST_LIMITS = {
  maxDepth: { env: 'MAX_DEPTH', default: 10 },
  maxAliases: { env: 'MAX_ALIASES', default: 15 },
  maxDirectives: { env: 'MAX_DIRECTIVES', default: 10 },
  maxTokens: { env: 'MAX_TOKENS', default: 1500 },
  /** Estimated objects an operation may produce (graphql/complexity.ts). */
  maxCost: { env: 'MAX_COST', default: 10_000 },
  /** A request body carrying the write token (an imported page and its query). */
  maxBodyBytes: { env: 'MAX_BODY_BYTES', default: 4 * 1024 * 1024 },
  /** Any other request body: a query and its variables need a few kilobytes. */
  maxReadBodyBytes: { env: 'MAX_READ_BODY_BYTES', default: 256 * 1024 },
  /** The largest answer a GraphQL request may get (the exports stream, and are not capped). */
  maxResponseBytes: { env: 'MAX_RESPONSE_BYTES', default: 8 * 1024 * 1024 },
  /** A request still running after this long is answered 503 and its execution stopped. */
  executionTimeoutMs: { env: 'EXECUTION_TIMEOUT_MS', default: 10_000 },
  /** PostgreSQL's statement_timeout for the server's connections (stops the SQL itself). */
  statementTimeoutMs: { env: 'STATEMENT_TIMEOUT_MS', default: 5_000 },
  /** How long a request waits for a free PostgreSQL connection. */
  poolWaitMs: { env: 'POOL_WAIT_MS', default: 3_000 },
  /** How long shutdown waits for open requests before closing anyway. */
  shutdownTimeoutMs: { env: 'SHUTDOWN_TIMEOUT_MS', default: 10_000 },
  /** Requests per minute per client address (0: off). */
  readsPerMinute: { env: 'RATE_LIMIT_READS_PER_MINUTE', default: 1200, zeroTurnsOff: true },
  /** Requests with a wrong or missing write token per minute per client address. */
  authFailuresPerMinute: { env: 'RATE_LIMIT_AUTH_FAILURES_PER_MINUTE', default: 10 },
} as const satisfies Record<string, LimitSetting>;

export type Limits = { [K in keyof typeof REQUEST_LIMITS]: number };

/** Every request limit at its default. */
export const DEFAULT_LIMITS: Limits = Object.fromEntries(
  Object.entries(REQUEST_LIMITS).map(([key, setting]) => [key, setting.default]),
) as Limits;
