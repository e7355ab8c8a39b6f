// Browser-facing rules: which origins may call the API (CORS), and CSRF prevention for the
// requests a browser sends without asking first.
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { CORSOptions, Plugin } from 'graphql-yoga';

const CORS_METHODS = 'GET, POST, OPTIONS';
const CORS_ALLOWED_HEADERS = 'content-type, authorization, x-graphql-yoga-csrf, if-none-match, x-min-data-version';
const CORS_EXPOSED_HEADERS = 'etag, x-request-id, retry-after, x-data-version';
const CORS_MAX_AGE = '600';

/**
 * CORS_ORIGINS: unset or `*` lets any origin read (the data is public, and the write token is a
 * bearer header, not a cookie a browser would attach on its own), answered by useOpenCors; a
 * comma-separated list allows only those origins (yoga's CORS); `none` sends no CORS headers at all.
 * Credentials are never allowed: no cookie or client certificate means anything here.
 */
export function corsOptions(origins: string[] | '*' | 'none'): CORSOptions | false {
  if (origins === 'none' || origins === '*') return false;
  return {
    origin: origins,
    credentials: false,
    methods: CORS_METHODS.split(', '),
    allowedHeaders: CORS_ALLOWED_HEADERS.split(', '),
    exposedHeaders: CORS_EXPOSED_HEADERS.split(', '),
    maxAge: Number(CORS_MAX_AGE),
  };
}

/**
 * CORS for any origin: a literal `*` (never the caller's origin echoed back, which yoga's CORS does
 * for `*` together with Access-Control-Allow-Credentials: true) and no credentials header.
 */
export function useOpenCors(): Plugin {
  return {
    onRequest({ request, endResponse }) {
      if (request.method !== 'OPTIONS' || !request.headers.get('origin')) return;
      endResponse(
        new Response(null, {
          status: 204,
          headers: {
            'access-control-allow-origin': '*',
            'access-control-allow-methods': CORS_METHODS,
            'access-control-allow-headers': CORS_ALLOWED_HEADERS,
            'access-control-max-age': CORS_MAX_AGE,
            'content-length': '0',
          },
        }),
      );
    },
    onResponse({ request, response }) {
      if (!request.headers.get('origin')) return;
      response.headers.set('access-control-allow-origin', '*');
      response.headers.set('access-control-expose-headers', CORS_EXPOSED_HEADERS);
    },
  };
}

/**
 * A POST a browser can send cross-site without a preflight (form or text/plain bodies) must carry
 * the `x-graphql-yoga-csrf` header, which a plain form cannot set. GET is exempt: it can only read
 * public data (mutations over GET are refused), and stays easy to call from curl or a notebook.
 */
export function useCsrfPrevention(): Plugin {
  const guard = useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] }) as Plugin & {
    onRequestParse: NonNullable<Plugin['onRequestParse']>;
  };
  return {
    onRequestParse(payload) {
      if (payload.request.method === 'GET') return;
      return guard.onRequestParse(payload);
    },
  };
}
