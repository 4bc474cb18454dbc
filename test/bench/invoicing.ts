import { sql } from 'drizzle-orm';
import { openDatabase, migrateDatabase, type Db } from '../../server/src/db/client.js';
import { absenceReasons, periods, regies, services } from '../../server/src/db/schema/index.js';
import { FakeClock } from '../../server/src/clock.js';
import { createStaffUser, createTenant } from '../../server/src/modules/tenants/service.js';
import { previewRun, publishRun } from '../../server/src/modules/billing/invoicing.js';
import { readRunSummary } from '../../server/src/modules/billing/staff-queries.js';

const FAMILIES = 10_000;
const BUDGET_SECONDS = 30;
const MONTH = '2026-09';

const rule = { kind: 'days_before' as const, days: 1, time: '10:00', skip: { weekends: true, holidays: true, weekdays: [] } };

/**
 * A commune of `families` families with one to three children each, a canteen priced by quotient
 * familial with a sibling discount and late cancellations billed, an evening care at a flat price,
 * and a month of bookings written in bulk: mostly booked days, some absences (billed or not by
 * reason), some cancellations (on time or late).
 */
async function seedCommune(db: Db, families: number) {
  const clock = new FakeClock(new Date('2026-10-01T08:00:00Z'));
  const { tenant } = await createTenant(db, { name: `Bench facturation ${Date.now()}`, origins: [], portalUrl: 'https://www.ville-bench.fr/factures' });
  const { user } = await createStaffUser(db, tenant.id, { email: `bench-factures-${Date.now()}@mairie.test`, displayName: 'Bench', role: 'admin', passwordHash: 'x' }, clock.now());
  const [regie] = await db.insert(regies).values({ tenantId: tenant.id, code: 'PERI', name: 'Cantine et périscolaire', payfipNumcli: '090909' }).returning();
  await db.insert(periods).values({ tenantId: tenant.id, label: 'Période 1', kind: 'school', startDate: '2026-09-01', endDate: '2026-10-16' });
  const [cantine, soir] = await db
    .insert(services)
    .values([
      {
        tenantId: tenant.id,
        label: 'Cantine',
        position: 1,
        weekdays: [1, 2, 4, 5],
        bookingDeadline: rule,
        cancellationDeadline: rule,
        priceCents: 415,
        tariff: { brackets: [{ maxQuotient: 600, priceCents: 250 }, { maxQuotient: 1200, priceCents: 380 }, { maxQuotient: null, priceCents: 450 }], rankDiscounts: [{ fromRank: 3, percent: 10 }] },
        lateCancellationBilled: true,
      },
      { tenantId: tenant.id, label: 'Accueil soir', position: 2, weekdays: [1, 2, 4, 5], priceCents: 250 },
    ])
    .returning();
  const [certificate, convenience] = await db
    .insert(absenceReasons)
    .values([
      { tenantId: tenant.id, label: 'Maladie avec certificat', billed: false },
      { tenantId: tenant.id, label: 'Convenance', billed: true },
    ])
    .returning();

  await db.execute(sql`
    insert into families (tenant_id, family_number, name, email, quotient_familial, notification_emails)
    select ${tenant.id}, 'B' || lpad(i::text, 6, '0'), 'Famille ' || i, 'parent' || i || '@exemple.fr',
           case when i % 10 = 0 then null else (i * 37) % 2000 end,
           case when i % 5 = 0 then array['autre' || i || '@exemple.fr'] else '{}'::text[] end
      from generate_series(1, ${families}) i`);
  await db.execute(sql`
    insert into children (tenant_id, family_id, first_name, last_name, birth_date)
    select f.tenant_id, f.id, 'Enfant ' || k, f.name, date '2014-01-01' + (k * 500 + substr(f.family_number, 2)::int % 300)
      from families f cross join generate_series(1, 3) k
     where f.tenant_id = ${tenant.id} and k <= 1 + substr(f.family_number, 2)::int % 3`);
  // Canteen every day; evening care on Monday and Thursday for one child in two.
  await db.execute(sql`
    insert into bookings (tenant_id, child_id, service_id, day, state, absence_reason_id, channel, updated_at)
    select c.tenant_id, c.id, ${cantine.id}, d::date,
           case when h < 90 then 'booked' when h < 94 then 'absent' when h < 98 then 'cancelled' else 'waitlisted' end,
           case when h between 90 and 91 then ${certificate.id}::uuid when h between 92 and 93 then ${convenience.id}::uuid end,
           'internet',
           case when h between 94 and 95 then d::date - interval '3 days' else d::date + interval '7 hours' end
      from children c
     cross join generate_series(date '2026-09-01', date '2026-09-30', interval '1 day') d
     cross join lateral (select abs(hashtext(c.id::text || d::text)) % 100 as h) x
     where c.tenant_id = ${tenant.id} and extract(isodow from d) in (1, 2, 4, 5)`);
  await db.execute(sql`
    insert into bookings (tenant_id, child_id, service_id, day, state, channel)
    select c.tenant_id, c.id, ${soir.id}, d::date, 'booked', 'internet'
      from children c
     cross join generate_series(date '2026-09-01', date '2026-09-30', interval '1 day') d
     where c.tenant_id = ${tenant.id} and extract(isodow from d) in (1, 4) and abs(hashtext(c.id::text)) % 2 = 0`);
  await db.execute(sql`analyze`);
  const staff = { sessionId: 'bench', staffUserId: user.id, tenantId: tenant.id, role: 'admin' as const, email: user.email, displayName: 'Bench' };
  return { clock, staff, regieId: regie.id };
}

/**
 * Invoices 10 000 families for a month on PostgreSQL (fresh database at `databaseUrl`, migrated
 * here): the preview, then the publication (numbers, ledger, carried balances, notification mail).
 */
export async function benchInvoicing(databaseUrl: string): Promise<Record<string, unknown>> {
  const database = await openDatabase({ url: databaseUrl, max: 4 });
  try {
    await migrateDatabase(database);
    const { clock, staff, regieId } = await seedCommune(database.db, FAMILIES);
    const deps = { database, clock };
    const started = performance.now();
    const runId = await previewRun(deps, staff, { regieId, month: MONTH });
    const previewed = performance.now();
    await publishRun(deps, staff, runId);
    const published = performance.now();
    const run = await readRunSummary(database.db, staff.tenantId, runId);
    if (run.state !== 'published' || run.invoiceCount !== FAMILIES) throw new Error(`facturation incomplète : ${JSON.stringify(run)}`);
    const seconds = (ms: number) => Number((ms / 1000).toFixed(2));
    return {
      metric: 'invoicing_10000_families',
      database: 'postgres',
      previewSeconds: seconds(previewed - started),
      publishSeconds: seconds(published - previewed),
      totalSeconds: seconds(published - started),
      invoices: run.invoiceCount,
      totalCents: run.totalCents,
      budgetSeconds: BUDGET_SECONDS,
    };
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL : une base PostgreSQL vide à migrer.');
  console.log(JSON.stringify(await benchInvoicing(url)));
}
