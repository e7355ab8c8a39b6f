// The entry module of the import parser's thread (ingest/parse-off-thread.ts starts it; src/start.ts
// bundles it beside the server): checks and parses each page it is sent, away from the server's event
// loop, and answers with the parsed page or the import error, as plain data.
import { parentPort } from 'node:worker_threads';
import { ImportError } from './domain/import-errors.js';
import type { ParserAnswer, ParserRequest } from './ingest/parse-off-thread.js';
import { parsePage } from './ingest/parse-page.js';

const port = parentPort!;
port.on('message', ({ id, input }: ParserRequest) => {
  let answer: ParserAnswer;
  try {
    answer = { id, page: parsePage(input) };
  } catch (error) {
    answer =
      error instanceof ImportError
        ? { id, refused: { code: error.code, detail: error.detail, line: error.line, element: error.element } }
        : { id, failed: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(answer);
});
port.postMessage({ ready: true });
