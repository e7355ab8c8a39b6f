// How the CLIs open the database DATABASE_URL names. When a running server holds the embedded
// database's folder, they say so in one line and what to do instead (no stack trace); a dry run,
// which only reads the catalogue, goes on against the shipped fixtures in memory.
import { FolderInUseError } from '../db/pglite.js';
import type { DatabaseTarget } from '../db/target.js';
import { prepareDatabase, type PreparedDatabase } from '../startup/prepare.js';

/** The folder-in-use error anywhere in an error's cause chain. */
function folderInUse(error: unknown): FolderInUseError | undefined {
  for (let e = error; e instanceof Error; e = e.cause) if (e instanceof FolderInUseError) return e;
  return undefined;
}

/** When `error` says a running server holds the folder: that, and `instead`, in one line, and exit 1. */
export function exitIfFolderInUse(error: unknown, instead: string): void {
  const inUse = folderInUse(error);
  if (!inUse) return;
  console.error(`the embedded database in ${inUse.dataDir} is in use by process ${inUse.holder} (a running server): ${instead}`);
  process.exit(1);
}

/**
 * Opens (migrating and seeding as start-up does) the database `target` names. `instead` is what the
 * command can do when a server holds the folder: 'memory' to go on in memory from the fixtures,
 * or a sentence telling the user how to do it with the server running.
 */
export async function openForCli(target: DatabaseTarget, instead: 'memory' | string): Promise<PreparedDatabase> {
  try {
    return await prepareDatabase(target);
  } catch (error) {
    const inUse = folderInUse(error);
    if (!inUse) throw error;
    if (instead !== 'memory') exitIfFolderInUse(error, instead);
    console.error(
      `the embedded database in ${inUse.dataDir} is in use by process ${inUse.holder} (a running server): ` +
        'checking against the shipped catalogue (fixtures/) in memory instead',
    );
    return prepareDatabase({ kind: 'pglite', dataDir: undefined });
  }
}
