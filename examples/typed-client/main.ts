// npm run example:client [-- --by-hash]: asks the API at PEEL_API_URL (default
// http://localhost:4000/graphql) how Cambridgeshire did in its 2017 effectiveness inspection and
// prints each question's grade, its rank among the graded forces and the national median.
// Everything it reads is typed from the schema: a wrong field name is a compile error.
import { parseArgs } from 'node:util';
import { describeComparison, ForceComparison } from './comparison.js';
import { execute, GraphQLRequestError } from './request.js';

const { values } = parseArgs({ options: { 'by-hash': { type: 'boolean', default: false } } });
const url = process.env.PEEL_API_URL || 'http://localhost:4000/graphql';

try {
  const data = await execute(
    ForceComparison,
    { force: 'cambridgeshire', year: 2017, pillar: 'EFFECTIVENESS' },
    { url, byHash: values['by-hash'], signal: AbortSignal.timeout(15_000) },
  );
  for (const line of describeComparison(data)) console.log(line);
} catch (error) {
  const detail = error instanceof GraphQLRequestError ? `${error.codes.join(', ')}: ${error.message}` : (error as Error).message;
  // A server that runs trusted documents only wants the hash: say how to send it.
  const hint = error instanceof GraphQLRequestError && error.codes.includes('PERSISTED_QUERY_ONLY') ? ' (run it with -- --by-hash)' : '';
  console.error(`example:client could not read ${url}: ${detail}${hint}`);
  process.exitCode = 1;
}
