// GraphiQL that works with no internet. Yoga's own page loads GraphiQL from unpkg.com (a blank page
// offline), and inlining the bundle instead would send ~9 MB with every page load. So the page is
// small HTML naming this server's copies of the @graphql-yoga/graphiql files, and those are served
// compressed (brotli or gzip, made once on first request) under a versioned path with a year-long
// immutable Cache-Control: the first visit downloads about 2 MB, a reload only the page.
import { stripIgnoredCharacters } from 'graphql';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import Negotiator from 'negotiator';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import type { Example } from './examples.js';
import { staticResponse } from './static-response.js';

const dist = path.dirname(createRequire(import.meta.url).resolve('@graphql-yoga/graphiql'));
const version = (JSON.parse(readFileSync(path.join(dist, '..', 'package.json'), 'utf8')) as { version: string }).version;

/** Where the assets live: the version in the path is what makes a year of caching safe. */
export const GRAPHIQL_ASSET_PREFIX = `/graphiql/${version}/`;

/** Served name → file in the package and its media type. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'yoga-graphiql.umd.js': { file: 'yoga-graphiql.umd.js', type: 'text/javascript; charset=utf-8' },
  'graphiql.css': { file: 'graphiql.css', type: 'text/css; charset=utf-8' },
  'editor.worker.js': { file: 'monacoeditorwork/editor.worker.bundle.js', type: 'text/javascript; charset=utf-8' },
  'json.worker.js': { file: 'monacoeditorwork/json.worker.bundle.js', type: 'text/javascript; charset=utf-8' },
  // The package's own file name has the double dot.
  'graphql.worker.js': { file: 'monacoeditorwork/graphql.worker..bundle.js', type: 'text/javascript; charset=utf-8' },
};

type Encoding = 'br' | 'gzip' | 'identity';

const compressBrotli = promisify(brotliCompress);
const compressGzip = promisify(gzip);

/** Each asset in each encoding, made once per process on first request (brotli 9: ~1 s for all of them). */
const encoded = new Map<string, Promise<Buffer>>();

function assetBody(name: string, encoding: Encoding): Promise<Buffer> {
  const key = `${name}:${encoding}`;
  let body = encoded.get(key);
  if (!body) {
    const raw = readFileSync(path.join(dist, ASSETS[name]!.file));
    body =
      encoding === 'br'
        ? compressBrotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
        : encoding === 'gzip'
          ? compressGzip(raw, { level: 9 })
          : Promise.resolve(raw);
    encoded.set(key, body);
  }
  return body;
}

/** The client's preferred encoding of ours, honouring q-values (`br;q=0` refuses brotli). */
function preferredEncoding(acceptEncoding: string | null): Encoding {
  const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding ?? undefined } });
  return (negotiator.encoding(['br', 'gzip', 'identity']) as Encoding | undefined) ?? 'identity';
}

/** Serves GET/HEAD under GRAPHIQL_ASSET_PREFIX; anything else there is a 404. */
export function useGraphiqlAssets(): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (!url.pathname.startsWith('/graphiql/')) return;
      const name = url.pathname.slice(GRAPHIQL_ASSET_PREFIX.length);
      // Own keys only: `constructor` or `__proto__` must be a 404 like any other unknown name.
      const asset = url.pathname.startsWith(GRAPHIQL_ASSET_PREFIX) && Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
      if (!asset || (request.method !== 'GET' && request.method !== 'HEAD')) {
        endResponse(
          new Response(`No GraphiQL asset at ${url.pathname}; GraphiQL is at /graphql`, {
            status: 404,
            headers: { 'content-type': 'text/plain' },
          }),
        );
        return;
      }
      const encoding = preferredEncoding(request.headers.get('accept-encoding'));
      const headers = {
        'content-type': asset.type,
        'cache-control': 'public, max-age=31536000, immutable',
        vary: 'Accept-Encoding',
        etag: `"graphiql-${version}-${name}-${encoding}"`,
      };
      if (request.headers.get('if-none-match') === headers.etag) {
        endResponse(staticResponse(request, headers, () => ''));
        return;
      }
      return assetBody(name, encoding).then((body) => {
        const sized = {
          ...headers,
          'content-length': String(body.length),
          ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
        };
        endResponse(staticResponse(request, sized, () => new Uint8Array(body)));
      });
    },
  };
}

function tabHashes(examples: readonly Example[]): Record<string, string> {
  return Object.fromEntries(
    examples.flatMap(({ query, hash }) => [
      [query, hash],
      [stripIgnoredCharacters(query), hash],
    ]),
  );
}

/** The examples as tabs, the first (ForceReport) open in the editor, each with what it needs to run. */
export function graphiqlOptions(examples: readonly Example[], { sendTabsByHash = false } = {}): GraphiQLOptions {
  return {
    // Under PERSISTED_OPERATIONS=only: each example's hash by the text GraphiQL sends for it (the file
    // with its ignored characters stripped, as GraphiQL sends it, or as written), which
    // pages/graphiql-boot.js sends in place of an unedited tab's text.
    ...(sendTabsByHash ? { tabHashes: tabHashes(examples) } : {}),
    title: 'peel-graphql',
    defaultTabs: examples.map(({ query, variables, headers }) => ({ query, variables, headers })),
    defaultQuery: examples[0]!.query,
    // GraphiQL 5 fills the editor from `initialQuery`, not from the first tab: without it the first
    // tab is named ForceReport but shows GraphiQL's welcome text, and running it is a syntax error.
    initialQuery: examples[0]!.query,
    // Without these GraphiQL starts the first tab with the variables and headers last typed in any
    // tab (it keeps them in localStorage), so a reload after the import tab opened a new ForceReport
    // tab carrying the import's page and token header.
    initialVariables: examples[0]!.variables ?? '',
    initialHeaders: examples[0]!.headers ?? '',
  } as GraphiQLOptions;
}

/** JSON that is safe inside a <script> element (no `</script>` or `<!--` can close it). */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The GraphiQL page, for yoga's `renderGraphiQL`: this server's assets, the examples in `options`.
 * No inline script (the Content-Security-Policy allows none): the settings travel as a JSON data
 * block that pages/graphiql-boot.js reads.
 */
export function renderOfflineGraphiQL(options: GraphiQLOptions): string {
  const asset = (name: keyof typeof ASSETS) => GRAPHIQL_ASSET_PREFIX + name;
  const workers = { editorWorkerService: asset('editor.worker.js'), json: asset('json.worker.js'), graphql: asset('graphql.worker.js') };
  // Ours, not GraphiQL's: read by graphiql-boot.js, kept out of what GraphiQL is given.
  const { tabHashes, ...graphiql } = options as GraphiQLOptions & { tabHashes?: Record<string, string> };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${asset('graphiql.css')}">
</head>
<body id="body" class="no-focus-outline">
<noscript>GraphiQL needs JavaScript. Without it, POST queries to this URL as JSON ({"query": "…"}).</noscript>
<div id="root">Loading GraphiQL…</div>
<script type="application/json" id="graphiql-config">${scriptJson({ workers, options: graphiql, tabHashes })}</script>
${tabHashes ? '<script src="/graphiql-trusted.js"></script>\n' : ''}<script src="${asset('yoga-graphiql.umd.js')}"></script>
<script src="/graphiql-boot.js"></script>
</body>
</html>
`;
}
