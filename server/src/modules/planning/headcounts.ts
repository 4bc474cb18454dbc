/**
 * Daily headcounts: the canteen's order per service, school and diet, on screen and as CSV, and
 * the names of the children expected, for the canteen and the care staff.
 */
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { audit } from '../../db/audit.js';
import { bookings, children, schools, services } from '../../db/schema/index.js';
import { addDays, isoWeekday } from '../../domain/dates.js';
import { dietLabel } from '../../domain/diets.js';
import { publicHolidayName } from '../../domain/holidays.js';
import type { Staff } from '../../contracts/index.js';
import { childOfBooking, schoolOfChild, serviceOfBooking } from './joins.js';

async function headcountRows(db: Db, tenantId: string, day: string) {
  return db
    .select({
      serviceId: services.id,
      serviceLabel: services.label,
      school: sql<string>`coalesce(${schools.name}, 'Sans école')`,
      diet: children.diet,
      booked: sql<number>`count(*) filter (where ${bookings.state} = 'booked')::int`,
      absent: sql<number>`count(*) filter (where ${bookings.state} = 'absent')::int`,
      waitlisted: sql<number>`count(*) filter (where ${bookings.state} = 'waitlisted')::int`,
      requested: sql<number>`count(*) filter (where ${bookings.state} = 'requested')::int`,
      held: sql<number>`count(*) filter (where ${bookings.state} = 'in_basket')::int`,
    })
    .from(bookings)
    .innerJoin(services, serviceOfBooking)
    .innerJoin(children, childOfBooking)
    .leftJoin(schools, schoolOfChild)
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.day, day)))
    .groupBy(services.id, services.label, services.position, schools.name, children.diet)
    .orderBy(
      asc(services.position),
      asc(services.label),
      asc(sql`coalesce(${schools.name}, 'Sans école')`),
      // Standard meals first, then the special diets, as the kitchen reads the order.
      asc(sql`case ${children.diet} when 'standard' then 0 when 'sans_viande' then 1 when 'sans_gluten' then 2 else 3 end`),
    );
}

const COUNTS = ['booked', 'absent', 'waitlisted', 'requested', 'held'] as const;
type Counts = Record<(typeof COUNTS)[number], number>;

/** The canteen's order for a day: one row per service, school and diet, totals per service and overall. */
export async function dayHeadcounts(db: Db, tenantId: string, day: string) {
  const rows = (await headcountRows(db, tenantId, day))
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

/**
 * The day staff prepare: the first day after today on which children are expected (weekends,
 * holidays and closures have none), within a month; else the next weekday that is not a public holiday.
 */
export async function nextServiceDay(db: Db, tenantId: string, today: string): Promise<string> {
  const [row] = await db
    .select({ day: sql<string>`min(${bookings.day})` })
    .from(bookings)
    .where(
      and(
        eq(bookings.tenantId, tenantId),
        gt(bookings.day, today),
        lte(bookings.day, addDays(today, 31)),
        inArray(bookings.state, ['booked', 'absent', 'requested', 'waitlisted']),
      ),
    );
  if (row?.day) return String(row.day).slice(0, 10);
  let day = addDays(today, 1);
  while (isoWeekday(day) > 5 || publicHolidayName(day)) day = addDays(day, 1);
  return day;
}

/** Only the two flags the kitchen and the care staff act on; the details stay in the child's file. */
function healthFlags(deps: Deps, sealed: string | null) {
  if (!sealed) return { pai: false, allergies: false };
  const health = JSON.parse(deps.encryption.decrypt(sealed)) as { pai?: { active?: boolean }; allergies?: unknown[] };
  return { pai: health.pai?.active === true, allergies: Array.isArray(health.allergies) && health.allergies.length > 0 };
}

/**
 * The children expected on a day (booked or declared absent), by service then name, with their
 * school, class, diet and PAI and allergy flags. The flags come from sealed health data, so
 * each read is written in the audit history (no name in it).
 */
export async function dayAttendance(deps: Deps, staff: { tenantId: string; staffUserId: string }, day: string): Promise<Staff.HeadcountChild[]> {
  const { db } = deps.database;
  const rows = await db
    .select({
      serviceId: services.id,
      childId: children.id,
      firstName: children.firstName,
      lastName: children.lastName,
      school: sql<string>`coalesce(${schools.name}, 'Sans école')`,
      className: children.className,
      diet: children.diet,
      healthSealed: children.healthSealed,
      state: bookings.state,
    })
    .from(bookings)
    .innerJoin(services, serviceOfBooking)
    .innerJoin(children, childOfBooking)
    .leftJoin(schools, schoolOfChild)
    .where(and(eq(bookings.tenantId, staff.tenantId), eq(bookings.day, day), inArray(bookings.state, ['booked', 'absent'])))
    .orderBy(asc(services.position), asc(services.label), asc(children.lastName), asc(children.firstName));
  if (rows.some((r) => r.healthSealed)) {
    await audit(db, staff, 'effectifs_nominatifs', day, { children: rows.length });
  }
  return rows.map(({ healthSealed, state, ...r }) => ({
    ...r,
    dietLabel: dietLabel(r.diet),
    ...healthFlags(deps, healthSealed),
    absent: state === 'absent',
  }));
}

/** A CSV cell for French Excel: quoted when needed, and never read as a formula. */
function csvCell(value: string | number) {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const HEADCOUNT_CSV_HEADER = ['Service', 'École', 'Régime', 'Inscrits', 'Absents', 'Liste d’attente', 'Demandes', 'Au panier'];

export function headcountsCsv(report: Awaited<ReturnType<typeof dayHeadcounts>>) {
  const lines = [
    HEADCOUNT_CSV_HEADER,
    ...report.rows.map((r) => [r.serviceLabel, r.school, r.dietLabel, r.booked, r.absent, r.waitlisted, r.requested, r.held]),
    ['Total', '', '', report.totals.booked, report.totals.absent, report.totals.waitlisted, report.totals.requested, report.totals.held],
  ];
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
