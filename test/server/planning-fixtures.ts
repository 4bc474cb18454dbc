import { enrollments, periods, services } from '../../server/src/db/schema/index.js';
import type { DeadlineRule } from '../../server/src/domain/deadlines.js';
import { call, seedFamily, seedTenant, unique, type TestContext } from './helpers.js';

/** "La veille à 10:00, jours ouvrés" (reference 003: the canteen closes the day before at 10:00). */
export const CANTINE_DEADLINE: DeadlineRule = { kind: 'days_before', days: 1, time: '10:00', skip: { weekends: true, holidays: true, weekdays: [] } };
/** "La veille à 16:00" (reference 003: morning care closes the day before at 16:00). */
export const MATIN_DEADLINE: DeadlineRule = { kind: 'days_before', days: 1, time: '16:00', skip: { weekends: false, holidays: false, weekdays: [] } };

export interface PlanningTown {
  tenant: { id: string; name: string };
  publicKey: string;
  base: string;
  cantine: string;
  matin: string;
  mercredi: string;
}

/** A commune with the school year 2026-2027 (school weeks from 1 September), three services. */
export async function seedPlanningTown(ctx: TestContext, options: { cantineCapacity?: number | null } = {}): Promise<PlanningTown> {
  const town = await seedTenant(ctx);
  const db = ctx.deps.database.db;
  await db.insert(periods).values([
    { tenantId: town.tenant.id, label: 'Période 1', kind: 'school', startDate: '2026-09-01', endDate: '2026-10-16' },
    { tenantId: town.tenant.id, label: 'Vacances de la Toussaint', kind: 'holidays', startDate: '2026-10-17', endDate: '2026-11-01' },
    { tenantId: town.tenant.id, label: 'Période 2', kind: 'school', startDate: '2026-11-02', endDate: '2026-12-18' },
  ]);
  const [cantine, matin, mercredi] = await db
    .insert(services)
    .values([
      {
        tenantId: town.tenant.id,
        label: 'Cantine',
        groupLabel: 'Restauration',
        position: 1,
        weekdays: [1, 2, 4, 5],
        capacity: options.cantineCapacity === undefined ? 120 : options.cantineCapacity,
        bookingDeadline: CANTINE_DEADLINE,
        cancellationDeadline: CANTINE_DEADLINE,
        priceCents: 415,
      },
      { tenantId: town.tenant.id, label: 'Accueil matin', groupLabel: 'Périscolaire', position: 2, weekdays: [1, 2, 4, 5], bookingDeadline: MATIN_DEADLINE, cancellationDeadline: MATIN_DEADLINE },
      { tenantId: town.tenant.id, label: 'Mercredi', groupLabel: 'Mercredis', position: 3, weekdays: [3], needsApproval: true, periodKind: 'school' },
    ])
    .returning({ id: services.id });
  return { tenant: town.tenant, publicKey: town.publicKey, base: town.base, cantine: cantine.id, matin: matin.id, mercredi: mercredi.id };
}

/** A logged-in family whose children are enrolled in the given services for the school year. */
export async function seedPlanningFamily(ctx: TestContext, town: PlanningTown, serviceIds = [town.cantine, town.matin, town.mercredi]) {
  const password = 'mot de passe de la famille';
  const family = await seedFamily(ctx, town.tenant.id, { password });
  const kids = await ctx.deps.database.db.query.children.findMany({ where: (c, { eq }) => eq(c.familyId, family.family.id), orderBy: (c, { asc }) => asc(c.birthDate) });
  for (const child of kids) {
    await ctx.deps.database.db
      .insert(enrollments)
      .values(serviceIds.map((serviceId) => ({ tenantId: town.tenant.id, childId: child.id, serviceId, startDate: '2026-09-01', endDate: '2027-07-03' })));
  }
  const signIn = async () => {
    const login = await call(ctx, 'POST', `${town.base}/session`, { body: { login: family.email, password }, headers: { 'X-Forwarded-For': unique('ip-') } });
    return (await login.json()).token as string;
  };
  return { ...family, token: await signIn(), signIn, children: kids.map((k) => ({ id: k.id, firstName: k.firstName })) };
}

export const changes = (ctx: TestContext, town: PlanningTown, token: string, list: unknown[], key = unique('cle-')) =>
  call(ctx, 'POST', `${town.base}/planning/changes`, { token, body: { changes: list }, headers: { 'Idempotency-Key': key } });

export const grid = (ctx: TestContext, town: PlanningTown, token: string, childId: string, from: string, to: string) =>
  call(ctx, 'GET', `${town.base}/planning?childId=${childId}&from=${from}&to=${to}`, { token });
