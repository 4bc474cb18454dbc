/**
 * What gives a family cagnotte: a prepaid day it paid in its basket and will not be billed for,
 * because it was cancelled within the cancellation deadline (or, by the town hall, after it when
 * the service does not bill late cancellations) or missed for an absence reason the town does not
 * bill. The price paid for that day goes back to the family's cagnotte in the régie that took it,
 * exactly once per payment of the day: a replayed or concurrent cancellation finds the credit
 * written and adds nothing (the unique index `cagnotte_movements_one_credit_per_payment`). Both
 * are movements of kind `cancellation` (the day is given back); the label tells which it was.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { formatDayLong } from '../../domain/dates.js';

/** The paid basket line of a booking, if the day was paid at booking. */
interface PaidDay {
  family_id: string;
  regie_id: string;
  basket_id: string;
  price_cents: number;
  day: string;
  service_label: string;
  first_name: string;
  late_cancellation_billed: boolean;
}

async function paidDayOf(tx: Tx, tenantId: string, bookingId: string): Promise<PaidDay | undefined> {
  const [row] = await rowsOf<PaidDay>(
    tx,
    sql`
      select b.family_id, b.regie_id, b.id as basket_id, l.price_cents, l.day::text as day, s.label as service_label, c.first_name,
             s.late_cancellation_billed
        from basket_lines l
        join baskets b on b.tenant_id = l.tenant_id and b.id = l.basket_id
        join services s on s.tenant_id = l.tenant_id and s.id = l.service_id
        join children c on c.tenant_id = l.tenant_id and c.id = l.child_id
       where l.tenant_id = ${tenantId} and l.booking_id = ${bookingId} and b.status = 'paid'
       order by b.closed_at desc nulls last
       limit 1`,
  );
  return row;
}

/**
 * Why a booked day ends: a cancellation (`late`: written after the cancellation deadline, which
 * only the town hall can do) or an absence with one of the commune's reasons.
 */
export type DayEnding = { kind: 'cancellation'; late: boolean } | { kind: 'absence'; reasonId: string };

async function absenceReason(tx: Tx, tenantId: string, reasonId: string) {
  const [reason] = await rowsOf<{ label: string; billed: boolean }>(tx, sql`select label, billed from absence_reasons where tenant_id = ${tenantId} and id = ${reasonId}`);
  return reason;
}

/**
 * Credits the cagnotte with the price paid for a booking's day when it was paid at booking and
 * the billing rules of monthly invoicing would not bill it: a cancellation in time, a late one
 * when the service does not bill late cancellations, an absence whose reason is not billed.
 * Called in the transaction that cancels the day or records the absence, with the booking row
 * locked. Returns the amount credited (0: nothing paid, billed anyway, or already credited).
 */
export async function creditPaidDay(tx: Tx, tenantId: string, bookingId: string, ending: DayEnding, now: Date): Promise<number> {
  const paid = await paidDayOf(tx, tenantId, bookingId);
  if (!paid || paid.price_cents <= 0) return 0;
  const what = `${paid.service_label} – ${paid.first_name}`;
  let label: string;
  if (ending.kind === 'cancellation') {
    if (ending.late && paid.late_cancellation_billed) return 0;
    label = `Annulation du ${formatDayLong(paid.day)} – ${what}`;
  } else {
    const reason = await absenceReason(tx, tenantId, ending.reasonId);
    if (!reason || reason.billed) return 0;
    label = `Absence du ${formatDayLong(paid.day)} (${reason.label}) – ${what}`;
  }
  const written = await rowsOf<{ id: string }>(
    tx,
    sql`
      insert into cagnotte_movements (tenant_id, family_id, regie_id, amount_cents, kind, label, booking_id, basket_id, created_at)
      values (${tenantId}, ${paid.family_id}, ${paid.regie_id}, ${paid.price_cents}, 'cancellation', ${label}, ${bookingId}, ${paid.basket_id}, ${now.toISOString()}::timestamptz)
      on conflict do nothing
      returning id`,
  );
  return written.length ? paid.price_cents : 0;
}
