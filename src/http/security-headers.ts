// Headers that make a browser safer with what we send. Every response: X-Content-Type-Options:
// nosniff (a CSV or JSON answer is never run as script). Pages (/compare, GraphiQL), which show
// imported text: a Content-Security-Policy that runs only this server's own scripts, styles and
// workers (no inline script at all), frames nowhere, and a Referrer-Policy.
import type { Plugin } from 'graphql-yoga';

/** The policy for a page; GraphiQL's editor (Monaco) adds <style> elements at run time, nothing else does. */
export function contentSecurityPolicy(inlineStyles: boolean): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    inlineStyles ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function useSecurityHeaders(): Plugin {
  return {
    onResponse({ request, response }) {
      response.headers.set('x-content-type-options', 'nosniff');
      if (response.headers.get('content-type')?.startsWith('text/html')) {
        const graphiql = new URL(request.url).pathname === '/graphql';
        response.headers.set('content-security-policy', contentSecurityPolicy(graphiql));
        response.headers.set('referrer-policy', 'no-referrer');
      }
    },
  };
}
