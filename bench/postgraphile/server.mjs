// Bench-only: PostGraphile v5 over the same PostgreSQL database as peel-graphql, for `npm run bench`.
// Amber preset plus simplified inflection (so `force.reports`, not `reportsByForceId`), the same pool
// size as ours (10), no GraphiQL, no subscriptions. Run under the project's Node (22 or later): node server.mjs <postgres-url> <port>
import { createServer } from 'node:http';
import { PgSimplifyInflectionPreset } from '@graphile/simplify-inflection';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { jsonPgSmartTags } from 'postgraphile/utils';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const [url, port] = [process.argv[2], Number(process.argv[3])];

// The findings → reports and findings → questions foreign keys are composite (the id and the inspection
// year, so a finding cannot point at another year's report). PostgreSQL serves their lookups from the
// (report_id, question_id) and (question_id, inspection_year_id) indexes, but PostGraphile only counts an
// index holding every FK column, and otherwise hides the reverse relation (no `report.findings`). The
// tags say the relations are indexed and give them plain names; they change nothing in the database.
const relationTags = jsonPgSmartTags({
  version: 1,
  config: {
    constraint: {
      findings_report_fkey: { tags: { isIndexed: true, fieldName: 'report', foreignFieldName: 'findings' } },
      findings_question_fkey: { tags: { isIndexed: true, fieldName: 'question', foreignFieldName: 'findings' } },
      reports_headline_question_fkey: { tags: { fieldName: 'headlineQuestion', foreignFieldName: 'headlinedReports' } },
    },
  },
});

const preset = {
  extends: [PostGraphileAmberPreset, PgSimplifyInflectionPreset],
  plugins: [relationTags],
  pgServices: [makePgService({ connectionString: url, schemas: ['public'], pubsub: false, poolConfig: { max: 10 } })],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
};

const instance = postgraphile(preset);
const serv = instance.createServ(grafserv);
const server = createServer();
serv.addTo(server).then(() => {
  server.listen(port, '127.0.0.1', () => console.log(`postgraphile ready on ${port}`));
});
process.on('SIGTERM', () => server.close(() => Promise.resolve(instance.release()).then(() => process.exit(0))));
