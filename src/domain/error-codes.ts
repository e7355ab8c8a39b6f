// The codes a client finds in `extensions.code` of a refused request (besides graphql-js's and
// yoga's own, such as GRAPHQL_VALIDATION_FAILED), and the HTTP status each comes with. Import and
// delete refusals have their own codes in domain/import-errors.ts.
export const ERROR_CODES = {
  /** An argument, variable or export parameter breaks an input rule (NUL, length, list size). */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The database cannot be reached or is too busy; retry after the Retry-After header's seconds. */
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  /** A statement ran past STATEMENT_TIMEOUT_MS or no connection came free within POOL_WAIT_MS (503, Retry-After). */
  DATABASE_BUSY: 'DATABASE_BUSY',
  /** The database has no space left to write; the write was rolled back, nothing of it kept (503, Retry-After). */
  STORAGE_FULL: 'STORAGE_FULL',
  /** Too many imported pages are waiting for the parser already; retry after the Retry-After header's seconds (503). */
  IMPORTS_BUSY: 'IMPORTS_BUSY',
  /** The request ran past EXECUTION_TIMEOUT_MS and was stopped (503). */
  EXECUTION_TIMEOUT: 'EXECUTION_TIMEOUT',
  /** The operation's estimated cost is over MAX_COST (400). */
  COST_LIMIT_EXCEEDED: 'COST_LIMIT_EXCEEDED',
  /** The answer would be over MAX_RESPONSE_BYTES (400). */
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  /** The request body is over MAX_BODY_BYTES (413). */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** X-Min-Data-Version named a data version not reached before the request's wait ran out (503, Retry-After). */
  DATA_VERSION_NOT_REACHED: 'DATA_VERSION_NOT_REACHED',
  /** Too many requests from one address (429, Retry-After). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** No trusted document has the hash sent in extensions.persistedQuery.sha256Hash (404). */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  /** PERSISTED_OPERATIONS=only and the request sent a document's text instead of its hash (403). */
  PERSISTED_QUERY_ONLY: 'PERSISTED_QUERY_ONLY',
  /** The request sent neither a query nor a persisted document's hash (400). */
  PERSISTED_QUERY_ID_REQUIRED: 'PERSISTED_QUERY_ID_REQUIRED',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];
