// Static pages served beside the API: /compare (the comparison page, plain HTML, CSS and a browser
// module in pages/, no build step). They use only the public GraphQL API. Each file is read once and
// answered with an ETag, so a reload is a 304 while an upgraded server is seen at once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { projectRoot } from '../db/target.js';
import { sha256Hex } from './sha256.js';
import { staticResponse } from './static-response.js';

const pagesDir = path.join(projectRoot, 'src', 'http', 'pages');

/** URL path → file in pages/ and its media type. */
const PAGES: Record<string, { file: string; type: string }> = {
  '/compare': { file: 'compare.html', type: 'text/html; charset=utf-8' },
  '/compare/compare.js': { file: 'compare.js', type: 'text/javascript; charset=utf-8' },
  '/compare/compare.css': { file: 'compare.css', type: 'text/css; charset=utf-8' },
  '/graphiql-boot.js': { file: 'graphiql-boot.js', type: 'text/javascript; charset=utf-8' },
  '/graphiql-trusted.js': { file: 'graphiql-trusted.js', type: 'text/javascript; charset=utf-8' },
};

interface LoadedPage {
  body: string;
  type: string;
  etag: string;
}

let loaded: Map<string, LoadedPage> | undefined;

const loadedPage = (body: string, type: string): LoadedPage => ({ body, type, etag: `"${sha256Hex(body).slice(0, 16)}"` });

/**
 * The comparison page's operations (pages/compare.graphql), one document, and its SHA-256: the page
 * sends the hash with each request, and a server in PERSISTED_OPERATIONS=only mode trusts it.
 */
export function comparePageDocument(): { document: string; hash: string } {
  const document = readFileSync(path.join(pagesDir, 'compare.graphql'), 'utf8');
  return { document, hash: sha256Hex(document) };
}

function pages(): Map<string, LoadedPage> {
  loaded ??= new Map(
    Object.entries(PAGES).map(([urlPath, { file, type }]) => [urlPath, loadedPage(readFileSync(path.join(pagesDir, file), 'utf8'), type)]),
  );
  return loaded;
}

/**
 * The pages; `hashOnly` (PERSISTED_OPERATIONS=only) tells /compare to send its document's hash
 * alone from its first request, rather than learn it from a refusal.
 */
export function usePages({ hashOnly = false } = {}): Plugin {
  // The page's document travels as JSON with its hash, which a browser on plain HTTP could not work out itself.
  const documents = loadedPage(JSON.stringify({ ...comparePageDocument(), hashOnly }), 'application/json; charset=utf-8');
  return {
    onRequest({ request, url, endResponse }) {
      const page =
        url.pathname === '/compare/documents.json' ? documents : pages().get(url.pathname === '/compare/' ? '/compare' : url.pathname);
      if (!page || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      endResponse(staticResponse(request, { 'content-type': page.type, 'cache-control': 'no-cache', etag: page.etag }, () => page.body));
    },
  };
}
