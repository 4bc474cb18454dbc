import { and, asc, eq, gte, lte, or, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { closures, periods, services, settings } from '../../db/schema/index.js';
import { isoWeekday } from '../../domain/dates.js';
import { publicHolidayName } from '../../domain/holidays.js';
import type { DeadlineRule, Weekday } from '../../domain/deadlines.js';

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
}

/** What decides whether a service runs on a day: periods, closures and public holidays. */
export interface Calendar {
  periods: { kind: 'school' | 'holidays'; startDate: string; endDate: string }[];
  closures: { serviceId: string | null; startDate: string; endDate: string; reason: string }[];
  alsaceMoselle: boolean;
  isPublicHoliday(day: string): boolean;
  holidayName(day: string): string | null;
}

/** Active services; `lock` (inside a booking transaction) keeps a concurrent capacity change waiting until the booking commits. */
export async function loadServices(db: Db | Tx, tenantId: string, lock = false): Promise<Service[]> {
  const query = db
    .select({
      id: services.id,
      label: services.label,
      groupLabel: services.groupLabel,
      weekdays: services.weekdays,
      periodKind: services.periodKind,
      capacity: services.capacity,
      bookingDeadline: services.bookingDeadline,
      cancellationDeadline: services.cancellationDeadline,
      needsApproval: services.needsApproval,
    })
    .from(services)
    .where(and(eq(services.tenantId, tenantId), eq(services.active, true)))
    .orderBy(asc(services.position), asc(services.label));
  return lock ? query.for('share') : query;
}

/** The calendar of a commune between two days (deadlines may reach a few weeks back: callers widen the range). */
export async function loadCalendar(db: Db | Tx, tenantId: string, from: string, to: string): Promise<Calendar> {
  const [periodRows, closureRows, [config]] = await Promise.all([
    db
      .select({ kind: periods.kind, startDate: periods.startDate, endDate: periods.endDate })
      .from(periods)
      .where(and(eq(periods.tenantId, tenantId), lte(periods.startDate, to), gte(periods.endDate, from))),
    db
      .select({ serviceId: closures.serviceId, startDate: closures.startDate, endDate: closures.endDate, reason: closures.reason })
      .from(closures)
      .where(and(eq(closures.tenantId, tenantId), lte(closures.startDate, to), gte(closures.endDate, from))),
    db.select({ alsaceMoselle: settings.alsaceMoselle }).from(settings).where(eq(settings.tenantId, tenantId)),
  ]);
  return calendarOf(periodRows, closureRows, config?.alsaceMoselle ?? false);
}

export function calendarOf(periodRows: Calendar['periods'], closureRows: Calendar['closures'], alsaceMoselle: boolean): Calendar {
  const holidayName = (day: string) => publicHolidayName(day, { alsaceMoselle });
  return { periods: periodRows, closures: closureRows, alsaceMoselle, holidayName, isPublicHoliday: (day) => holidayName(day) !== null };
}

export const closuresFilter = (tenantId: string, serviceId: string) =>
  and(eq(closures.tenantId, tenantId), or(isNull(closures.serviceId), eq(closures.serviceId, serviceId)));

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
