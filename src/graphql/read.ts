// Reads from the in-memory snapshot (queries/read-model.ts). A request reads one snapshot throughout,
// pinned the first time a field asks, so its answer is consistent even when a write lands meanwhile.
// When the snapshot held is current, reads stay synchronous: no promise per field.
import { GraphQLError } from 'graphql';
import type { Context } from './builder.js';
import type { Snapshot } from '../queries/snapshot.js';
import { yearGradesOf, type YearGrades } from '../queries/year-grades.js';

/** `use` applied to this request's snapshot. */
export function read<T>(context: Context, use: (snapshot: Snapshot) => T | Promise<T>): T | Promise<T> {
  const pinned = context.snapshot ?? pin(context);
  return pinned instanceof Promise ? pinned.then(use) : use(pinned);
}

function pin(context: Context): Snapshot | Promise<Snapshot> {
  const got = context.readModel.snapshot();
  context.snapshot = got instanceof Promise ? got.then((snapshot) => (context.snapshot = snapshot)) : got;
  return context.snapshot;
}

/** After a mutation's commit: the rest of its answer reads a snapshot that holds the write, and names its version. */
export async function readOwnWrite(context: Context): Promise<void> {
  const { version, snapshot } = await context.afterWrite();
  context.dataVersion = version;
  context.snapshot = snapshot;
}

/** One year and pillar's grades, for compare, peers and differences. */
export const yearGrades = (context: Context, year: number, pillar: YearGrades['pillar']) =>
  read(context, (snapshot) => yearGradesOf(snapshot, year, pillar));

/**
 * `use` on a snapshot that holds `id` in `index`. A parent row read from SQL (a connection, search)
 * can be newer than the snapshot when a write has just committed: the snapshot then refreshes once.
 */
export function readAbout<T>(
  context: Context,
  index: (snapshot: Snapshot) => ReadonlyMap<number, unknown>,
  id: number,
  use: (snapshot: Snapshot) => T,
): T | Promise<T> {
  return read<T>(context, (snapshot) => (index(snapshot).has(id) ? use(snapshot) : reread(context, index, id, use)));
}

async function reread<T>(
  context: Context,
  index: (snapshot: Snapshot) => ReadonlyMap<number, unknown>,
  id: number,
  use: (snapshot: Snapshot) => T,
): Promise<T> {
  const snapshot = await context.readModel.refresh();
  context.snapshot = snapshot;
  // Gone in the newer snapshot too: removed by a write while this request ran.
  if (!index(snapshot).has(id)) throw new GraphQLError('this object was removed while the request ran; ask again');
  return use(snapshot);
}

type Reader<T> = (snapshot: Snapshot) => T;
type Row = { id: number };

/** Reads about a report, a finding, a force, a round, a question or a cause of concern (see readAbout). */
export const ofReport = <T>(context: Context, report: Row, use: Reader<T>) => readAbout(context, (s) => s.reportById, report.id, use);
export const ofFinding = <T>(context: Context, finding: Row, use: Reader<T>) => readAbout(context, (s) => s.findingById, finding.id, use);
export const ofForce = <T>(context: Context, force: Row, use: Reader<T>) => readAbout(context, (s) => s.forceById, force.id, use);
export const ofYear = <T>(context: Context, year: Row, use: Reader<T>) => readAbout(context, (s) => s.yearById, year.id, use);
export const ofQuestion = <T>(context: Context, question: Row, use: Reader<T>) =>
  readAbout(context, (s) => s.questionById, question.id, use);
