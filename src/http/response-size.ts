// The response-size cap: after execution and before anything is serialised, the answer's size is
// counted as it is walked, and the walk stops as soon as it passes MAX_RESPONSE_BYTES; such an answer
// is replaced by a clean error rather than turned into a string of many megabytes. The walk costs
// what the counted part costs, never more than the cap.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ERROR_CODES } from '../domain/error-codes.js';

/** Characters the JSON of `value` takes, counting until `budget` is spent (then returns more than it). */
export function jsonSizeWithin(value: unknown, budget: number): number {
  let used = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && used <= budget) {
    const item = stack.pop();
    if (item === null || item === undefined) used += 4;
    else if (typeof item === 'string') used += item.length + 2;
    else if (typeof item === 'number' || typeof item === 'boolean') used += 8;
    else if (Array.isArray(item)) {
      used += 2 + item.length;
      for (let i = 0; i < item.length; i++) stack.push(item[i]);
    } else if (typeof item === 'object') {
      // for…in rather than Object.entries: no array per object (this walk runs on every answer).
      const record = item as Record<string, unknown>;
      for (const key in record) {
        if (!Object.hasOwn(record, key)) continue;
        used += key.length + 4;
        stack.push(record[key]);
      }
      used += 2;
    }
  }
  return used;
}

export function useResponseSizeCap(maxResponseBytes: number): Plugin {
  return {
    onExecutionResult({ result, setResult }) {
      if (!result || Symbol.asyncIterator in result) return;
      if (jsonSizeWithin(result, maxResponseBytes) <= maxResponseBytes) return;
      setResult({
        errors: [
          new GraphQLError(
            `the answer would be larger than ${maxResponseBytes} bytes (MAX_RESPONSE_BYTES); ` +
              'ask for fewer items or fields, or use the CSV/NDJSON exports for whole tables',
            {
              extensions: { code: ERROR_CODES.RESPONSE_TOO_LARGE, maxResponseBytes, http: { status: 400 } },
            },
          ),
        ],
      });
    },
  };
}
