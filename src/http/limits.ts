// Limits that keep one request from taking the server down: query depth, aliases, directives,
// tokens and cost (graphql-armor), and the size of a request body. Each is configurable.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Limits } from '../limits.js';

export { DEFAULT_LIMITS, type Limits } from '../limits.js';

export function useQueryLimits(limits: Limits): Plugin[] {
  // A refusal is a validation error: 400 under application/graphql-response+json, and 200 under
  // application/json as the GraphQL-over-HTTP spec asks for that legacy type.
  return [armor(limits)];
}

/** Rejections become validation errors of the request rather than exceptions thrown mid-validation. */
const asValidationError = {
  propagateOnRejection: false,
  // These three are validation rules, which armor always calls with the validation context.
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context!.reportError(error)],
};

function armor(limits: Limits): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: { n: limits.maxDepth, flattenFragments: true, ...asValidationError },
    maxAliases: { n: limits.maxAliases, ...asValidationError },
    maxDirectives: { n: limits.maxDirectives, ...asValidationError },
    maxTokens: { n: limits.maxTokens },
    // Cost is @pothos/plugin-complexity's (graphql/complexity.ts), which reads variables too.
    costLimit: { enabled: false },
    // The data is public and the schema documented: "did you mean" helps more than it hides.
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
}

const bodyTooLarge = (maxBodyBytes: number, bytes: string) =>
  createGraphQLError(`request body is ${bytes} bytes; at most ${maxBodyBytes} are accepted (MAX_BODY_BYTES)`, {
    extensions: { code: 'PAYLOAD_TOO_LARGE', http: { status: 413 } },
  });

/**
 * Refuses a body over MAX_BODY_BYTES: at once when its Content-Length says so, and otherwise (chunked,
 * or a Content-Length that lies) by counting bytes as they are read, stopping at the limit.
 */
export function useBodyLimit(maxBodyBytes: number): Plugin {
  return {
    onRequest({ request, endResponse }) {
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length > maxBodyBytes) {
        const error = bodyTooLarge(maxBodyBytes, String(length));
        endResponse(Response.json({ errors: [{ message: error.message, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }, { status: 413 }));
      }
    },
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      // A GET has no body; a body of a type yoga does not parse gets yoga's own 415.
      if (!request.body || !requestParser) return;
      setRequestParser(async (original) => {
        const body = await readAtMost(original, maxBodyBytes);
        if (body === null) throw bodyTooLarge(maxBodyBytes, `over ${maxBodyBytes}`);
        return requestParser(new fetchAPI.Request(original.url, { method: original.method, headers: original.headers, body }));
      });
    },
  };
}

/** The whole body, or null as soon as it passes `max` bytes (the rest is never read). */
async function readAtMost(request: Request, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = request.body!.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
