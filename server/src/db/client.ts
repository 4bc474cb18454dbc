import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import * as schema from './schema/index.js';
import { applyRowLevelSecurity } from './row-level-security.js';
import { isDatabaseUnreachable } from './unreachable.js';

export type Schema = typeof schema;
/** The one database type the services see, whichever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface OpenOptions {
  /** postgres:// URL; when absent the embedded PGlite database is used. */
  url?: string;
  /** PGlite data directory (default ./.data/pglite); 'memory' for an in-memory database. */
  dataDir?: string;
  /** A PGlite data dump to start from (tests start from a migrated snapshot). */
  loadDataDir?: Blob;
  /** Pool size for PostgreSQL. */
  max?: number;
}

/** Seconds to open a PostgreSQL connection before the query fails with CONNECT_TIMEOUT. */
export const CONNECT_TIMEOUT_SECONDS = 5;

/**
 * postgres.js (3.4.9) answers a transaction whose connection was cut by writing ROLLBACK on the
 * closed socket, which throws from a timer and ends the process, then leaves that pool slot
 * unable to reconnect (porsager/postgres#1208). When the connection is cut, the driver rejects the
 * transaction itself (CONNECTION_CLOSED) as it closes; the body's connection error is then left
 * pending instead of rethrown, so no ROLLBACK is written (the server rolls back on its own). If the
 * transaction is not rejected within a few seconds the connection is alive after all and the error
 * is rethrown as usual.
 */
function keepAliveWhenConnectionCut(client: postgres.Sql) {
  const begin = client.begin.bind(client) as (...args: unknown[]) => Promise<unknown>;
  client.begin = ((...args: unknown[]) => {
    const body = args.pop() as (tx: postgres.TransactionSql) => unknown;
    let settled = false;
    const transaction = begin(...args, async (tx: postgres.TransactionSql) => {
      try {
        return await body(tx);
      } catch (err) {
        if (!isDatabaseUnreachable(err)) throw err;
        for (let waited = 0; !settled && waited < 3000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
        if (settled) return new Promise(() => {});
        throw err;
      }
    });
    void transaction.then(
      () => (settled = true),
      () => (settled = true),
    );
    return transaction;
  }) as typeof client.begin;
}

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  if (options.url) {
    // connect_timeout: a request waiting for an unreachable server fails in seconds (503), not in 30.
    // backoff: a short wait between reconnection attempts, since postgres.js holds queued queries
    // until a connection attempt fails (with its default back-off they waited up to 20 s).
    const client = postgres(options.url, { max: options.max ?? 10, connect_timeout: CONNECT_TIMEOUT_SECONDS, backoff: () => 0.25, onnotice: () => {} });
    keepAliveWhenConnectionCut(client);
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
  }
  const dataDir = options.dataDir ?? './.data/pglite';
  if (dataDir !== 'memory') mkdirSync(dataDir, { recursive: true });
  const client = new PGlite({ ...(dataDir === 'memory' ? {} : { dataDir }), ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    close: () => client.close(),
    // PGlite's own handle, for snapshots.
    ...({ pglite: client } as object),
  };
}

export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'postgres') {
    await migratePostgres(database.db as never, { migrationsFolder });
  } else {
    await migratePglite(database.db as never, { migrationsFolder });
  }
  await applyRowLevelSecurity(database.db);
}
