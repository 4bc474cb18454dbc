/**
 * The school calendar staff keep: periods, closures, the Alsace-Moselle option, public holidays and
 * the import of the official calendar (.ics); each write is audit-logged in its own transaction.
 */
import { and, asc, eq, gte, lte, ne } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { closures, periods, services, settings, tenants } from '../../db/schema/index.js';
import { audit } from '../../db/audit.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { notFound } from '../../errors.js';
import { publicHolidays } from '../../domain/holidays.js';
import { parseSchoolCalendarIcs, periodsFromCalendar, SchoolCalendarError, type SchoolPeriod } from '../../domain/school-calendar.js';
import { checkDateOrder, frenchDay, invalid } from './staff-checks.js';

/** Serialises the checks that span rows (period overlaps, imports) across API instances. */
async function lockTenant(tx: Tx, tenantId: string) {
  await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for('update');
}

type EntryTable = typeof periods | typeof closures;

/** A period or a closure as its form and the audit see it: its fields, without the keys. */
type Entry<T extends EntryTable> = Omit<T['$inferSelect'], 'tenantId' | 'id'>;

/**
 * Periods and closures are edited alike: each write is checked and committed with its audit row,
 * and answers the whole list the form shows. Insert and update stay per table (their values are typed by it).
 */
interface Entries<T extends EntryTable> {
  table: T;
  missing: string;
  audited: { added: string; changed: string; removed: string };
  /** Checks that span rows (period overlaps) run under the commune's lock. */
  lock: boolean;
  check(tx: Tx, tenantId: string, entry: Entry<T>, exceptId?: string): Promise<void>;
  insert(tx: Tx, tenantId: string, entry: Entry<T>): Promise<string>;
  update(tx: Tx, tenantId: string, id: string, entry: Entry<T>): Promise<unknown>;
  list(db: Db | Tx, tenantId: string): Promise<object[]>;
}

/** The entry as a change leaves it: the fields the change gives (null included) over the stored ones. */
const withChange = <T extends object>(stored: T, change: Partial<T>): T => ({
  ...stored,
  ...Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)),
});

function entryEdits<T extends EntryTable>(entries: Entries<T>) {
  const { table, missing, audited } = entries;
  const ofCommune = (tenantId: string, id: string) => and(eq(table.tenantId, tenantId), eq(table.id, id));
  const write = (deps: Deps, staff: StaffContext, work: (tx: Tx) => Promise<void>) =>
    deps.database.db.transaction(async (tx) => {
      if (entries.lock) await lockTenant(tx, staff.tenantId);
      await work(tx);
    });
  return {
    async create(deps: Deps, staff: StaffContext, input: Entry<T>) {
      await write(deps, staff, async (tx) => {
        await entries.check(tx, staff.tenantId, input);
        const id = await entries.insert(tx, staff.tenantId, input);
        await audit(tx, staff, audited.added, id, { ...input });
      });
      return entries.list(deps.database.db, staff.tenantId);
    },
    async update(deps: Deps, staff: StaffContext, id: string, change: Partial<Entry<T>>) {
      await write(deps, staff, async (tx) => {
        const [stored] = (await tx.select().from(table as EntryTable).where(ofCommune(staff.tenantId, id))) as T['$inferSelect'][];
        if (!stored) throw notFound(missing);
        const { tenantId: _tenantId, id: _id, ...fields } = stored;
        const next = withChange<Entry<T>>(fields, change);
        await entries.check(tx, staff.tenantId, next, id);
        await entries.update(tx, staff.tenantId, id, next);
        await audit(tx, staff, audited.changed, id, { ...next });
      });
      return entries.list(deps.database.db, staff.tenantId);
    },
    async remove(deps: Deps, staff: StaffContext, id: string) {
      await deps.database.db.transaction(async (tx) => {
        const [row] = await tx.delete(table).where(ofCommune(staff.tenantId, id)).returning();
        if (!row) throw notFound(missing);
        const { tenantId: _tenantId, id: _id, ...fields } = row;
        await audit(tx, staff, audited.removed, id, fields);
      });
      return entries.list(deps.database.db, staff.tenantId);
    },
  };
}

export type PeriodInput = Entry<typeof periods>;

const KIND_WORDS = { school: 'période scolaire', holidays: 'période de vacances' } as const;

export async function listPeriods(db: Db | Tx, tenantId: string) {
  return db
    .select({ id: periods.id, label: periods.label, kind: periods.kind, startDate: periods.startDate, endDate: periods.endDate })
    .from(periods)
    .where(eq(periods.tenantId, tenantId))
    .orderBy(asc(periods.startDate), asc(periods.kind));
}

async function checkPeriod(tx: Tx, tenantId: string, period: PeriodInput, exceptId?: string) {
  checkDateOrder(period.startDate, period.endDate);
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

export const { create: createPeriod, update: updatePeriod, remove: deletePeriod } = entryEdits({
  table: periods,
  missing: 'Cette période est introuvable.',
  audited: { added: 'periode_ajoutee', changed: 'periode_modifiee', removed: 'periode_supprimee' },
  lock: true,
  check: checkPeriod,
  insert: async (tx, tenantId, entry) => (await tx.insert(periods).values({ tenantId, ...entry }).returning({ id: periods.id }))[0].id,
  update: (tx, tenantId, id, entry) => tx.update(periods).set(entry).where(and(eq(periods.tenantId, tenantId), eq(periods.id, id))),
  list: listPeriods,
});

export type ClosureInput = Entry<typeof closures>;

export async function listClosures(db: Db | Tx, tenantId: string) {
  return db
    .select({ id: closures.id, serviceId: closures.serviceId, serviceLabel: services.label, startDate: closures.startDate, endDate: closures.endDate, reason: closures.reason })
    .from(closures)
    .leftJoin(services, and(eq(services.tenantId, closures.tenantId), eq(services.id, closures.serviceId)))
    .where(eq(closures.tenantId, tenantId))
    .orderBy(asc(closures.startDate));
}

async function checkClosure(tx: Tx, tenantId: string, closure: ClosureInput) {
  checkDateOrder(closure.startDate, closure.endDate);
  if (closure.serviceId) {
    const [service] = await tx.select({ id: services.id }).from(services).where(and(eq(services.tenantId, tenantId), eq(services.id, closure.serviceId)));
    if (!service) throw notFound('Ce service est introuvable.');
  }
}

export const { create: createClosure, update: updateClosure, remove: deleteClosure } = entryEdits({
  table: closures,
  missing: 'Cette fermeture est introuvable.',
  audited: { added: 'fermeture_ajoutee', changed: 'fermeture_modifiee', removed: 'fermeture_supprimee' },
  lock: false,
  check: checkClosure,
  insert: async (tx, tenantId, entry) => (await tx.insert(closures).values({ tenantId, ...entry }).returning({ id: closures.id }))[0].id,
  update: (tx, tenantId, id, entry) => tx.update(closures).set(entry).where(and(eq(closures.tenantId, tenantId), eq(closures.id, id))),
  list: listClosures,
});

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
