// The answer to a GET or HEAD for a file the server holds: 304 when the client's ETag matches,
// otherwise the body (none for HEAD) with the headers given, which must include the ETag.
export function staticResponse(request: Request, headers: Record<string, string> & { etag: string }, body: () => BodyInit): Response {
  if (request.headers.get('if-none-match') === headers.etag) return new Response(null, { status: 304, headers });
  return new Response(request.method === 'HEAD' ? null : body(), { status: 200, headers });
}
