import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { bookings, capacityUsage, children, services } from '../../db/schema/index.js';
import { rowsOf } from '../../db/rows.js';
import { formatDayLong } from '../../domain/dates.js';
import { currentBasket, promotedToBasketMail, putInBasket } from './basket-hold.js';
import { transition } from './booking-events.js';
import type { Service } from './calendar.js';
import { childOfBooking } from './joins.js';
import type { Scope } from './scope.js';

/** The capacity counters a child's booking uses: the service's, and its school's when capped. */
function placeScopes(scope: Scope, service: Service, schoolId: string | null): { key: string; capacity: number }[] {
  const result: { key: string; capacity: number }[] = [];
  if (service.capacity !== null) result.push({ key: 'all', capacity: service.capacity });
  const schoolCap = schoolId ? scope.schoolCapacities.get(`${service.id}|${schoolId}`) : undefined;
  if (schoolCap !== undefined && schoolId) result.push({ key: schoolId, capacity: schoolCap });
  return result;
}

/**
 * Takes one place in every counter, or none: each counter is a conditional upsert, so two
 * transactions can never both take the last place.
 */
export async function takePlace(tx: Tx, scope: Scope, service: Service, day: string, schoolId: string | null): Promise<boolean> {
  const taken: string[] = [];
  for (const counter of placeScopes(scope, service, schoolId)) {
    const ok =
      counter.capacity > 0 &&
      (
        await tx
          .insert(capacityUsage)
          .values({ tenantId: scope.tenantId, serviceId: service.id, day, scope: counter.key, used: 1 })
          .onConflictDoUpdate({
            target: [capacityUsage.tenantId, capacityUsage.serviceId, capacityUsage.day, capacityUsage.scope],
            set: { used: sql`${capacityUsage.used} + 1` },
            setWhere: sql`${capacityUsage.used} < ${counter.capacity}`,
          })
          .returning({ used: capacityUsage.used })
      ).length === 1;
    if (!ok) {
      for (const key of taken) await releaseCounter(tx, scope.tenantId, service.id, day, key);
      return false;
    }
    taken.push(counter.key);
  }
  return true;
}

async function releaseCounter(tx: Tx, tenantId: string, serviceId: string, day: string, key: string) {
  await tx
    .update(capacityUsage)
    .set({ used: sql`${capacityUsage.used} - 1` })
    .where(and(eq(capacityUsage.tenantId, tenantId), eq(capacityUsage.serviceId, serviceId), eq(capacityUsage.day, day), eq(capacityUsage.scope, key), sql`${capacityUsage.used} > 0`));
}

export async function releasePlace(tx: Tx, scope: Scope, service: Service, day: string, schoolId: string | null) {
  for (const counter of placeScopes(scope, service, schoolId)) await releaseCounter(tx, scope.tenantId, service.id, day, counter.key);
}

/**
 * Rebuilds the place counters of a service from its booked days. The booking path only keeps the
 * counters of the capacities that exist when it runs, so a capacity added, removed or moved
 * later must start from the real number of children booked, never from zero.
 */
export async function recountPlaces(tx: Tx, tenantId: string, serviceId: string) {
  await tx.delete(capacityUsage).where(and(eq(capacityUsage.tenantId, tenantId), eq(capacityUsage.serviceId, serviceId)));
  const [service] = await tx.select({ capacity: services.capacity }).from(services).where(and(eq(services.tenantId, tenantId), eq(services.id, serviceId)));
  if (service?.capacity !== null && service?.capacity !== undefined) {
    await tx.execute(sql`
      insert into capacity_usage (tenant_id, service_id, day, scope, used)
      select tenant_id, service_id, day, 'all', count(*)::int from bookings
      where tenant_id = ${tenantId} and service_id = ${serviceId} and state in ('booked', 'in_basket')
      group by tenant_id, service_id, day`);
  }
  await tx.execute(sql`
    insert into capacity_usage (tenant_id, service_id, day, scope, used)
    select b.tenant_id, b.service_id, b.day, c.school_id::text, count(*)::int
    from bookings b
    join children c on c.tenant_id = b.tenant_id and c.id = b.child_id
    join service_school_capacities ssc on ssc.tenant_id = b.tenant_id and ssc.service_id = b.service_id and ssc.school_id = c.school_id
    where b.tenant_id = ${tenantId} and b.service_id = ${serviceId} and b.state in ('booked', 'in_basket')
    group by b.tenant_id, b.service_id, b.day, c.school_id`);
}

/**
 * The place of the bookings row `b` in the waiting list of its day (1: the next to get a place),
 * as a SQL expression: the grid shows it, and the family is told it when the day is full.
 */
export const waitlistPosition = sql`(
  select count(*)::int from bookings w
   where w.tenant_id = b.tenant_id and w.service_id = b.service_id and w.day = b.day and w.state = 'waitlisted' and w.queued_at <= b.queued_at)`;

export async function waitlistPositionOf(tx: Tx, tenantId: string, bookingId: string) {
  const [row] = await rowsOf<{ position: number }>(tx, sql`select ${waitlistPosition} as position from bookings b where b.tenant_id = ${tenantId} and b.id = ${bookingId}`);
  return row.position;
}

/** A place freed up: the first child on the waiting list who fits gets it, and the family is told. */
export async function promoteWaitlisted(tx: Tx, scope: Scope, service: Service, day: string) {
  const waiting = await tx
    .select({ id: bookings.id, childId: bookings.childId, schoolId: children.schoolId, familyId: children.familyId, firstName: children.firstName })
    .from(bookings)
    .innerJoin(children, childOfBooking)
    .where(and(eq(bookings.tenantId, scope.tenantId), eq(bookings.serviceId, service.id), eq(bookings.day, day), eq(bookings.state, 'waitlisted')))
    .orderBy(asc(bookings.queuedAt))
    .limit(50)
    .for('update', { of: bookings });
  for (const candidate of waiting) {
    if (service.billingMode === 'prepaid') {
      // The place waits in the family's basket, to be paid; a family whose basket is being paid waits its turn.
      if (!service.regieId) return;
      const basket = await currentBasket(tx, scope.tenantId, candidate.familyId, service.regieId, scope.now);
      if (basket.status !== 'open') continue;
      if (!(await takePlace(tx, scope, service, day, candidate.schoolId))) continue;
      await putInBasket(tx, scope, service, basket.id, candidate, 'waitlisted', day, 'systeme');
      scope.mails.push({ familyId: candidate.familyId, ...promotedToBasketMail(service, candidate.firstName, day) });
      return;
    }
    if (!(await takePlace(tx, scope, service, day, candidate.schoolId))) continue;
    await transition(tx, scope, candidate, { action: 'promoted', from: 'waitlisted', to: 'booked', channel: 'systeme' });
    scope.mails.push({
      familyId: candidate.familyId,
      subject: `${service.label} du ${formatDayLong(day)} : une place s’est libérée`,
      text: `Bonjour,\n\nUne place s’est libérée : ${candidate.firstName} est désormais inscrit(e) à « ${service.label} » le ${formatDayLong(day)}.\nSi vous n’en avez plus besoin, pensez à annuler depuis le portail famille.`,
    });
    return;
  }
}
