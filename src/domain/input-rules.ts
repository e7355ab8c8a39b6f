// What the API accepts in any one string or list a client sends, wherever it sends it (GraphQL
// arguments and variables, export query parameters): checked once, before anything reaches SQL or
// an algorithm whose cost grows with the input (the "did you mean" edit distance, say).
import { INPUT_LIMITS } from './limits.js';

/** One broken rule: which rule, and a sentence that says what is accepted. */
export interface InputViolation {
  rule: 'nul-byte' | 'invalid-unicode' | 'too-long' | 'too-many-items' | 'too-many-keys' | 'too-large' | 'too-deep';
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
  // A page's NUL bytes are the importer's to refuse (BINARY_INPUT, with the line).
  if (kind !== 'page' && value.includes('\0'))
    return { rule: 'nul-byte', message: 'contains a NUL character (U+0000), which is never accepted' };
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

/** Where in a JSON value a rule is broken ("" for the value itself, then `.key` and `[index]`). */
export interface ShapeViolation {
  path: string;
  violation: InputViolation;
}

/**
 * The first place a parsed JSON value (a request's variables) is shaped as no input of this API is:
 * nested too deep, a list over the longest list argument, an object with more keys than any input
 * type has, or too many values in all. Walked with an explicit stack, so no depth overflows it, and
 * before graphql-js coerces the variables: coercing 100,000 wrong values builds 100,000 errors, each
 * with "did you mean" suggestions (seconds of a blocked event loop).
 */
export function checkJsonShape(value: unknown, { depth = 0 } = {}): ShapeViolation | null {
  const { maxVariableDepth, maxObjectKeys, maxVariableValues } = INPUT_LIMITS;
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth }];
  let seen = 0;
  while (stack.length > 0) {
    const { value: item, path, depth } = stack.pop()!;
    if (++seen > maxVariableValues) {
      return {
        path: '',
        violation: {
          rule: 'too-large',
          message: `hold more than ${maxVariableValues} values in all; no request of this API needs as many`,
        },
      };
    }
    if (item === null || typeof item !== 'object') continue;
    if (depth > maxVariableDepth) {
      return { path, violation: { rule: 'too-deep', message: `nests deeper than ${maxVariableDepth} levels; no input of this API does` } };
    }
    if (Array.isArray(item)) {
      const violation = checkList(item.length, 'other');
      if (violation) return { path, violation };
      for (let i = item.length - 1; i >= 0; i--) stack.push({ value: item[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(item);
    if (keys.length > maxObjectKeys) {
      return {
        path,
        violation: { rule: 'too-many-keys', message: `has ${keys.length} keys; no input type has more than ${maxObjectKeys} fields` },
      };
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      stack.push({ value: (item as Record<string, unknown>)[keys[i]!], path: `${path}.${keys[i]!.slice(0, 64)}`, depth: depth + 1 });
    }
  }
  return null;
}

/** Whether `value` is an absolute http: or https: URL, the only kind a page may link to. */
export function isHttpUrl(value: string): boolean {
  // Written out as http(s)://, as the pages require before making a link of it.
  if (value.length > INPUT_LIMITS.maxUrlChars || /\s/.test(value) || !/^https?:\/\//i.test(value)) return false;
  if (!URL.canParse(value)) return false;
  const { protocol, host } = new URL(value);
  return (protocol === 'http:' || protocol === 'https:') && host !== '';
}
