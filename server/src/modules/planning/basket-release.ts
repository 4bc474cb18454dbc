import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { transition } from './booking-events.js';
import type { Service } from './calendar.js';
import { promoteWaitlisted, releasePlace } from './capacity.js';
import type { Scope } from './scope.js';

/**
 * Takes a day out of the basket and gives its place back (the waiting list's first child gets it):
 * a line dropped at checkout (deadline passed) or an expired basket. The booking is cancelled.
 */
export async function releaseBasketDay(
  tx: Tx,
  scope: Scope,
  service: Service | undefined,
  line: { bookingId: string; childId: string; schoolId: string | null; day: string },
  action: 'cancelled' | 'expired',
  channel: 'internet' | 'systeme' = 'systeme',
) {
  await tx.execute(sql`delete from basket_lines where tenant_id = ${scope.tenantId} and booking_id = ${line.bookingId}`);
  const [booking] = await rowsOf<{ state: string }>(tx, sql`
    select state from bookings where tenant_id = ${scope.tenantId} and id = ${line.bookingId} for update`);
  if (booking?.state !== 'in_basket') return;
  await transition(tx, scope, { id: line.bookingId, childId: line.childId }, { action, from: 'in_basket', to: 'cancelled', channel });
  if (!service) {
    await tx.execute(sql`
      update capacity_usage set used = used - 1
       where tenant_id = ${scope.tenantId} and day = ${line.day} and used > 0
         and service_id = (select service_id from bookings where tenant_id = ${scope.tenantId} and id = ${line.bookingId})`);
    return;
  }
  await releasePlace(tx, scope, service, line.day, line.schoolId);
  await promoteWaitlisted(tx, scope, service, line.day);
}
