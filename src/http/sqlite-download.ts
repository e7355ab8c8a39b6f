// /export/peel.sqlite: the whole data set as one SQLite file (queries/sqlite-file.ts), written once
// per data version, when first asked for, and sent with an ETag that names that version, so a
// client that has it already gets 304 and every other request costs a copy from memory.
import type { ReadModel } from '../queries/read-model.js';
import { buildSqlite } from '../queries/sqlite-file.js';

export const SQLITE_PATH = '/export/peel.sqlite';

export function sqliteDownload(readModel: ReadModel): (request: Request) => Promise<Response> {
  let built: { version: number; bytes: Uint8Array<ArrayBuffer> } | null = null;
  // GET or HEAD only: http/exports.ts answers other methods.
  return async (request) => {
    const snapshot = await readModel.snapshot();
    if (built?.version !== snapshot.version) built = { version: snapshot.version, bytes: buildSqlite(snapshot) };
    const etag = `"peel-${built.version}"`;
    const headers = {
      etag,
      // Revalidated each time: a data change makes a new file.
      'cache-control': 'no-cache',
      'x-data-version': String(built.version),
    };
    if (
      request.headers
        .get('if-none-match')
        ?.split(',')
        .some((tag) => tag.trim() === etag)
    )
      return new Response(null, { status: 304, headers });
    return new Response(request.method === 'HEAD' ? null : built.bytes, {
      headers: {
        ...headers,
        'content-type': 'application/vnd.sqlite3',
        'content-disposition': 'attachment; filename="peel.sqlite"',
        'content-length': String(built.bytes.byteLength),
      },
    });
  };
}
