/** The request queue: bookings of services that need the town's approval, and the staff's answer. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { bookings, children, families, services } from '../../db/schema/index.js';
import { transactionWithRetry } from '../../db/retry.js';
import type { Deps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { formatDayLong } from '../../domain/dates.js';
import { transition } from './booking-events.js';
import { takePlace } from './capacity.js';
import { childOfBooking, familyOfChild, serviceOfBooking } from './joins.js';
import { loadScope, sendQueuedMails, type Town } from './scope.js';

export interface Decision {
  bookingIds: string[];
  decision: 'approve' | 'refuse';
}

/**
 * Staff answer to "demandes": approving takes a place (or the waiting list when the day is full),
 * refusing closes the request; the family is told by e-mail either way.
 */
export async function decideRequests(deps: Deps, tenant: Town, staffUserId: string, input: Decision) {
  const { db } = deps.database;
  const result = await transactionWithRetry(db, async (tx) => {
    const now = deps.clock.now();
    const rows = await tx
      .select({ id: bookings.id, childId: bookings.childId, serviceId: bookings.serviceId, day: bookings.day, state: bookings.state })
      .from(bookings)
      .where(and(eq(bookings.tenantId, tenant.id), sql`${bookings.id} in ${input.bookingIds}`))
      .orderBy(asc(bookings.queuedAt))
      .for('update');
    const days = rows.map((r) => r.day);
    const scope = await loadScope(tx, tenant.id, { kind: 'staff', staffUserId }, [...new Set(rows.map((r) => r.childId))], days.length ? days : ['2000-01-01'], now);
    const outcomes: { bookingId: string; status: 'booked' | 'waitlisted' | 'refused' | 'unchanged' }[] = [];
    for (const row of rows) {
      const service = scope.services.get(row.serviceId);
      const child = scope.children.get(row.childId)!;
      if (row.state !== 'requested' || !service) {
        outcomes.push({ bookingId: row.id, status: 'unchanged' });
        continue;
      }
      let status: 'booked' | 'waitlisted' | 'refused';
      if (input.decision === 'refuse') status = 'refused';
      else status = (await takePlace(tx, scope, service, row.day, child.schoolId)) ? 'booked' : 'waitlisted';
      const action = input.decision === 'refuse' ? 'refused' : status === 'booked' ? 'approved' : 'waitlisted';
      await transition(tx, scope, row, { action, from: 'requested', to: status, channel: 'mairie' }, { requeue: status === 'waitlisted' });
      scope.mails.push({
        familyId: child.familyId,
        kind: 'booking',
        subject: `Votre demande pour ${service.label} du ${formatDayLong(row.day)}`,
        text:
          status === 'refused'
            ? `Bonjour,\n\nLa mairie n’a pas pu accepter la demande de ${child.firstName} pour « ${service.label} » le ${formatDayLong(row.day)}.\nPour toute question, contactez le service enfance.`
            : status === 'booked'
              ? `Bonjour,\n\nLa mairie a accepté la demande : ${child.firstName} est inscrit(e) à « ${service.label} » le ${formatDayLong(row.day)}.`
              : `Bonjour,\n\nLa mairie a accepté la demande de ${child.firstName} pour « ${service.label} » le ${formatDayLong(row.day)}, mais ce jour est complet : ${child.firstName} est en liste d’attente et vous serez prévenu(e) si une place se libère.`,
      });
      outcomes.push({ bookingId: row.id, status });
    }
    const queued = await sendQueuedMails(tx, scope, tenant.name);
    return { outcomes, mailed: queued > 0 };
  });
  if (result.mailed) deps.onMailQueued?.();
  return result.outcomes;
}

/** The request queue for staff: pending "demandes", oldest first. */
export async function requestQueue(db: Db, tenantId: string) {
  const rows = await db
    .select({
      bookingId: bookings.id,
      date: bookings.day,
      serviceLabel: services.label,
      childFirstName: children.firstName,
      childLastName: children.lastName,
      familyName: families.name,
      requestedAt: bookings.updatedAt,
    })
    .from(bookings)
    .innerJoin(services, serviceOfBooking)
    .innerJoin(children, childOfBooking)
    .innerJoin(families, familyOfChild)
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.state, 'requested')))
    .orderBy(asc(bookings.queuedAt))
    .limit(500);
  return rows.map((r) => ({ ...r, requestedAt: r.requestedAt.toISOString() }));
}

/** Every id must be one of the commune's bookings: an unknown id is a 404, never a silent skip. */
export async function checkBookingsExist(db: Db, tenantId: string, ids: string[]) {
  const found = await db.select({ id: bookings.id }).from(bookings).where(and(eq(bookings.tenantId, tenantId), inArray(bookings.id, ids)));
  if (found.length !== new Set(ids).size) throw notFound('Certaines demandes sont introuvables.');
}
