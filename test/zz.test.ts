import { it } from 'vitest';
import { listen } from '../src/http/server.js';
import { createApp } from '../src/http/yoga.js';
import { DEFAULT_LIMITS } from '../src/limits.js';
import { operationFile, seededApi } from './helpers/graphql.js';
const api = seededApi();
it('x', async () => {
  const running = await listen(createApp({ database: api.database, limits: { ...DEFAULT_LIMITS, executionTimeoutMs: 2 } }), { ...api.database, close: async () => {} }, 0, '127.0.0.1');
  const forces = ((await api.execute('{ forces(first: 100) { nodes { slug } } }')).body.data.forces.nodes as { slug: string }[]).map((f) => f.slug);
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const r = await fetch(`${running.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: operationFile('compare.graphql'), operationName: 'Compare', variables: { forces } }) });
    console.log('DL', r.status, Math.round(performance.now() - t), (await r.text()).slice(0, 120));
  }
  await running.close();
});
