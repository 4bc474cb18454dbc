/** The services staff set up (days, periods, capacities overall and per school, deadlines, approval, price); each write is audit-logged in its own transaction. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { bookings, schools, serviceSchoolCapacities, services } from '../../db/schema/index.js';
import { audit } from '../../db/audit.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { ApiError, notFound } from '../../errors.js';
import { describeDeadline } from '../../domain/deadlines.js';
import { recountPlaces } from './capacity.js';
import type { ServiceChange, ServiceInput } from '../../contracts/staff/index.js';

export async function listSchools(db: Db, tenantId: string) {
  return db.select({ id: schools.id, name: schools.name }).from(schools).where(eq(schools.tenantId, tenantId)).orderBy(asc(schools.name));
}


export async function listServices(db: Db | Tx, tenantId: string, only?: string) {
  const [rows, caps] = await Promise.all([
    db
      .select()
      .from(services)
      .where(and(eq(services.tenantId, tenantId), only ? eq(services.id, only) : undefined))
      .orderBy(asc(services.position), asc(services.label)),
    db
      .select({ serviceId: serviceSchoolCapacities.serviceId, schoolId: serviceSchoolCapacities.schoolId, schoolName: schools.name, capacity: serviceSchoolCapacities.capacity })
      .from(serviceSchoolCapacities)
      .innerJoin(schools, and(eq(schools.tenantId, serviceSchoolCapacities.tenantId), eq(schools.id, serviceSchoolCapacities.schoolId)))
      .where(and(eq(serviceSchoolCapacities.tenantId, tenantId), only ? eq(serviceSchoolCapacities.serviceId, only) : undefined))
      .orderBy(asc(schools.name)),
  ]);
  return rows.map((s) => ({
    id: s.id,
    label: s.label,
    groupLabel: s.groupLabel,
    position: s.position,
    weekdays: s.weekdays,
    periodKind: s.periodKind,
    capacity: s.capacity,
    schoolCapacities: caps.filter((c) => c.serviceId === s.id).map(({ schoolId, schoolName, capacity }) => ({ schoolId, schoolName, capacity })),
    bookingDeadline: s.bookingDeadline,
    bookingRule: describeDeadline(s.bookingDeadline),
    cancellationDeadline: s.cancellationDeadline,
    cancellationRule: describeDeadline(s.cancellationDeadline),
    needsApproval: s.needsApproval,
    priceCents: s.priceCents,
    billingMode: s.billingMode,
    hours: s.startTime && s.endTime ? { start: s.startTime, end: s.endTime } : null,
    place: s.place,
    active: s.active,
  }));
}

async function readService(db: Db | Tx, tenantId: string, id: string) {
  const [service] = await listServices(db, tenantId, id);
  if (!service) throw notFound('Ce service est introuvable.');
  return service;
}

async function checkSchools(tx: Tx, tenantId: string, caps: { schoolId: string }[]) {
  if (!caps.length) return;
  const ids = [...new Set(caps.map((c) => c.schoolId))];
  const found = await tx.select({ id: schools.id }).from(schools).where(and(eq(schools.tenantId, tenantId), inArray(schools.id, ids)));
  if (found.length !== ids.length) throw notFound('Une des écoles indiquées est introuvable.');
}

async function replaceSchoolCapacities(tx: Tx, tenantId: string, serviceId: string, caps: { schoolId: string; capacity: number }[]) {
  await checkSchools(tx, tenantId, caps);
  await tx.delete(serviceSchoolCapacities).where(and(eq(serviceSchoolCapacities.tenantId, tenantId), eq(serviceSchoolCapacities.serviceId, serviceId)));
  if (caps.length) await tx.insert(serviceSchoolCapacities).values(caps.map((c) => ({ tenantId, serviceId, schoolId: c.schoolId, capacity: c.capacity })));
}

export async function createService(deps: Deps, staff: StaffContext, input: ServiceInput) {
  const id = await deps.database.db.transaction(async (tx) => {
    const { schoolCapacities, position, hours, ...rest } = input;
    const fields = { ...rest, ...hoursColumns(hours) };
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${services.position}), -1)::int + 1` })
      .from(services)
      .where(eq(services.tenantId, staff.tenantId));
    const [row] = await tx
      .insert(services)
      .values({ tenantId: staff.tenantId, ...fields, position: position ?? next, createdAt: deps.clock.now() })
      .returning({ id: services.id });
    await replaceSchoolCapacities(tx, staff.tenantId, row.id, schoolCapacities);
    await audit(tx, staff, 'service_cree', row.id, { libelle: input.label });
    return row.id;
  });
  return readService(deps.database.db, staff.tenantId, id);
}

const hoursColumns = (hours: ServiceInput['hours']) => ({ startTime: hours?.start ?? null, endTime: hours?.end ?? null });

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function updateService(deps: Deps, staff: StaffContext, id: string, change: ServiceChange) {
  await deps.database.db.transaction(async (tx) => {
    const [current] = await tx.select().from(services).where(and(eq(services.tenantId, staff.tenantId), eq(services.id, id))).for('update');
    if (!current) throw notFound('Ce service est introuvable.');
    const { schoolCapacities, hours, ...rest } = change;
    const fields = { ...rest, ...(hours === undefined ? {} : hoursColumns(hours)) };
    const changed = Object.entries(fields)
      .filter(([key, value]) => value !== undefined && !sameJson(value, current[key as keyof typeof current]))
      .map(([key]) => key);
    if (changed.includes('billingMode')) await checkNoBasketLines(tx, staff.tenantId, id);
    if (changed.length) await tx.update(services).set(fields).where(and(eq(services.tenantId, staff.tenantId), eq(services.id, id)));
    let capsChanged = false;
    if (schoolCapacities) {
      const before = await tx
        .select({ schoolId: serviceSchoolCapacities.schoolId, capacity: serviceSchoolCapacities.capacity })
        .from(serviceSchoolCapacities)
        .where(and(eq(serviceSchoolCapacities.tenantId, staff.tenantId), eq(serviceSchoolCapacities.serviceId, id)));
      const key = (list: { schoolId: string; capacity: number }[]) => JSON.stringify([...list].sort((a, b) => (a.schoolId < b.schoolId ? -1 : 1)));
      if (key(before) !== key(schoolCapacities)) {
        await replaceSchoolCapacities(tx, staff.tenantId, id, schoolCapacities);
        capsChanged = true;
        changed.push('schoolCapacities');
      }
    }
    if (changed.includes('capacity') || capsChanged) await recountPlaces(tx, staff.tenantId, id);
    if (changed.length) await audit(tx, staff, 'service_modifie', id, { libelle: fields.label ?? current.label, champs: changed });
  });
  return readService(deps.database.db, staff.tenantId, id);
}

/** A service cannot change how it is paid while families have days of it waiting, unpaid, in their baskets. */
async function checkNoBasketLines(tx: Tx, tenantId: string, serviceId: string) {
  const [waiting] = await tx
    .select({ id: bookings.id })
    .from(bookings)
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.serviceId, serviceId), eq(bookings.state, 'in_basket')))
    .limit(1);
  if (waiting) {
    throw new ApiError(409, 'paniers_en_cours', 'Des familles ont des jours de ce service dans leur panier, non payés : le mode de paiement ne peut changer qu’une fois ces paniers payés ou expirés.');
  }
}

/** A service is never deleted (bookings and invoices refer to it): it stops being offered. */
export async function deactivateService(deps: Deps, staff: StaffContext, id: string) {
  await deps.database.db.transaction(async (tx) => {
    const [row] = await tx
      .update(services)
      .set({ active: false })
      .where(and(eq(services.tenantId, staff.tenantId), eq(services.id, id)))
      .returning({ label: services.label });
    if (!row) throw notFound('Ce service est introuvable.');
    await audit(tx, staff, 'service_desactive', id, { libelle: row.label });
  });
  return readService(deps.database.db, staff.tenantId, id);
}
