import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { families, oneTimeCodes } from '../../server/src/db/schema/index.js';
import { tenantDb, withTenant } from '../../server/src/db/tenant-scope.js';
import { adminCall, staffCookie } from './admin-fixtures.js';
import { call, makeContext, openTestDatabase, seedFamily, seedStaff, seedTenant, type TestContext } from './helpers.js';

let database: Database;
let ctx: TestContext;
let townA: Awaited<ReturnType<typeof seedTenant>>;
let townB: Awaited<ReturnType<typeof seedTenant>>;

const rowsOf = <T>(result: unknown) => ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
const codeOf = (err: unknown): string | undefined => (err as { code?: string })?.code ?? (err as { cause?: { code?: string } })?.cause?.code;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
  townA = await seedTenant(ctx, { name: 'Ville A' });
  townB = await seedTenant(ctx, { name: 'Ville B' });
  await seedFamily(ctx, townA.tenant.id, { password: 'un mot de passe solide' });
  await seedFamily(ctx, townB.tenant.id, { password: 'un mot de passe solide' });
});
afterAll(() => database.close());

describe('row-level security, the second wall between communes', () => {
  it('enables and forces it on every table with a tenant_id, with the commune policy', async () => {
    const tables = rowsOf<{ table_name: string; rls: boolean; forced: boolean; policies: string }>(
      await database.db.execute(sql`
        select c.table_name, k.relrowsecurity as rls, k.relforcerowsecurity as forced,
          (select string_agg(policyname, ',' order by policyname) from pg_policies p where p.schemaname = 'public' and p.tablename = c.table_name) as policies
        from information_schema.columns c join pg_class k on k.relname = c.table_name and k.relnamespace = 'public'::regnamespace and k.relkind = 'r'
        where c.table_schema = 'public' and c.column_name = 'tenant_id'`),
    );
    expect(tables.length).toBeGreaterThan(30);
    for (const table of tables) {
      expect(table, table.table_name).toMatchObject({ rls: true, forced: true, policies: 'platform_rows,tenant_rows' });
    }
  });

  it('shows only the commune’s rows to a query that forgot its where clause', async () => {
    const everyone = rowsOf<{ tenant_id: string }>(await database.db.execute(sql`select tenant_id from families`));
    expect(everyone.some((r) => r.tenant_id === townB.tenant.id)).toBe(true);

    const inScope = await withTenant(database.db, townA.tenant.id, async (tx) => rowsOf<{ tenant_id: string }>(await tx.execute(sql`select * from families`)));
    expect(inScope.length).toBeGreaterThan(0);
    expect(inScope.every((r) => r.tenant_id === townA.tenant.id)).toBe(true);

    // The commune's view used like the shared database: a bare statement, a transaction, a relational query.
    const view = tenantDb(database.db, townA.tenant.id);
    const bare = await view.select().from(families);
    expect(bare.length).toBe(inScope.length);
    expect(bare.every((f) => f.tenantId === townA.tenant.id)).toBe(true);
    const inTransaction = await view.transaction((tx) => tx.select({ tenantId: families.tenantId }).from(families));
    expect(inTransaction.every((f) => f.tenantId === townA.tenant.id)).toBe(true);
    const relational = await view.query.families.findMany();
    expect(relational.every((f) => f.tenantId === townA.tenant.id)).toBe(true);
    expect(await view.$count(families)).toBe(inScope.length);
  });

  it('refuses to write a row of another commune and leaves it untouched', async () => {
    const view = tenantDb(database.db, townA.tenant.id);
    const err = await view
      .insert(families)
      .values({ tenantId: townB.tenant.id, familyNumber: 'INTRUS', name: 'Famille Intruse' })
      .then(() => null, (e: unknown) => e);
    expect(codeOf(err)).toBe('42501');
    expect(await database.db.select().from(families).where(eq(families.familyNumber, 'INTRUS'))).toHaveLength(0);

    const renamed = await view.update(families).set({ name: 'Renommée' }).where(eq(families.tenantId, townB.tenant.id)).returning();
    expect(renamed).toHaveLength(0);
    const deleted = await view.delete(oneTimeCodes).where(eq(oneTimeCodes.tenantId, townB.tenant.id)).returning();
    expect(deleted).toHaveLength(0);
    const [b] = await database.db.select().from(families).where(eq(families.tenantId, townB.tenant.id)).limit(1);
    expect(b.name).not.toBe('Renommée');
  });

  it('gives the connection back clean after a scoped transaction', async () => {
    await withTenant(database.db, townA.tenant.id, (tx) => tx.execute(sql`select 1`));
    const [after] = rowsOf<{ role: string; tenant: string | null }>(
      await database.db.execute(sql`select current_user as role, nullif(current_setting('app.tenant_id', true), '') as tenant`),
    );
    expect(after.role).not.toBe('portail_app');
    expect(after.tenant).toBeNull();
  });

  it('still serves each commune through the platform paths: key resolution, family and staff sign-in', async () => {
    for (const town of [townA, townB]) {
      const { email } = await seedFamily(ctx, town.tenant.id, { password: 'un mot de passe solide' });
      const login = await call(ctx, 'POST', `${town.base}/session`, { body: { login: email, password: 'un mot de passe solide' } });
      expect(login.status).toBe(201);
      const { token } = await login.json();
      const me = await call(ctx, 'GET', `${town.base}/me`, { token });
      expect(me.status).toBe(200);

      const staff = await seedStaff(ctx, town.tenant.id, 'admin');
      const cookie = await staffCookie(ctx, staff.email, staff.password);
      const directory = await adminCall(ctx, 'GET', '/families', { cookie });
      expect(directory.status).toBe(200);
      expect(JSON.stringify(await directory.json())).toContain('Famille Martin');
    }
  });
});
