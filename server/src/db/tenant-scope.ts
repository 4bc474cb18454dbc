import { sql } from 'drizzle-orm';
import { PgDatabase, PgPreparedQuery, PgSession, type PgTransactionConfig, type PreparedQueryConfig } from 'drizzle-orm/pg-core';
import type { Database, Db, Tx } from './client.js';
import { TENANT_ROLE } from './row-level-security.js';

/**
 * Drops the transaction to `portail_app` and names its commune: from here to the end of the
 * transaction, row-level security shows and accepts that commune's rows only (ADR 9). Both
 * settings are transaction-local, so a pooled connection goes back clean.
 */
export async function enterTenant(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(sql`select set_config('role', ${TENANT_ROLE}, true), set_config('app.tenant_id', ${tenantId}, true)`);
}

/** Runs `work` in one transaction scoped to the commune. */
export function withTenant<T>(db: Db, tenantId: string, work: (tx: Tx) => Promise<T>, config?: PgTransactionConfig): Promise<T> {
  return db.transaction(async (tx) => {
    await enterTenant(tx, tenantId);
    return work(tx);
  }, config);
}

const scoped = new WeakMap<Db, Map<string, Db>>();

/**
 * The commune's view of the database, used exactly like the shared one: every transaction opened
 * on it starts with `enterTenant`, and a statement run outside a transaction runs in one of its own
 * that does. Commit points stay where the services put them; only the role and commune are added.
 * Built once per commune.
 */
export function tenantDb(db: Db, tenantId: string): Db {
  let byTenant = scoped.get(db);
  if (!byTenant) scoped.set(db, (byTenant = new Map()));
  let view = byTenant.get(tenantId);
  if (!view) {
    const base = db._.session as unknown as PgSession;
    const { schema, fullSchema, tableNamesMap } = db._;
    const dialect = (db as unknown as { dialect: ConstructorParameters<typeof PgSession>[0] }).dialect;
    const session = new TenantSession(base, dialect, tenantId);
    view = new PgDatabase(dialect, session, schema ? { schema, fullSchema, tableNamesMap } : undefined) as unknown as Db;
    byTenant.set(tenantId, view);
  }
  return view;
}

/** The same database handle with `db` replaced by the commune's view. */
export const tenantDatabase = (database: Database, tenantId: string): Database => ({ ...database, db: tenantDb(database.db, tenantId) });

type PrepareArgs = Parameters<PgSession['prepareQuery']>;
type AnyTx = Parameters<Parameters<PgSession['transaction']>[0]>[0];
const sessionOf = (tx: AnyTx) => tx._.session as unknown as PgSession;

class TenantSession extends PgSession {
  constructor(
    private readonly base: PgSession,
    dialect: ConstructorParameters<typeof PgSession>[0],
    private readonly tenantId: string,
  ) {
    super(dialect);
  }

  prepareQuery<T extends PreparedQueryConfig = PreparedQueryConfig>(...args: PrepareArgs): PgPreparedQuery<T> {
    return new TenantPreparedQuery<T>(this, args);
  }

  transaction<T>(work: (tx: AnyTx) => Promise<T>, config?: PgTransactionConfig): Promise<T> {
    return this.base.transaction(async (tx) => {
      await enterTenant(tx as unknown as Tx, this.tenantId);
      return work(tx);
    }, config);
  }

  override count(query: Parameters<PgSession['count']>[0]): Promise<number> {
    return this.transaction((tx) => sessionOf(tx).count(query));
  }
}

/** A statement prepared outside any transaction: it runs in a scoped transaction of its own. */
class TenantPreparedQuery<T extends PreparedQueryConfig> extends PgPreparedQuery<T> {
  constructor(
    private readonly session: TenantSession,
    private readonly args: PrepareArgs,
  ) {
    super(args[0], undefined, undefined);
  }

  private inner(tx: AnyTx) {
    const prepared = sessionOf(tx).prepareQuery(...this.args) as PgPreparedQuery<T> & { joinsNotNullableMap?: unknown };
    prepared.joinsNotNullableMap = (this as { joinsNotNullableMap?: unknown }).joinsNotNullableMap;
    return prepared as PgPreparedQuery<T> & { all(values?: Record<string, unknown>): Promise<T['all']> };
  }

  execute(values?: Record<string, unknown>): Promise<T['execute']> {
    return this.session.transaction((tx) => this.inner(tx).execute(values));
  }

  all(values?: Record<string, unknown>): Promise<T['all']> {
    return this.session.transaction((tx) => this.inner(tx).all(values));
  }

  isResponseInArrayMode(): boolean {
    return this.args[3];
  }
}
