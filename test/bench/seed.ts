import { sql } from 'drizzle-orm';
import type { Db } from '../../server/src/db/client.js';
import { children, enrollments, families, familySessions, periods, services } from '../../server/src/db/schema/index.js';
import { createTenant } from '../../server/src/modules/tenants/service.js';
import { newToken, sha256 } from '../../server/src/security/tokens.js';
import { addDays, isoWeekday, parisDay } from '../../server/src/domain/dates.js';

export const BENCH_ORIGIN = 'https://www.ville-bench.fr';

export interface BenchTown {
  publicKey: string;
  tokens: string[];
  childIds: string[];
  cantine: string;
  soir: string;
  /** The next five school days whose booking is open (from next Monday). */
  week: string[];
}

const chunks = <T>(list: T[], size: number) => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/**
 * A commune with `familyCount` families of one child each, enrolled in the canteen and evening care,
 * each with an open session (tokens returned): the load then measures bookings, not logins.
 */
export async function seedBenchTown(db: Db, familyCount: number, options: { capacity?: number | null } = {}): Promise<BenchTown> {
  const { tenant, publicKey } = await createTenant(db, { name: `Ville de Mesure ${Date.now()}`, origins: [BENCH_ORIGIN] });
  const now = new Date();
  const today = parisDay(now);
  await db.insert(periods).values({ tenantId: tenant.id, label: 'Année scolaire', kind: 'school', startDate: addDays(today, -90), endDate: addDays(today, 200) });
  const rule = { kind: 'days_before' as const, days: 1, time: '10:00', skip: { weekends: true, holidays: true, weekdays: [] } };
  const [cantine, soir] = await db
    .insert(services)
    .values([
      { tenantId: tenant.id, label: 'Cantine', position: 1, weekdays: [1, 2, 3, 4, 5], capacity: options.capacity === undefined ? null : options.capacity, bookingDeadline: rule, cancellationDeadline: rule, priceCents: 415 },
      { tenantId: tenant.id, label: 'Accueil soir', position: 2, weekdays: [1, 2, 3, 4, 5], capacity: null, priceCents: 250 },
    ])
    .returning({ id: services.id });
  const tokens: string[] = [];
  const childIds: string[] = [];
  for (const batch of chunks(Array.from({ length: familyCount }, (_, i) => i), 500)) {
    const fams = await db
      .insert(families)
      .values(batch.map((i) => ({ tenantId: tenant.id, familyNumber: `M${i}`, name: `Famille ${i}` })))
      .returning({ id: families.id });
    const kids = await db
      .insert(children)
      .values(fams.map((f, i) => ({ tenantId: tenant.id, familyId: f.id, firstName: `Enfant ${batch[i]}`, lastName: 'Mesure' })))
      .returning({ id: children.id });
    await db.insert(enrollments).values(kids.flatMap((k) => [cantine.id, soir.id].map((serviceId) => ({ tenantId: tenant.id, childId: k.id, serviceId, startDate: addDays(today, -90) }))));
    const batchTokens = fams.map(() => newToken());
    await db.insert(familySessions).values(
      fams.map((f, i) => ({ tenantId: tenant.id, familyId: f.id, tokenHash: sha256(batchTokens[i]), lastSeenAt: now, expiresAt: new Date(now.getTime() + 12 * 3600_000) })),
    );
    tokens.push(...batchTokens);
    childIds.push(...kids.map((k) => k.id));
  }
  let monday = addDays(today, 1);
  while (isoWeekday(monday) !== 1) monday = addDays(monday, 1);
  return { publicKey, tokens, childIds, cantine: cantine.id, soir: soir.id, week: [0, 1, 2, 3, 4].map((i) => addDays(monday, i)) };
}

/** Booked places above capacity, over every day of a service: must be zero. */
export async function overbooking(db: Db, serviceId: string, capacity: number) {
  const result = await db.execute(sql`
    select coalesce(sum(greatest(n - ${capacity}, 0)), 0)::int as over from (
      select day, count(*) as n from bookings where service_id = ${serviceId} and state = 'booked' group by day) d`);
  const rows = (result as { rows?: { over: number }[] }).rows ?? (result as unknown as { over: number }[]);
  return Number(rows[0].over);
}
