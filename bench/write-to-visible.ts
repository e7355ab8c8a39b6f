// How long a write made straight to PostgreSQL (as psql or another instance would) takes to show in
// our server's answers: commit, notification, the read model's refresh, a read. Polled every 2 ms.
import pg from 'pg';

const QUERY = JSON.stringify({ query: '{ report(force: "cambridgeshire", year: 2017, pillar: EFFECTIVENESS) { force { shortName } } }' });

async function shortNameServed(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: QUERY,
  });
  const body = (await response.json()) as { data: { report: { force: { shortName: string } } } };
  return body.data.report.force.shortName;
}

/** Milliseconds from each of `writes` commits to the first answer showing it. */
export async function writeToVisible(databaseUrl: string, port: number, writes = 20): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const original = await shortNameServed(port);
  const delays: number[] = [];
  try {
    for (let i = 0; i < writes; i++) {
      const name = `${original} (bench ${i})`;
      await client.query(`update forces set short_name = $1 where slug = 'cambridgeshire'`, [name]);
      const committed = performance.now();
      while ((await shortNameServed(port)) !== name) {
        if (performance.now() - committed > 10_000) throw new Error('a write did not show within 10 s');
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      delays.push(performance.now() - committed);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await client.query(`update forces set short_name = $1 where slug = 'cambridgeshire'`, [original]);
    await client.end();
  }
  return delays;
}
