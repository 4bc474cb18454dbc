import { sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { addDays, isoWeekday } from '../../domain/dates.js';
import { publicHolidayName } from '../../domain/holidays.js';
import type { DeadlineRule } from '../../domain/deadlines.js';
import type { Weekday } from '../../domain/dates.js';
import type { RankDiscount, TariffBracket } from '../../domain/pricing.js';

export interface Service {
  id: string;
  label: string;
  groupLabel: string;
  weekdays: Weekday[];
  periodKind: 'school' | 'holidays' | 'all';
  capacity: number | null;
  bookingDeadline: DeadlineRule;
  cancellationDeadline: DeadlineRule;
  needsApproval: boolean;
  /** `prepaid`: a booked day goes into the family's basket and is booked once paid. */
  billingMode: 'monthly' | 'prepaid';
  /** The régie that bills it (the commune's first one when the service names none); null when the commune has none. */
  regieId: string | null;
  /** The price of one day and the tariff on top of it, for pricing a basket line (domain/pricing.ts). */
  priceCents: number;
  tariff: { brackets?: TariffBracket[]; rankDiscounts?: RankDiscount[] };
}

/** What decides whether a service runs on a day: periods, closures and public holidays. */
export interface Calendar {
  periods: { kind: 'school' | 'holidays'; startDate: string; endDate: string }[];
  closures: { serviceId: string | null; startDate: string; endDate: string; reason: string }[];
  alsaceMoselle: boolean;
  isPublicHoliday(day: string): boolean;
  holidayName(day: string): string | null;
}

/** How far back a deadline may fall before its day ("le n du mois précédent" is the farthest). */
const DEADLINE_REACH_DAYS = 70;

/** An active service as a raw query reads it (see `serviceColumns`). */
export interface ServiceRow {
  id: string;
  label: string;
  group_label: string;
  weekdays: Service['weekdays'];
  period_kind: Service['periodKind'];
  capacity: number | null;
  booking_deadline: Service['bookingDeadline'];
  cancellation_deadline: Service['cancellationDeadline'];
  needs_approval: boolean;
  billing_mode: Service['billingMode'];
  regie_id: string | null;
  price_cents: number;
  tariff: Service['tariff'];
}

/** The columns of `services` behind a `ServiceRow`, with the position the grid sorts them by. */
export const serviceColumns = sql.raw(`id, label, group_label, weekdays, period_kind, capacity, booking_deadline, cancellation_deadline, needs_approval, position,
  billing_mode, price_cents, tariff,
  coalesce(regie_id, (select r.id from regies r where r.tenant_id = services.tenant_id and r.active order by r.created_at, r.id limit 1)) as regie_id`);

export const serviceOf = (s: ServiceRow): Service => ({
  id: s.id,
  label: s.label,
  groupLabel: s.group_label,
  weekdays: s.weekdays,
  periodKind: s.period_kind,
  capacity: s.capacity,
  bookingDeadline: s.booking_deadline,
  cancellationDeadline: s.cancellation_deadline,
  needsApproval: s.needs_approval,
  billingMode: s.billing_mode,
  regieId: s.regie_id,
  priceCents: s.price_cents,
  tariff: s.tariff,
});

/** The calendar as `calendarColumns` reads it. */
export interface CalendarRow {
  periods: { kind: 'school' | 'holidays'; start_date: string; end_date: string }[];
  closures: { service_id: string | null; start_date: string; end_date: string; reason: string }[];
  alsace_moselle: boolean | null;
}

/**
 * The columns `periods`, `closures` and `alsace_moselle` of the calendar that judges the days from
 * `from` to `to`, reaching back as far as their deadlines can. The grid and the write path embed
 * them in the one query that loads everything else they need.
 */
export function calendarColumns(tenantId: string, from: string, to: string): SQL {
  const reach = addDays(from, -DEADLINE_REACH_DAYS);
  return sql`
      (select coalesce(json_agg(p), '[]') from (
         select kind, start_date, end_date from periods where tenant_id = ${tenantId} and start_date <= ${to} and end_date >= ${reach}) p) as periods,
      (select coalesce(json_agg(k), '[]') from (
         select service_id, start_date, end_date, reason from closures where tenant_id = ${tenantId} and start_date <= ${to} and end_date >= ${reach}) k) as closures,
      (select alsace_moselle from settings where tenant_id = ${tenantId}) as alsace_moselle`;
}

export function calendarOf(row: CalendarRow): Calendar {
  const alsaceMoselle = row.alsace_moselle ?? false;
  const holidayName = (day: string) => publicHolidayName(day, { alsaceMoselle });
  return {
    periods: row.periods.map((p) => ({ kind: p.kind, startDate: p.start_date, endDate: p.end_date })),
    closures: row.closures.map((c) => ({ serviceId: c.service_id, startDate: c.start_date, endDate: c.end_date, reason: c.reason })),
    alsaceMoselle,
    holidayName,
    isPublicHoliday: (day) => holidayName(day) !== null,
  };
}

/** The calendar that judges the days from `from` to `to` (their deadlines included). */
export async function loadCalendar(db: Db | Tx, tenantId: string, from: string, to: string): Promise<Calendar> {
  const [row] = await rowsOf<CalendarRow>(db, sql`select ${calendarColumns(tenantId, from, to)}`);
  return calendarOf(row);
}

/** The closure of the whole commune that day (public holiday or a closure of every service), if any. */
export function dayClosure(calendar: Calendar, day: string): string | null {
  const holiday = calendar.holidayName(day);
  if (holiday) return `Jour férié : ${holiday}`;
  const closure = calendar.closures.find((c) => c.serviceId === null && c.startDate <= day && day <= c.endDate);
  return closure ? `Fermeture : ${closure.reason}` : null;
}

/** Why a service does not run that day for a child, or null when it does. */
export function closedReason(service: Service, day: string, calendar: Calendar, enrolled: boolean): string | null {
  const whole = dayClosure(calendar, day);
  if (whole) return whole;
  const closure = calendar.closures.find((c) => c.serviceId === service.id && c.startDate <= day && day <= c.endDate);
  if (closure) return `Fermeture : ${closure.reason}`;
  if (!service.weekdays.includes(isoWeekday(day))) return 'Le service n’a pas lieu ce jour-là';
  const inPeriod = calendar.periods.some((p) => p.startDate <= day && day <= p.endDate && (service.periodKind === 'all' || p.kind === service.periodKind));
  if (!inPeriod) return 'Hors période d’ouverture';
  if (!enrolled) return 'Pas d’inscription à ce service';
  return null;
}
