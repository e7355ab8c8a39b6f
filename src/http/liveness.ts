// GET /healthz: the process is up and its event loop turns. Yoga's own check matches the URL's end,
// so `/healthz?probe=1` (a cache-busting probe) fell through to a 404; this one reads the path.
import type { Plugin } from 'graphql-yoga';

export function useLiveness(): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/healthz') endResponse(new fetchAPI.Response(null, { status: 200 }));
    },
  };
}
