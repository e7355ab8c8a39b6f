// npm run bench:introspection: eight clients sending the most expensive introspection the default
// limits accept (aliased __schema, each with a new alias so no cache answers it), for 10 s (or the seconds given), while a
// thread of its own asks /healthz every 5 ms: the server's answers per second, and /healthz's p50,
// p99 and worst wait. Issue 26 asks for p99 under 250 ms.
import { Worker } from 'node:worker_threads';
import { getIntrospectionQuery } from 'graphql';
import { freshDatabaseUrl, startServer } from './server.js';

const port = 4891;
const base = `http://127.0.0.1:${port}`;
const full = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true });
const fragments = full.slice(full.indexOf('fragment'));
const document = (n: number, salt: string) =>
  `{ ${Array.from({ length: n }, (_, i) => `s${i}_${salt}: __schema { types { ...FullType } }`).join(' ')} } ${fragments}`;
const send = (query: string) =>
  fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });

const { url, drop } = await freshDatabaseUrl('peel_introspection');
const server = await startServer(url, port, { RATE_LIMIT_READS_PER_MINUTE: '0' });
try {
  // The most aliases MAX_COST lets through.
  let aliases = 15;
  while (aliases > 1 && (await send(document(aliases, 'probe'))).status !== 200) aliases--;
  const sample = await (await send(document(aliases, 'size'))).text();
  console.log(
    `most expensive accepted: ${aliases} aliased __schema { types { ...FullType } }, ${(sample.length / 1024).toFixed(0)} KB an answer`,
  );

  const poller = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
    let stopped = false;
    parentPort.once('message', () => { stopped = true; });
    (async () => {
      const times = [];
      while (!stopped) {
        const started = performance.now();
        await (await fetch(workerData + '/healthz')).text();
        times.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      parentPort.postMessage(times);
    })();`,
    { eval: true, workerData: base },
  );
  const seconds = Number(process.argv[2] ?? 10);
  const until = performance.now() + seconds * 1000;
  let answered = 0;
  let counter = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (performance.now() < until) {
        const response = await send(document(aliases, `c${counter++}`));
        await response.text();
        if (response.status === 200) answered++;
      }
    }),
  );
  const times = await new Promise<number[]>((resolve) => {
    poller.once('message', resolve);
    poller.postMessage('stop');
  });
  await poller.terminate();
  const sorted = times.toSorted((a, b) => a - b);
  const at = (p: number) => sorted[Math.ceil((p / 100) * sorted.length) - 1]!.toFixed(0);
  console.log(`8 clients, ${seconds} s: ${(answered / seconds).toFixed(1)} answers/s`);
  console.log(
    `/healthz: ${times.length} probes, p50 ${at(50)} ms, p99 ${at(99)} ms, worst ${sorted.at(-1)!.toFixed(0)} ms (issue 26: p99 under 250 ms)`,
  );
} finally {
  server.kill();
  await drop();
}
