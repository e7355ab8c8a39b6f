// Limits that keep one request from taking the server down: query depth, aliases, directives,
// tokens and cost (graphql-armor), and the size of a request body. Each is configurable.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Limits } from '../domain/limits.js';

export { DEFAULT_LIMITS, type Limits } from '../domain/limits.js';

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

/** The most bytes a request's body may have: MAX_BODY_BYTES with the write token, MAX_READ_BODY_BYTES without. */
interface BodyAllowance {
  bytes: number;
  variable: 'MAX_BODY_BYTES' | 'MAX_READ_BODY_BYTES';
}

const bodyTooLarge = ({ bytes, variable }: BodyAllowance, sent: string) => {
  const more = variable === 'MAX_READ_BODY_BYTES' ? '; requests with the write token may send more' : '';
  return createGraphQLError(`request body is ${sent} bytes; at most ${bytes} are accepted (${variable}${more})`, {
    extensions: { code: 'PAYLOAD_TOO_LARGE', http: { status: 413 } },
  });
};

/**
 * Refuses a body over its allowance: at once when its Content-Length says so, and otherwise (chunked,
 * or a Content-Length that lies) by counting bytes as they are read, stopping at the limit. Reads need
 * little (a query and its variables), and parsing a JSON body of many keys costs ~60 ms a megabyte of
 * blocked event loop, so only a request carrying the write token (an imported page) gets MAX_BODY_BYTES.
 */
export function useBodyLimit(
  limits: Pick<Limits, 'maxBodyBytes' | 'maxReadBodyBytes'>,
  hasWriteToken: (request: Request) => boolean = () => false,
): Plugin {
  const allowance = (request: Request): BodyAllowance =>
    hasWriteToken(request)
      ? { bytes: limits.maxBodyBytes, variable: 'MAX_BODY_BYTES' }
      : { bytes: limits.maxReadBodyBytes, variable: 'MAX_READ_BODY_BYTES' };
  return {
    onRequest({ request, endResponse }) {
      const length = Number(request.headers.get('content-length') ?? 0);
      const allowed = allowance(request);
      if (length > allowed.bytes) {
        const error = bodyTooLarge(allowed, String(length));
        endResponse(Response.json({ errors: [{ message: error.message, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }, { status: 413 }));
      }
    },
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      // A GET has no body; a body of a type yoga does not parse gets yoga's own 415.
      if (!request.body || !requestParser) return;
      const allowed = allowance(request);
      setRequestParser(async (original) => {
        const body = await readAtMost(original, allowed.bytes);
        if (body === null) throw bodyTooLarge(allowed, `over ${allowed.bytes}`);
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
