// The answer to a GET or HEAD for a file the server holds: 304 when the client's copy matches
// (If-None-Match: a list, weak or strong tags, or *; compared by `fresh`), otherwise the body (none
// for HEAD) with the headers given, which must include the ETag. The request's Cache-Control is not
// passed on: `fresh` reads no-cache as "send it all", which suits a cache, but the origin answers a
// conditional request by its ETag (fetch() adds no-cache whenever a script sets If-None-Match).
import fresh from 'fresh';

export function staticResponse(request: Request, headers: Record<string, string> & { etag: string }, body: () => BodyInit): Response {
  const requestHeaders = { 'if-none-match': request.headers.get('if-none-match') ?? undefined };
  if (fresh(requestHeaders, { etag: headers.etag })) return new Response(null, { status: 304, headers });
  return new Response(request.method === 'HEAD' ? null : body(), { status: 200, headers });
}
