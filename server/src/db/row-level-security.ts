import { sql, type SQL } from 'drizzle-orm';

/** What this step needs of the database (client.ts runs it, so it cannot import the Db type from there). */
interface Migrating {
  transaction<T>(work: (tx: { execute(query: SQL): Promise<unknown> }) => Promise<T>): Promise<T>;
}

/** The role a commune's requests run as: it sees and writes that commune's rows only. */
export const TENANT_ROLE = 'portail_app';
/** The role of the few paths that work across communes (ADR 9 lists them). */
export const PLATFORM_ROLE = 'portail_platform';

/**
 * The second wall of tenancy (ADR 9): every table with a `tenant_id` column gets ENABLE and FORCE
 * ROW LEVEL SECURITY, a policy that lets `portail_app` reach only the rows of the commune named by
 * `app.tenant_id` (set per transaction by tenant-scope.ts), and one that lets `portail_platform`
 * reach every row. The table owner has no policy of its own: with FORCE it sees nothing unless it
 * is a superuser or holds `portail_platform`, which this step grants it.
 *
 * Idempotent, run by the migrate step after the migrations, so that tables added later are covered
 * without a migration of their own. Creating the roles needs CREATEROLE (or a superuser) the first
 * time. An advisory lock keeps two instances starting together from granting at the same time.
 */
export async function applyRowLevelSecurity(db: Migrating): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('portail row level security'))`);
    await tx.execute(sql.raw(APPLY));
  });
}

const APPLY = `
do $rls$
declare
  t record;
begin
  begin
    create role ${TENANT_ROLE} nologin;
  exception when duplicate_object or unique_violation then null;
  end;
  begin
    create role ${PLATFORM_ROLE} nologin;
  exception when duplicate_object or unique_violation then null;
  end;
  -- A superuser may take any role; another owner must be a member to SET ROLE, and reaches the
  -- rows of every commune through ${PLATFORM_ROLE}'s policy for the cross-commune paths.
  if not (select rolsuper from pg_roles where rolname = current_user) then
    if not pg_has_role(current_user, '${TENANT_ROLE}', 'member') then
      execute format('grant ${TENANT_ROLE} to %I', current_user);
    end if;
    if not pg_has_role(current_user, '${PLATFORM_ROLE}', 'member') then
      execute format('grant ${PLATFORM_ROLE} to %I', current_user);
    end if;
  end if;
  grant usage on schema public to ${TENANT_ROLE}, ${PLATFORM_ROLE};
  grant select, insert, update, delete on all tables in schema public to ${TENANT_ROLE}, ${PLATFORM_ROLE};
  grant usage, select on all sequences in schema public to ${TENANT_ROLE}, ${PLATFORM_ROLE};

  for t in
    select c.table_name, c.udt_name, k.relrowsecurity, k.relforcerowsecurity
    from information_schema.columns c
    join pg_class k on k.relname = c.table_name and k.relnamespace = 'public'::regnamespace and k.relkind = 'r'
    where c.table_schema = 'public' and c.column_name = 'tenant_id'
  loop
    if not t.relrowsecurity then
      execute format('alter table %I enable row level security', t.table_name);
    end if;
    if not t.relforcerowsecurity then
      execute format('alter table %I force row level security', t.table_name);
    end if;
    if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = t.table_name and policyname = 'tenant_rows') then
      execute format(
        'create policy tenant_rows on %I to ${TENANT_ROLE} using (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::%s) with check (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::%s)',
        t.table_name, t.udt_name, t.udt_name);
    end if;
    if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = t.table_name and policyname = 'platform_rows') then
      execute format('create policy platform_rows on %I to ${PLATFORM_ROLE} using (true) with check (true)', t.table_name);
    end if;
  end loop;
end
$rls$;
`;
