// npm run seed: migrate the database named by DATABASE_URL and load fixtures/ into it. Idempotent.
import './env-file.js';
import { readConfig } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/connect.js';
import { describeSeed, seedDatabase } from '../ingest/seed.js';
import { withStartupLock } from '../db/startup-lock.js';
import { readDataVersion } from '../queries/snapshot-tables.js';
import { exitIfFolderInUse } from './open-database.js';

const config = readConfig();
const database = await openDatabase(config.database).catch((error: unknown) => {
  exitIfFolderInUse(error, 'the server loads fixtures/ itself when it starts; stop it to seed from here');
  throw error;
});
try {
  const summary = await withStartupLock(database, async () => {
    await migrateDatabase(database);
    return seedDatabase(database.db);
  });
  for (const line of describeSeed(summary)) console.log(line);
  // What a reader asks for to see the seed (X-Min-Data-Version).
  console.log(`data version ${await readDataVersion(database.db)}`);
} catch (error) {
  console.error(`seed failed, nothing was written: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
