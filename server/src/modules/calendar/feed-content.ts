/** What a child's calendar feed holds: the booked days, read fresh on every request (ADR 18). */
import { and, asc, eq, gte } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { bookings, children, schools, services } from '../../db/schema/index.js';
import { addDays, parisDay } from '../../domain/dates.js';
import { writeCalendar, type CalendarEvent } from './ics-writer.js';

/** Days kept behind today: a term's worth, so that the feed does not grow for ever. */
export const PAST_DAYS = 92;

export const PRODID = '-//Portail Famille//Agenda enfant//FR';

export interface FeedOwner {
  tenantId: string;
  tenantName: string;
  childId: string;
}

/**
 * The ICS text of a child's booked days from PAST_DAYS ago on: one event per booking (its id in the
 * UID, so a calendar app updates it in place), at the service's opening hours in Europe/Paris (the
 * whole day when the commune has not given them), at the service's place or else the child's school.
 * Cancelled days, absences, requests and waiting-list days are not in it.
 */
export async function feedCalendar(db: Db, owner: FeedOwner, now: Date) {
  const { tenantId, childId } = owner;
  const [child] = await db
    .select({ firstName: children.firstName, school: schools.name, createdAt: children.createdAt })
    .from(children)
    .leftJoin(schools, and(eq(schools.tenantId, children.tenantId), eq(schools.id, children.schoolId)))
    .where(and(eq(children.tenantId, tenantId), eq(children.id, childId)));
  if (!child) return null;
  const rows = await db
    .select({
      id: bookings.id,
      day: bookings.day,
      updatedAt: bookings.updatedAt,
      label: services.label,
      startTime: services.startTime,
      endTime: services.endTime,
      place: services.place,
    })
    .from(bookings)
    .innerJoin(services, and(eq(services.tenantId, bookings.tenantId), eq(services.id, bookings.serviceId)))
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.childId, childId), eq(bookings.state, 'booked'), gte(bookings.day, addDays(parisDay(now), -PAST_DAYS))))
    .orderBy(asc(bookings.day), asc(services.position), asc(services.label));
  const events: CalendarEvent[] = rows.map((row) => ({
    uid: `${row.id}@portail-famille`,
    stamp: row.updatedAt,
    day: row.day,
    hours: row.startTime && row.endTime ? { start: row.startTime, end: row.endTime } : null,
    summary: `${row.label} – ${child.firstName}`,
    location: row.place ?? child.school,
    description: `Réservé sur le portail famille (${owner.tenantName}).`,
  }));
  const lastModified = new Date(Math.max(child.createdAt.getTime(), ...rows.map((r) => r.updatedAt.getTime())));
  const text = writeCalendar({ prodId: PRODID, name: `${child.firstName} – ${owner.tenantName}`, description: `Les jours réservés pour ${child.firstName}.`, events });
  return { text, lastModified };
}
