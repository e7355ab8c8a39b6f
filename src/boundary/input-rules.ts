// What the API accepts in any one string or list a client sends, wherever it sends it (GraphQL
// arguments and variables, export query parameters): checked once, before anything reaches SQL or
// an algorithm whose cost grows with the input (the "did you mean" edit distance, say).
import { INPUT_LIMITS } from '../limits.js';

/** One broken rule: which rule, and a sentence that says what is accepted. */
export interface InputViolation {
  rule: 'nul-byte' | 'invalid-unicode' | 'too-long' | 'too-many-items' | 'too-deep';
  message: string;
}

/** The most characters a string may have, by what it is. */
export type StringKind = 'name' | 'id' | 'search' | 'url' | 'page';

const MAX_CHARS: Record<StringKind, number | null> = {
  name: INPUT_LIMITS.maxNameChars,
  id: INPUT_LIMITS.maxIdChars,
  search: INPUT_LIMITS.maxSearchChars,
  url: INPUT_LIMITS.maxUrlChars,
  // A report page is bounded in bytes by the importer (IMPORT_MAX_BYTES), which also says BINARY_INPUT.
  page: null,
};

export function checkString(value: string, kind: StringKind): InputViolation | null {
  const max = MAX_CHARS[kind];
  // Length first: the other checks read every character.
  if (max !== null && value.length > max) {
    return { rule: 'too-long', message: `has ${value.length} characters; at most ${max} are accepted` };
  }
  if (kind === 'page') return null;
  if (value.includes('\0')) return { rule: 'nul-byte', message: 'contains a NUL character (U+0000), which is never accepted' };
  if (!value.isWellFormed()) return { rule: 'invalid-unicode', message: 'is not valid Unicode (it holds an unpaired surrogate)' };
  return null;
}

/** `forces` lists hold at most the 43 forces; any other list (`ids` included) at most 100 items. */
export type ListKind = 'forces' | 'other';

const MAX_ITEMS: Record<ListKind, number> = {
  forces: INPUT_LIMITS.maxForces,
  other: INPUT_LIMITS.maxListItems,
};

export function checkList(length: number, kind: ListKind): InputViolation | null {
  const max = MAX_ITEMS[kind];
  if (length <= max) return null;
  const what = kind === 'forces' ? ` (there are ${INPUT_LIMITS.maxForces} forces)` : '';
  return { rule: 'too-many-items', message: `has ${length} items; at most ${max} are accepted${what}` };
}

/** Whether `value` is an absolute http: or https: URL, the only kind a page may link to. */
export function isHttpUrl(value: string): boolean {
  // Written out as http(s)://, as the pages require before making a link of it.
  if (value.length > INPUT_LIMITS.maxUrlChars || /\s/.test(value) || !/^https?:\/\//i.test(value)) return false;
  if (!URL.canParse(value)) return false;
  const { protocol, host } = new URL(value);
  return (protocol === 'http:' || protocol === 'https:') && host !== '';
}
