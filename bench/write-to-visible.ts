// How long a committed write takes to show in a server's answers, by who wrote it: psql (a process of
// its own, timed from its exit), `npm run import:grades` (likewise) and another instance of the server
// (an importReport mutation, timed from its answer). Each write changes what Cambridgeshire's 2017
// effectiveness report answers; the reader is asked every 2 ms, without X-Min-Data-Version, until an
// answer shows it. The reader keeps its response cache on, so the figures hold the cache's part too.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../src/db/target.js';

const run = promisify(execFile);

const QUERY = JSON.stringify({
  query: `{ report(force: "cambridgeshire", year: 2017, pillar: EFFECTIVENESS) {
    lastUpdated force { shortName } findings { sources { url } } } }`,
});

interface Served {
  lastUpdated: string;
  shortName: string;
  urls: string[];
}

async function served(port: number): Promise<Served> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: QUERY,
  });
  const { data } = (await response.json()) as {
    data: { report: { lastUpdated: string; force: { shortName: string }; findings: { sources: { url: string }[] }[] } };
  };
  return {
    lastUpdated: data.report.lastUpdated,
    shortName: data.report.force.shortName,
    urls: data.report.findings.flatMap((f) => f.sources.map((s) => s.url)),
  };
}

/** Milliseconds from `committed` (performance.now()) until `port` answers something `shows` accepts. */
async function untilVisible(port: number, committed: number, shows: (now: Served) => boolean): Promise<number> {
  while (!shows(await served(port))) {
    if (performance.now() - committed > 10_000) throw new Error('a write did not show within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return performance.now() - committed;
}

export interface WriterKind {
  writer: string;
  delays: number[];
}

/**
 * Write to visible through `readerPort`, per writer: psql and the import:grades CLI against
 * `databaseUrl`, and importReport through the instance on `writerPort` (which must accept `token`).
 */
export async function writeToVisible(
  databaseUrl: string,
  readerPort: number,
  writer: { port: number; token: string },
  writes = 20,
  cliWrites = 5,
): Promise<WriterKind[]> {
  const original = await served(readerPort);
  const results: WriterKind[] = [];
  const psql = (statement: string) => run('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-qc', statement]);

  const psqlDelays: number[] = [];
  for (let i = 0; i < writes; i++) {
    const name = `${original.shortName} (psql ${i})`;
    await psql(`update forces set short_name = '${name}' where slug = 'cambridgeshire'`);
    psqlDelays.push(await untilVisible(readerPort, performance.now(), (now) => now.shortName === name));
  }
  await psql(`update forces set short_name = '${original.shortName.replaceAll("'", "''")}' where slug = 'cambridgeshire'`);
  results.push({ writer: 'psql (an UPDATE)', delays: psqlDelays });

  const folder = mkdtempSync(path.join(tmpdir(), 'peel-bench-grades-'));
  const cliDelays: number[] = [];
  try {
    for (let i = 0; i < cliWrites; i++) {
      const url = `https://example.org/bench-write-to-visible-${process.pid}-${i}`;
      const file = path.join(folder, `statement-${i}.csv`);
      writeFileSync(
        file,
        'year_label,year,force,pillar,question_key,grade,carried_over_from,source_url,source_kind,basis,note\n' +
          `2017,2017,cambridgeshire,effectiveness,eff_q4,Good,,${url},secondary,direct,a bench statement\n`,
      );
      await run(path.join(projectRoot, 'node_modules/.bin/tsx'), [path.join(projectRoot, 'src/cli/import-grades.ts'), file], {
        cwd: projectRoot,
        env: { ...process.env, DATABASE_URL: databaseUrl },
      });
      cliDelays.push(await untilVisible(readerPort, performance.now(), (now) => now.urls.includes(url)));
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  results.push({ writer: 'npm run import:grades', delays: cliDelays });

  const page = readFileSync(path.join(projectRoot, 'fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt'), 'utf8');
  const instanceDelays: number[] = [];
  for (let i = 0; i < writes; i++) {
    // The page's date alternates, so every import changes the report (and the last one restores the shipped date).
    const day = i === writes - 1 ? '22' : String(10 + (i % 2));
    const response = await fetch(`http://127.0.0.1:${writer.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${writer.token}` },
      body: JSON.stringify({
        query: 'mutation($text: String!) { importReport(input: { text: $text }) { __typename } }',
        variables: { text: page.replace('Last updated 22/03/2018', `Last updated ${day}/03/2018`) },
      }),
    });
    const committed = performance.now();
    const body = (await response.json()) as { data?: { importReport: { __typename: string } } };
    if (body.data?.importReport.__typename !== 'ImportReportSuccess') throw new Error(`import failed: ${JSON.stringify(body)}`);
    instanceDelays.push(await untilVisible(readerPort, committed, (now) => now.lastUpdated === `2018-03-${day}`));
  }
  results.push({ writer: 'another instance (importReport)', delays: instanceDelays });
  return results;
}
