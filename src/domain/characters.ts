// One rule for the characters text may hold, wherever it comes in: report pages as text, HTML pages
// once their entities are decoded (`&#27;` is an ESC like any other), and the grades CSV. No control
// character but tab and line breaks (LF, and CR of CRLF), no DEL or C1 control, and no U+FFFD, which
// is what decoding leaves of a byte that was not UTF-8. Refused as BINARY_INPUT, with where.

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/;

export interface ForbiddenCharacter {
  /** Its offset in the text (UTF-16 units). */
  index: number;
  /** 1-based line and column, lines ending at LF. */
  line: number;
  column: number;
  /** As U+XXXX. */
  codePoint: string;
}

/** The first character the rule refuses, or null when the text holds none. */
export function findForbiddenCharacter(text: string): ForbiddenCharacter | null {
  const index = text.search(FORBIDDEN);
  if (index === -1) return null;
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  const codePoint = `U+${text.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0')}`;
  return { index, line, column, codePoint };
}

/** What to tell the sender, without the character itself (it may be what corrupts a terminal or a log). */
export function describeForbiddenCharacter({ codePoint, line, column }: ForbiddenCharacter, where = 'the input'): string {
  // U+FFFD is what decoding leaves of a byte that is not UTF-8, or HTML of a reference to no character.
  const kind =
    codePoint === 'U+FFFD' ? 'the replacement character: a byte that is not UTF-8, or a reference to no character' : 'a control character';
  return (
    `${where} holds ${codePoint} (${kind}) at line ${line}, column ${column}; ` +
    'text may hold no control characters but tab and line breaks (UTF-8 text expected)'
  );
}
