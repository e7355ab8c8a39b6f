// Errors an import reports to its user: a stable code, what was wrong, and where.

export type ImportErrorCode =
  | 'EMPTY_INPUT'
  | 'BINARY_INPUT'
  | 'INPUT_TOO_LARGE'
  | 'MISSING_TITLE'
  | 'MISSING_HEADLINE_QUESTION'
  | 'BAD_DATE'
  | 'MISSING_QUESTIONS'
  | 'MISPLACED_SECTION'
  | 'UNKNOWN_FORCE'
  | 'UNKNOWN_INSPECTION_YEAR'
  | 'UNKNOWN_PILLAR'
  | 'UNKNOWN_QUESTION'
  | 'DUPLICATE_QUESTION'
  | 'GRADE_OFF_SCALE'
  | 'MISSING_GRADE'
  | 'UNEXPECTED_GRADE'
  | 'REPORT_NOT_FOUND';

export class ImportError extends Error {
  override readonly name = 'ImportError';

  constructor(
    readonly code: ImportErrorCode,
    message: string,
    /** 1-based line of the input the error is about, when there is one. */
    readonly line?: number,
    /** For HTML input, the element the error is about, e.g. `<p>`. */
    readonly element?: string,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
  }

  /** The message without its "line N: " prefix, for callers that report the line separately. */
  get detail(): string {
    return this.line === undefined ? this.message : this.message.slice(`line ${this.line}: `.length);
  }
}
