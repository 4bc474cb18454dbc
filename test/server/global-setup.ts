import { mkdirSync, writeFileSync } from 'node:fs';
import { openDatabase, migrateDatabase } from '../../server/src/db/client.js';
import { SNAPSHOT_PATH } from './snapshot.js';

/**
 * Migrates once per run: a PGlite snapshot that every test file loads (much faster than a fresh
 * instance), and the real PostgreSQL database of TEST_DATABASE_URL when it is set.
 */
export default async function setup() {
  const database = await openDatabase({ dataDir: 'memory' });
  await migrateDatabase(database);
  const pglite = (database as unknown as { pglite: { dumpDataDir(c: 'none'): Promise<Blob> } }).pglite;
  const dump = await pglite.dumpDataDir('none');
  mkdirSync('.tmp', { recursive: true });
  writeFileSync(SNAPSHOT_PATH, Buffer.from(await dump.arrayBuffer()));
  await database.close();

  if (process.env.TEST_DATABASE_URL) {
    const pg = await openDatabase({ url: process.env.TEST_DATABASE_URL, max: 1 });
    await migrateDatabase(pg);
    await pg.close();
  }
}
