// Browser-facing rules: which origins may call the API (CORS), and CSRF prevention for the
// requests a browser sends without asking first.
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { CORSOptions, Plugin } from 'graphql-yoga';

/**
 * CORS_ORIGINS: unset or `*` lets any origin read (the data is public, and the write token is a
 * bearer header, not a cookie a browser would attach on its own); a comma-separated list allows
 * only those origins; `none` sends no CORS headers at all.
 */
export function corsOptions(origins: string[] | '*' | 'none'): CORSOptions | false {
  if (origins === 'none') return false;
  return {
    origin: origins === '*' ? '*' : origins,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'x-graphql-yoga-csrf', 'if-none-match'],
    exposedHeaders: ['etag', 'x-request-id'],
    maxAge: 600,
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
