/**
 * Staff side of the planning: services, school calendar, absence reasons, enrollments, bookings
 * on behalf of a family, the request queue and the daily headcounts. Every configuration write is
 * audit-logged in its own transaction; bookings go through the shared booking service, which
 * records them in booking_events with the staff member and the "mairie" channel.
 */
import { and, asc, eq, gte, ilike, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import {
  absenceReasons,
  bookings,
  capacityUsage,
  children,
  closures,
  enrollments,
  families,
  periods,
  schools,
  serviceSchoolCapacities,
  services,
  settings,
  tenants,
} from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../http/context.js';
import { ApiError, notFound } from '../../http/errors.js';
import { describeDeadline, type DeadlineRule, type Weekday } from '../../domain/deadlines.js';
import { publicHolidays } from '../../domain/holidays.js';
import { formatDayShort } from '../../domain/dates.js';
import { parseSchoolCalendarIcs, periodsFromCalendar, SchoolCalendarError, type SchoolPeriod } from '../../domain/school-calendar.js';
import { pendingRequests } from '../planning/staff-requests.js';
import { headcounts } from '../planning/headcounts.js';
import { audit } from '../../db/audit.js';
import { dietLabel } from '../../domain/diets.js';


/** Serialises the checks that span rows (period overlaps, imports) across API instances. */
async function lockTenant(tx: Tx, tenantId: string) {
  await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for('update');
}

const invalid = (code: string, message: string, fields: Record<string, string> = {}) => new ApiError(422, code, message, { fields });

/** French names of the audit actions written here, for the history of changes. */
export const PLANNING_AUDIT_LABELS: Record<string, string> = {
  service_cree: 'Service créé',
  service_modifie: 'Service modifié',
  service_desactive: 'Service désactivé',
  periode_ajoutee: 'Période ajoutée',
  periode_modifiee: 'Période modifiée',
  periode_supprimee: 'Période supprimée',
  fermeture_ajoutee: 'Fermeture ajoutée',
  fermeture_modifiee: 'Fermeture modifiée',
  fermeture_supprimee: 'Fermeture supprimée',
  alsace_moselle_modifie: 'Option Alsace-Moselle modifiée',
  calendrier_importe: 'Calendrier scolaire importé',
  motif_ajoute: 'Motif d’absence ajouté',
  motif_modifie: 'Motif d’absence modifié',
  motif_desactive: 'Motif d’absence désactivé',
  inscription_ajoutee: 'Inscription à un service ajoutée',
  inscription_terminee: 'Inscription à un service terminée',
};

export async function tenantOf(db: Db, tenantId: string) {
  const [tenant] = await db.select({ id: tenants.id, name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound('Cette commune est introuvable.');
  return tenant;
}

// ---------------------------------------------------------------------------------------------
// Schools and services
// ---------------------------------------------------------------------------------------------

export async function listSchools(db: Db, tenantId: string) {
  return db.select({ id: schools.id, name: schools.name }).from(schools).where(eq(schools.tenantId, tenantId)).orderBy(asc(schools.name));
}

export interface ServiceInput {
  label: string;
  groupLabel: string;
  position?: number;
  weekdays: Weekday[];
  periodKind: 'school' | 'holidays' | 'all';
  capacity: number | null;
  schoolCapacities: { schoolId: string; capacity: number }[];
  bookingDeadline: DeadlineRule;
  cancellationDeadline: DeadlineRule;
  needsApproval: boolean;
  priceCents: number;
}

export type ServiceChange = Partial<ServiceInput> & { active?: boolean };

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

/**
 * Rebuilds the place counters of a service from its booked days. The booking path only keeps the
 * counters of the capacities that exist when it runs, so a capacity added, removed or moved
 * later must start from the real number of children booked, never from zero.
 */
async function recountPlaces(tx: Tx, tenantId: string, serviceId: string) {
  await tx.delete(capacityUsage).where(and(eq(capacityUsage.tenantId, tenantId), eq(capacityUsage.serviceId, serviceId)));
  const [service] = await tx.select({ capacity: services.capacity }).from(services).where(and(eq(services.tenantId, tenantId), eq(services.id, serviceId)));
  if (service?.capacity !== null && service?.capacity !== undefined) {
    await tx.execute(sql`
      insert into capacity_usage (tenant_id, service_id, day, scope, used)
      select tenant_id, service_id, day, 'all', count(*)::int from bookings
      where tenant_id = ${tenantId} and service_id = ${serviceId} and state = 'booked'
      group by tenant_id, service_id, day`);
  }
  await tx.execute(sql`
    insert into capacity_usage (tenant_id, service_id, day, scope, used)
    select b.tenant_id, b.service_id, b.day, c.school_id::text, count(*)::int
    from bookings b
    join children c on c.tenant_id = b.tenant_id and c.id = b.child_id
    join service_school_capacities ssc on ssc.tenant_id = b.tenant_id and ssc.service_id = b.service_id and ssc.school_id = c.school_id
    where b.tenant_id = ${tenantId} and b.service_id = ${serviceId} and b.state = 'booked'
    group by b.tenant_id, b.service_id, b.day, c.school_id`);
}

async function replaceSchoolCapacities(tx: Tx, tenantId: string, serviceId: string, caps: { schoolId: string; capacity: number }[]) {
  await checkSchools(tx, tenantId, caps);
  await tx.delete(serviceSchoolCapacities).where(and(eq(serviceSchoolCapacities.tenantId, tenantId), eq(serviceSchoolCapacities.serviceId, serviceId)));
  if (caps.length) await tx.insert(serviceSchoolCapacities).values(caps.map((c) => ({ tenantId, serviceId, schoolId: c.schoolId, capacity: c.capacity })));
}

export async function createService(deps: Deps, staff: StaffContext, input: ServiceInput) {
  const id = await deps.database.db.transaction(async (tx) => {
    const { schoolCapacities, position, ...fields } = input;
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

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function updateService(deps: Deps, staff: StaffContext, id: string, change: ServiceChange) {
  await deps.database.db.transaction(async (tx) => {
    const [current] = await tx.select().from(services).where(and(eq(services.tenantId, staff.tenantId), eq(services.id, id))).for('update');
    if (!current) throw notFound('Ce service est introuvable.');
    const { schoolCapacities, ...fields } = change;
    const changed = Object.entries(fields)
      .filter(([key, value]) => value !== undefined && !sameJson(value, current[key as keyof typeof current]))
      .map(([key]) => key);
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

// ---------------------------------------------------------------------------------------------
// School calendar: periods, closures, Alsace-Moselle, public holidays, .ics import
// ---------------------------------------------------------------------------------------------

export interface PeriodInput {
  label: string;
  kind: 'school' | 'holidays';
  startDate: string;
  endDate: string;
}

const KIND_WORDS = { school: 'période scolaire', holidays: 'période de vacances' } as const;

export async function listPeriods(db: Db | Tx, tenantId: string) {
  return db
    .select({ id: periods.id, label: periods.label, kind: periods.kind, startDate: periods.startDate, endDate: periods.endDate })
    .from(periods)
    .where(eq(periods.tenantId, tenantId))
    .orderBy(asc(periods.startDate), asc(periods.kind));
}

async function checkPeriod(tx: Tx, tenantId: string, period: PeriodInput, exceptId?: string) {
  if (period.startDate > period.endDate) {
    throw invalid('dates_inversees', 'La date de début doit précéder la date de fin.', { endDate: 'La date de fin doit suivre la date de début.' });
  }
  const [clash] = await tx
    .select({ label: periods.label, startDate: periods.startDate, endDate: periods.endDate })
    .from(periods)
    .where(
      and(
        eq(periods.tenantId, tenantId),
        eq(periods.kind, period.kind),
        lte(periods.startDate, period.endDate),
        gte(periods.endDate, period.startDate),
        exceptId ? ne(periods.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (clash) {
    const message = `Cette ${KIND_WORDS[period.kind]} chevauche « ${clash.label} » (du ${frenchDay(clash.startDate)} au ${frenchDay(clash.endDate)}).`;
    throw invalid('periodes_chevauchantes', message, { startDate: message });
  }
}

/** "8 septembre 2026": the short form used in messages. */
const frenchDay = (day: string) => formatDayShort(day, true);

export async function createPeriod(deps: Deps, staff: StaffContext, input: PeriodInput) {
  await deps.database.db.transaction(async (tx) => {
    await lockTenant(tx, staff.tenantId);
    await checkPeriod(tx, staff.tenantId, input);
    const [row] = await tx.insert(periods).values({ tenantId: staff.tenantId, ...input }).returning({ id: periods.id });
    await audit(tx, staff, 'periode_ajoutee', row.id, { ...input });
  });
  return listPeriods(deps.database.db, staff.tenantId);
}

export async function updatePeriod(deps: Deps, staff: StaffContext, id: string, change: Partial<PeriodInput>) {
  await deps.database.db.transaction(async (tx) => {
    await lockTenant(tx, staff.tenantId);
    const [current] = await tx.select().from(periods).where(and(eq(periods.tenantId, staff.tenantId), eq(periods.id, id)));
    if (!current) throw notFound('Cette période est introuvable.');
    const next: PeriodInput = {
      label: change.label ?? current.label,
      kind: change.kind ?? current.kind,
      startDate: change.startDate ?? current.startDate,
      endDate: change.endDate ?? current.endDate,
    };
    await checkPeriod(tx, staff.tenantId, next, id);
    await tx.update(periods).set(next).where(and(eq(periods.tenantId, staff.tenantId), eq(periods.id, id)));
    await audit(tx, staff, 'periode_modifiee', id, { ...next });
  });
  return listPeriods(deps.database.db, staff.tenantId);
}

export async function deletePeriod(deps: Deps, staff: StaffContext, id: string) {
  await deps.database.db.transaction(async (tx) => {
    const [row] = await tx.delete(periods).where(and(eq(periods.tenantId, staff.tenantId), eq(periods.id, id))).returning();
    if (!row) throw notFound('Cette période est introuvable.');
    await audit(tx, staff, 'periode_supprimee', id, { label: row.label, kind: row.kind, startDate: row.startDate, endDate: row.endDate });
  });
  return listPeriods(deps.database.db, staff.tenantId);
}

export interface ClosureInput {
  serviceId: string | null;
  startDate: string;
  endDate: string;
  reason: string;
}

export async function listClosures(db: Db | Tx, tenantId: string) {
  return db
    .select({ id: closures.id, serviceId: closures.serviceId, serviceLabel: services.label, startDate: closures.startDate, endDate: closures.endDate, reason: closures.reason })
    .from(closures)
    .leftJoin(services, and(eq(services.tenantId, closures.tenantId), eq(services.id, closures.serviceId)))
    .where(eq(closures.tenantId, tenantId))
    .orderBy(asc(closures.startDate));
}

async function checkClosure(tx: Tx, tenantId: string, closure: ClosureInput) {
  if (closure.startDate > closure.endDate) {
    throw invalid('dates_inversees', 'La date de début doit précéder la date de fin.', { endDate: 'La date de fin doit suivre la date de début.' });
  }
  if (closure.serviceId) {
    const [service] = await tx.select({ id: services.id }).from(services).where(and(eq(services.tenantId, tenantId), eq(services.id, closure.serviceId)));
    if (!service) throw notFound('Ce service est introuvable.');
  }
}

export async function createClosure(deps: Deps, staff: StaffContext, input: ClosureInput) {
  await deps.database.db.transaction(async (tx) => {
    await checkClosure(tx, staff.tenantId, input);
    const [row] = await tx.insert(closures).values({ tenantId: staff.tenantId, ...input }).returning({ id: closures.id });
    await audit(tx, staff, 'fermeture_ajoutee', row.id, { ...input });
  });
  return listClosures(deps.database.db, staff.tenantId);
}

export async function updateClosure(deps: Deps, staff: StaffContext, id: string, change: Partial<ClosureInput>) {
  await deps.database.db.transaction(async (tx) => {
    const [current] = await tx.select().from(closures).where(and(eq(closures.tenantId, staff.tenantId), eq(closures.id, id)));
    if (!current) throw notFound('Cette fermeture est introuvable.');
    const next: ClosureInput = {
      serviceId: change.serviceId === undefined ? current.serviceId : change.serviceId,
      startDate: change.startDate ?? current.startDate,
      endDate: change.endDate ?? current.endDate,
      reason: change.reason ?? current.reason,
    };
    await checkClosure(tx, staff.tenantId, next);
    await tx.update(closures).set(next).where(and(eq(closures.tenantId, staff.tenantId), eq(closures.id, id)));
    await audit(tx, staff, 'fermeture_modifiee', id, { ...next });
  });
  return listClosures(deps.database.db, staff.tenantId);
}

export async function deleteClosure(deps: Deps, staff: StaffContext, id: string) {
  await deps.database.db.transaction(async (tx) => {
    const [row] = await tx.delete(closures).where(and(eq(closures.tenantId, staff.tenantId), eq(closures.id, id))).returning();
    if (!row) throw notFound('Cette fermeture est introuvable.');
    await audit(tx, staff, 'fermeture_supprimee', id, { serviceId: row.serviceId, startDate: row.startDate, endDate: row.endDate, reason: row.reason });
  });
  return listClosures(deps.database.db, staff.tenantId);
}

export async function readCalendarOptions(db: Db, tenantId: string) {
  const [row] = await db.select({ alsaceMoselle: settings.alsaceMoselle }).from(settings).where(eq(settings.tenantId, tenantId));
  if (!row) throw notFound('Les réglages de cette commune sont introuvables.');
  return row;
}

export async function setAlsaceMoselle(deps: Deps, staff: StaffContext, alsaceMoselle: boolean) {
  await deps.database.db.transaction(async (tx) => {
    const [current] = await tx.select({ alsaceMoselle: settings.alsaceMoselle }).from(settings).where(eq(settings.tenantId, staff.tenantId)).for('update');
    if (!current) throw notFound('Les réglages de cette commune sont introuvables.');
    if (current.alsaceMoselle === alsaceMoselle) return;
    await tx.update(settings).set({ alsaceMoselle, updatedAt: deps.clock.now() }).where(eq(settings.tenantId, staff.tenantId));
    await audit(tx, staff, 'alsace_moselle_modifie', null, { alsaceMoselle });
  });
  return readCalendarOptions(deps.database.db, staff.tenantId);
}

/** The school year holding a day: it starts in September, and from August on staff prepare the next one. */
export const schoolYearOf = (day: string) => (Number(day.slice(5, 7)) >= 8 ? Number(day.slice(0, 4)) : Number(day.slice(0, 4)) - 1);

/** Public holidays from 1 September of `year` to 31 August of the next, with the commune's option. */
export async function schoolYearHolidays(db: Db, tenantId: string, year: number) {
  const { alsaceMoselle } = await readCalendarOptions(db, tenantId);
  const from = `${year}-09-01`;
  const to = `${year + 1}-08-31`;
  const days = [...publicHolidays(year, { alsaceMoselle }), ...publicHolidays(year + 1, { alsaceMoselle })]
    .filter(([day]) => from <= day && day <= to)
    .map(([date, name]) => ({ date, name }));
  return { schoolYear: `${year}-${year + 1}`, from, to, alsaceMoselle, holidays: days };
}

// ---------------------------------------------------------------------------------------------
// Absence reasons
// ---------------------------------------------------------------------------------------------

export async function listReasons(db: Db | Tx, tenantId: string) {
  return db
    .select({ id: absenceReasons.id, label: absenceReasons.label, billed: absenceReasons.billed, position: absenceReasons.position, active: absenceReasons.active })
    .from(absenceReasons)
    .where(eq(absenceReasons.tenantId, tenantId))
    .orderBy(asc(absenceReasons.position), asc(absenceReasons.label));
}

export async function createReason(deps: Deps, staff: StaffContext, input: { label: string; billed: boolean }) {
  await deps.database.db.transaction(async (tx) => {
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${absenceReasons.position}), -1)::int + 1` })
      .from(absenceReasons)
      .where(eq(absenceReasons.tenantId, staff.tenantId));
    const [row] = await tx.insert(absenceReasons).values({ tenantId: staff.tenantId, ...input, position: next }).returning({ id: absenceReasons.id });
    await audit(tx, staff, 'motif_ajoute', row.id, { ...input });
  });
  return listReasons(deps.database.db, staff.tenantId);
}

export async function updateReason(deps: Deps, staff: StaffContext, id: string, change: { label?: string; billed?: boolean; active?: boolean }) {
  await deps.database.db.transaction(async (tx) => {
    const [current] = await tx.select().from(absenceReasons).where(and(eq(absenceReasons.tenantId, staff.tenantId), eq(absenceReasons.id, id))).for('update');
    if (!current) throw notFound('Ce motif d’absence est introuvable.');
    const changed = Object.entries(change).filter(([key, value]) => value !== undefined && value !== current[key as keyof typeof current]);
    if (!changed.length) return;
    await tx.update(absenceReasons).set(Object.fromEntries(changed)).where(and(eq(absenceReasons.tenantId, staff.tenantId), eq(absenceReasons.id, id)));
    await audit(tx, staff, change.active === false && changed.length === 1 ? 'motif_desactive' : 'motif_modifie', id, { libelle: change.label ?? current.label, champs: changed.map(([key]) => key) });
  });
  return listReasons(deps.database.db, staff.tenantId);
}

// ---------------------------------------------------------------------------------------------
// Children and enrollments
// ---------------------------------------------------------------------------------------------

const likePattern = (query: string) => `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function searchChildren(db: Db, tenantId: string, query: string) {
  const pattern = likePattern(query);
  return db
    .select({
      id: children.id,
      firstName: children.firstName,
      lastName: children.lastName,
      familyId: families.id,
      familyName: families.name,
      familyNumber: families.familyNumber,
      school: schools.name,
      className: children.className,
    })
    .from(children)
    .innerJoin(families, and(eq(families.tenantId, children.tenantId), eq(families.id, children.familyId)))
    .leftJoin(schools, and(eq(schools.tenantId, children.tenantId), eq(schools.id, children.schoolId)))
    .where(
      and(
        eq(children.tenantId, tenantId),
        or(
          ilike(children.firstName, pattern),
          ilike(children.lastName, pattern),
          ilike(families.name, pattern),
          ilike(sql`${children.firstName} || ' ' || ${children.lastName}`, pattern),
        ),
      ),
    )
    .orderBy(asc(children.lastName), asc(children.firstName))
    .limit(50);
}

async function childOf(db: Db | Tx, tenantId: string, childId: string) {
  const [child] = await db
    .select({
      id: children.id,
      firstName: children.firstName,
      lastName: children.lastName,
      familyId: children.familyId,
      familyName: families.name,
      schoolId: children.schoolId,
      school: schools.name,
      className: children.className,
      diet: children.diet,
    })
    .from(children)
    .innerJoin(families, and(eq(families.tenantId, children.tenantId), eq(families.id, children.familyId)))
    .leftJoin(schools, and(eq(schools.tenantId, children.tenantId), eq(schools.id, children.schoolId)))
    .where(and(eq(children.tenantId, tenantId), eq(children.id, childId)));
  if (!child) throw notFound('Cet enfant est introuvable.');
  return child;
}

export async function childEnrollments(db: Db, tenantId: string, childId: string) {
  const child = await childOf(db, tenantId, childId);
  const rows = await db
    .select({ id: enrollments.id, serviceId: enrollments.serviceId, serviceLabel: services.label, startDate: enrollments.startDate, endDate: enrollments.endDate })
    .from(enrollments)
    .innerJoin(services, and(eq(services.tenantId, enrollments.tenantId), eq(services.id, enrollments.serviceId)))
    .where(and(eq(enrollments.tenantId, tenantId), eq(enrollments.childId, childId)))
    .orderBy(asc(services.position), asc(services.label), asc(enrollments.startDate));
  const { schoolId: _schoolId, ...visible } = child;
  return { child: visible, enrollments: rows };
}

async function lockChild(tx: Tx, tenantId: string, childId: string) {
  const [row] = await tx.select({ id: children.id }).from(children).where(and(eq(children.tenantId, tenantId), eq(children.id, childId))).for('update');
  if (!row) throw notFound('Cet enfant est introuvable.');
}

export async function addEnrollment(deps: Deps, staff: StaffContext, childId: string, input: { serviceId: string; startDate: string; endDate: string | null }) {
  await deps.database.db.transaction(async (tx) => {
    await lockChild(tx, staff.tenantId, childId);
    const [service] = await tx.select({ label: services.label }).from(services).where(and(eq(services.tenantId, staff.tenantId), eq(services.id, input.serviceId)));
    if (!service) throw notFound('Ce service est introuvable.');
    if (input.endDate !== null && input.startDate > input.endDate) {
      throw invalid('dates_inversees', 'La date de début doit précéder la date de fin.', { endDate: 'La date de fin doit suivre la date de début.' });
    }
    const [clash] = await tx
      .select({ id: enrollments.id })
      .from(enrollments)
      .where(
        and(
          eq(enrollments.tenantId, staff.tenantId),
          eq(enrollments.childId, childId),
          eq(enrollments.serviceId, input.serviceId),
          input.endDate ? lte(enrollments.startDate, input.endDate) : undefined,
          or(isNull(enrollments.endDate), gte(enrollments.endDate, input.startDate)),
        ),
      );
    if (clash) throw invalid('inscription_existante', `L’enfant est déjà inscrit à « ${service.label} » sur une partie de ces dates.`, { startDate: 'Une inscription couvre déjà ces dates.' });
    const [row] = await tx.insert(enrollments).values({ tenantId: staff.tenantId, childId, ...input }).returning({ id: enrollments.id });
    await audit(tx, staff, 'inscription_ajoutee', row.id, { enfant: childId, service: service.label, debut: input.startDate, fin: input.endDate });
  });
  return childEnrollments(deps.database.db, staff.tenantId, childId);
}

/**
 * Ends an enrollment on `endDate` (its last day). Days still held after it (booked, requested,
 * on the waiting list, absent) must be cancelled first: ending silently would leave bookings the
 * child can no longer use, and a bill for them.
 */
export async function endEnrollment(deps: Deps, staff: StaffContext, id: string, endDate: string) {
  const childId = await deps.database.db.transaction(async (tx) => {
    const [row] = await tx.select().from(enrollments).where(and(eq(enrollments.tenantId, staff.tenantId), eq(enrollments.id, id))).for('update');
    if (!row) throw notFound('Cette inscription est introuvable.');
    if (endDate < row.startDate) {
      throw invalid('dates_inversees', 'La date de fin doit suivre la date de début de l’inscription.', { endDate: 'La date de fin doit suivre la date de début de l’inscription.' });
    }
    const [{ held }] = await tx
      .select({ held: sql<number>`count(*)::int` })
      .from(bookings)
      .where(
        and(
          eq(bookings.tenantId, staff.tenantId),
          eq(bookings.childId, row.childId),
          eq(bookings.serviceId, row.serviceId),
          sql`${bookings.day} > ${endDate}`,
          row.endDate ? lte(bookings.day, row.endDate) : undefined,
          inArray(bookings.state, ['booked', 'requested', 'waitlisted', 'absent']),
        ),
      );
    if (held > 0) {
      const message = `${held === 1 ? 'Une réservation existe' : `${held} réservations existent`} après le ${frenchDay(endDate)} : annulez-${held === 1 ? 'la' : 'les'} avant de terminer l’inscription.`;
      throw new ApiError(409, 'reservations_a_venir', message, { fields: { endDate: message } });
    }
    await tx.update(enrollments).set({ endDate }).where(and(eq(enrollments.tenantId, staff.tenantId), eq(enrollments.id, id)));
    await audit(tx, staff, 'inscription_terminee', id, { enfant: row.childId, fin: endDate });
    return row.childId;
  });
  return childEnrollments(deps.database.db, staff.tenantId, childId);
}

// ---------------------------------------------------------------------------------------------
// Request queue and headcounts
// ---------------------------------------------------------------------------------------------

export async function requestQueue(db: Db, tenantId: string) {
  const rows = await pendingRequests(db, tenantId);
  return rows.map((r) => ({ ...r, requestedAt: r.requestedAt.toISOString() }));
}

/** Every id must be one of the commune's bookings: an unknown id is a 404, never a silent skip. */
export async function checkBookingsExist(db: Db, tenantId: string, ids: string[]) {
  const found = await db.select({ id: bookings.id }).from(bookings).where(and(eq(bookings.tenantId, tenantId), inArray(bookings.id, ids)));
  if (found.length !== new Set(ids).size) throw notFound('Certaines demandes sont introuvables.');
}


const COUNTS = ['booked', 'absent', 'waitlisted', 'requested'] as const;
type Counts = Record<(typeof COUNTS)[number], number>;

/** The canteen's order for a day: one row per service, school and diet, totals per service and overall. */
export async function dayHeadcounts(db: Db, tenantId: string, day: string) {
  const rows = (await headcounts(db, tenantId, day))
    .filter((r) => COUNTS.some((k) => r[k] > 0))
    .map((r) => ({ ...r, dietLabel: dietLabel(r.diet) }));
  const sum = (list: Counts[]): Counts => Object.fromEntries(COUNTS.map((k) => [k, list.reduce((n, r) => n + r[k], 0)])) as Counts;
  const serviceIds = [...new Set(rows.map((r) => r.serviceId))];
  return {
    day,
    rows,
    services: serviceIds.map((serviceId) => {
      const mine = rows.filter((r) => r.serviceId === serviceId);
      return { serviceId, serviceLabel: mine[0]!.serviceLabel, ...sum(mine) };
    }),
    totals: sum(rows),
  };
}

/** A CSV cell for French Excel: quoted when needed, and never read as a formula. */
function csvCell(value: string | number) {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const HEADCOUNT_CSV_HEADER = ['Service', 'École', 'Régime', 'Inscrits', 'Absents', 'Liste d’attente', 'Demandes'];

export function headcountsCsv(report: Awaited<ReturnType<typeof dayHeadcounts>>) {
  const lines = [
    HEADCOUNT_CSV_HEADER,
    ...report.rows.map((r) => [r.serviceLabel, r.school, r.dietLabel, r.booked, r.absent, r.waitlisted, r.requested]),
    ['Total', '', '', report.totals.booked, report.totals.absent, report.totals.waitlisted, report.totals.requested],
  ];
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------------------------------------
// Import of the official school calendar (.ics)
// ---------------------------------------------------------------------------------------------

function importPlan(ics: string, zone: string) {
  let planned: SchoolPeriod[];
  try {
    planned = periodsFromCalendar(parseSchoolCalendarIcs(ics, { zone }));
  } catch (error) {
    if (!(error instanceof SchoolCalendarError)) throw error;
    const field = error.message.startsWith('Zone inconnue') ? 'zone' : 'ics';
    throw invalid('calendrier_invalide', error.message, { [field]: error.message });
  }
  if (!planned.length) {
    const message = 'Ce fichier ne contient aucune période pour cette zone : vérifiez la zone choisie et le fichier.';
    throw invalid('calendrier_vide', message, { ics: message });
  }
  for (const kind of ['school', 'holidays'] as const) {
    const same = planned.filter((p) => p.kind === kind);
    for (let i = 1; i < same.length; i++) {
      if (same[i]!.startDate <= same[i - 1]!.endDate) {
        const message = `Le fichier contient des périodes qui se chevauchent (« ${same[i - 1]!.label} » et « ${same[i]!.label} ») : choisissez une seule zone.`;
        throw invalid('calendrier_incoherent', message, { ics: message });
      }
    }
  }
  const from = planned.reduce((min, p) => (p.startDate < min ? p.startDate : min), planned[0]!.startDate);
  const to = planned.reduce((max, p) => (p.endDate > max ? p.endDate : max), planned[0]!.endDate);
  return { from, to, periods: planned.map(({ label, kind, startDate, endDate }) => ({ label, kind, startDate, endDate })) };
}

const overlapping = (tenantId: string, from: string, to: string) => and(eq(periods.tenantId, tenantId), lte(periods.startDate, to), gte(periods.endDate, from));

/** What an import would do: the periods it creates and the existing ones it replaces (every period touching the covered range). */
export async function previewImport(db: Db, tenantId: string, ics: string, zone: string) {
  const plan = importPlan(ics, zone);
  const replaced = await db
    .select({ id: periods.id, label: periods.label, kind: periods.kind, startDate: periods.startDate, endDate: periods.endDate })
    .from(periods)
    .where(overlapping(tenantId, plan.from, plan.to))
    .orderBy(asc(periods.startDate));
  return { zone, ...plan, replaced };
}

/** Replaces the periods of the covered range by the file's, all or nothing. */
export async function applyImport(deps: Deps, staff: StaffContext, ics: string, zone: string) {
  const plan = importPlan(ics, zone);
  const counts = await deps.database.db.transaction(async (tx) => {
    await lockTenant(tx, staff.tenantId);
    const removed = await tx.delete(periods).where(overlapping(staff.tenantId, plan.from, plan.to)).returning({ id: periods.id });
    await tx.insert(periods).values(plan.periods.map((p) => ({ tenantId: staff.tenantId, ...p })));
    await audit(tx, staff, 'calendrier_importe', null, { zone, du: plan.from, au: plan.to, periodes: plan.periods.length, remplacees: removed.length });
    return { imported: plan.periods.length, replaced: removed.length };
  });
  return { ...counts, from: plan.from, to: plan.to, periods: await listPeriods(deps.database.db, staff.tenantId) };
}
