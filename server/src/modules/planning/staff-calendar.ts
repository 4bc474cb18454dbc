/**
 * The school calendar staff keep: periods, closures, the Alsace-Moselle option, public holidays and
 * the import of the official calendar (.ics); each write is audit-logged in its own transaction.
 */
import { and, asc, eq, gte, lte, ne } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { closures, periods, services, settings, tenants } from '../../db/schema/index.js';
import { audit } from '../../db/audit.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { publicHolidays } from '../../domain/holidays.js';
import { parseSchoolCalendarIcs, periodsFromCalendar, SchoolCalendarError, type SchoolPeriod } from '../../domain/school-calendar.js';
import { frenchDay, invalid } from './staff-checks.js';

/** Serialises the checks that span rows (period overlaps, imports) across API instances. */
async function lockTenant(tx: Tx, tenantId: string) {
  await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for('update');
}

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

/** The periods of an official school calendar (.ics) for one zone, checked before anything is written. */
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
