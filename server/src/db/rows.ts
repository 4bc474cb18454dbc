import type { SQL } from 'drizzle-orm';
import type { Db, Tx } from './client.js';

/** Rows written per INSERT / UPDATE statement in batch writes: well under PostgreSQL's 65 535 parameters. */
export const BATCH_ROWS = 1000;

export const chunks = <T>(list: readonly T[], size = BATCH_ROWS): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** Rows of a raw query, whichever driver ran it (PGlite answers `{ rows }`, postgres.js an array). */
export async function rowsOf<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (result as { rows?: T[] }).rows ?? (result as unknown as T[]);
}
