import { readFileSync } from 'node:fs';
import { createYoga } from 'graphql-yoga';
import { execute } from 'graphql';
import { openDatabase } from './src/db/connect.js';
import { schema } from './src/graphql/schema.js';
const database = await openDatabase({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1/peel_pgl_try' });
const body = readFileSync(process.argv[2], 'utf8');
const ctx = () => ({ db: database.db, memo: new Map() });
const tools = createYoga({ schema, graphiql: false, context: ctx });
const js = createYoga({ schema, graphiql: false, context: ctx, plugins: [{ onExecute({ setExecuteFn }) { setExecuteFn(execute as any); } }] });
const one = async (app: any) => (await app.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text();
console.log('same:', (await one(tools)) === (await one(js)));
async function time(app: any, label: string, n = 1000) {
  for (let i = 0; i < 200; i++) await one(app);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await one(app);
  console.log(label, ((performance.now() - t0) / n).toFixed(3), 'ms/request');
}
for (let r = 0; r < 2; r++) { await time(tools, 'graphql-tools executor'); await time(js, 'graphql-js execute'); }
await database.close();
