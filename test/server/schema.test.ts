import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { openTestDatabase } from './helpers.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const rows = async <T>(query: ReturnType<typeof sql>) => {
  const result = await database.db.execute(query);
  return ((result as { rows?: T[] }).rows ?? (result as unknown as T[])) as T[];
};

/** Tables without tenant_id on purpose: the tenants themselves, and hashed throttling counters. */
const PLATFORM_TABLES = ['tenants', 'rate_limits'];

describe('tenant isolation in the schema', () => {
  it('gives every table a NOT NULL tenant_id referencing tenants, and unique (tenant_id, id)', async () => {
    const tables = await rows<{ table_name: string }>(sql`
      select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
    const owned = tables.map((t) => t.table_name).filter((t) => !PLATFORM_TABLES.includes(t) && !t.startsWith('__drizzle'));
    expect(owned.length).toBeGreaterThan(8);
    for (const table of owned) {
      const [column] = await rows<{ is_nullable: string }>(sql`
        select is_nullable from information_schema.columns where table_schema = 'public' and table_name = ${table} and column_name = 'tenant_id'`);
      expect(column, `${table}.tenant_id`).toBeDefined();
      expect(column.is_nullable, `${table}.tenant_id`).toBe('NO');
      const keys = await rows<{ columns: string[] | string }>(sql`
        select array_agg(a.attname order by a.attname)::text[] as columns
        from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
        where c.conrelid = ${'public.' + table}::regclass and c.contype in ('u', 'p')
        group by c.oid`);
      const sets = keys.map((k) => (Array.isArray(k.columns) ? k.columns : String(k.columns).replace(/[{}]/g, '').split(',')).join(','));
      expect(sets.some((s) => s === 'id,tenant_id' || s === 'tenant_id'), `${table}: unique (tenant_id, id)`).toBe(true);
    }
  });

  it('makes every reference to another tenant-owned row a composite foreign key through tenant_id', async () => {
    const fks = await rows<{ table_name: string; target: string; columns: string }>(sql`
      select c.conrelid::regclass::text as table_name, c.confrelid::regclass::text as target,
             (select string_agg(a.attname, ',' order by a.attname) from pg_attribute a where a.attrelid = c.conrelid and a.attnum = any(c.conkey)) as columns
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where c.contype = 'f' and n.nspname = 'public'`);
    const crossRow = fks.filter((fk) => !['tenants', 'public.tenants'].includes(fk.target));
    expect(crossRow.length).toBeGreaterThan(5);
    for (const fk of crossRow) expect(fk.columns.split(','), `${fk.table_name} → ${fk.target}`).toContain('tenant_id');

    // Every *_id column pointing at a row is covered by such a key.
    const idColumns = await rows<{ table_name: string; column_name: string }>(sql`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and column_name like '%\_id' and column_name <> 'tenant_id' and data_type = 'uuid'`);
    for (const column of idColumns) {
      const covered = crossRow.some((fk) => fk.table_name.replace('public.', '') === column.table_name && fk.columns.split(',').includes(column.column_name));
      expect(covered, `${column.table_name}.${column.column_name}`).toBe(true);
    }
  });
});
