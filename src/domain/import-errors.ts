// Errors an import reports to its user: a stable code, what was wrong, and where. The registry of
// codes with their meanings is the one list the GraphQL enum, the CLI and the parsers all read.

/** Every code, with what it means (the GraphQL enum's descriptions and the CLI's codes come from here). */
export const IMPORT_ERROR_CODES = {
  EMPTY_INPUT: 'The page is empty.',
  BINARY_INPUT: 'The input is not text (control characters or undecodable bytes).',
  INPUT_TOO_LARGE: 'The input is larger than IMPORT_MAX_BYTES.',
  INPUT_TOO_DEEP: 'The HTML nests elements deeper than a report page ever does.',
  INPUT_TOO_COMPLEX:
    'The page asks more of the parser than a report page ever does: too many elements, or attributes on one, or more time or memory than parsing an import is given.',
  BAD_SOURCE_URL: 'The source URL is not an http(s) URL.',
  MISSING_TITLE: 'No "<Force> PEEL <year>" title.',
  MISSING_HEADLINE_QUESTION: 'No headline question after the title.',
  BAD_DATE: 'The "Last updated" date is not a real dd/mm/yyyy date.',
  MISSING_QUESTIONS: 'No "Questions for <Pillar>" section with questions.',
  MISPLACED_SECTION: 'A section heading where it cannot be (e.g. Recommendations without a cause of concern).',
  UNKNOWN_FORCE: 'The title names no known force; the message lists the closest.',
  UNKNOWN_INSPECTION_YEAR: 'The title names no known inspection year.',
  UNKNOWN_PILLAR: '"Questions for <Pillar>" names no pillar of that year.',
  UNKNOWN_QUESTION: "A question is not in that year's catalogue; the message lists the closest.",
  DUPLICATE_QUESTION: 'A question appears twice on the page.',
  GRADE_OFF_SCALE: "A grade is not on that year's scale (e.g. Adequate before 2021/22).",
  MISSING_GRADE: 'A graded question has no grade line.',
  UNEXPECTED_GRADE: 'An ungraded question has a grade line.',
  REPORT_NOT_FOUND: 'No such report.',
  WRITE_CONFLICT: 'Another write to the same report got in first; send the request again.',
} as const;

export type ImportErrorCode = keyof typeof IMPORT_ERROR_CODES;

/** Page text as a message quotes it: cut to 80 characters, so a 2 MB line never makes a 2 MB message. */
export const quoted = (text: string): string => `"${text.length > 80 ? `${text.slice(0, 77)}…` : text}"`;

export class ImportError extends Error {
  override readonly name = 'ImportError';

  readonly code: ImportErrorCode;
  /** 1-based line of the input the error is about, when there is one. */
  readonly line?: number;
  /** For HTML input, the element the error is about, e.g. `<p>`. */
  readonly element?: string;

  constructor(code: ImportErrorCode, message: string, line?: number, element?: string) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.code = code;
    this.line = line;
    this.element = element;
  }

  /** The message without its "line N: " prefix, for callers that report the line separately. */
  get detail(): string {
    return this.line === undefined ? this.message : this.message.slice(`line ${this.line}: `.length);
  }
}
