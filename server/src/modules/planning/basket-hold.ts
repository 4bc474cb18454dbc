import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { formatDayLong } from '../../domain/dates.js';
import { unitPrice } from '../../domain/pricing.js';
import { transition } from './booking-events.js';
import type { Service } from './calendar.js';
import type { CellState } from './rules.js';
import type { Scope } from './scope.js';

// ---------------------------------------------------------------------------------------------
// Pay at booking, on the booking side: a day of a prepaid service that gets a place goes into the
// family's basket (booking `in_basket`, one basket line at the price of the day), and leaves it
// when unticked. The basket area (modules/basket) reads, pays and expires baskets.
// ---------------------------------------------------------------------------------------------

export interface CurrentBasket {
  id: string;
  status: 'open' | 'paying';
}

/**
 * The family's current basket in the régie, created when there is none, and locked: one
 * statement, safe when several cells of a batch (or two batches) reach it at once. Its expiry
 * moves to now + the commune's delay.
 */
export async function currentBasket(tx: Tx, tenantId: string, familyId: string, regieId: string, now: Date): Promise<CurrentBasket> {
  const at = now.toISOString();
  const [row] = await rowsOf<CurrentBasket>(tx, sql`
    insert into baskets (tenant_id, family_id, regie_id, status, expires_at, created_at, updated_at)
    values (${tenantId}, ${familyId}, ${regieId}, 'open',
            ${at}::timestamptz + make_interval(hours => coalesce((select basket_expiry_hours from settings where tenant_id = ${tenantId}), 48)),
            ${at}::timestamptz, ${at}::timestamptz)
    on conflict (tenant_id, family_id, regie_id) where status in ('open', 'paying')
    do update set updated_at = baskets.updated_at
    returning id, status`);
  return row!;
}

/** Records a change of the basket: its expiry starts again from now. */
export async function touchBasket(tx: Tx, tenantId: string, basketId: string, now: Date) {
  const at = now.toISOString();
  await tx.execute(sql`
    update baskets set updated_at = ${at}::timestamptz,
           expires_at = ${at}::timestamptz + make_interval(hours => coalesce((select basket_expiry_hours from settings where tenant_id = ${tenantId}), 48))
     where tenant_id = ${tenantId} and id = ${basketId} and status in ('open', 'paying')`);
}

/** The price of one day of a service for a child: the invoicing's own pricing (quotient familial, rank among the family's children). */
export async function dayPrice(tx: Tx, tenantId: string, service: Service, childId: string): Promise<number> {
  const [row] = await rowsOf<{ rank: number; quotient_familial: number | null }>(tx, sql`
    select r.rank, f.quotient_familial from (
      select c.id, c.family_id,
             row_number() over (partition by c.family_id order by c.birth_date nulls last, c.created_at, c.id)::int as rank
        from children c
       where c.tenant_id = ${tenantId} and c.family_id = (select family_id from children where tenant_id = ${tenantId} and id = ${childId})) r
    join families f on f.tenant_id = ${tenantId} and f.id = r.family_id
    where r.id = ${childId}`);
  const tariff = { basePriceCents: service.priceCents, brackets: service.tariff.brackets ?? [], rankDiscounts: service.tariff.rankDiscounts ?? [] };
  return unitPrice(tariff, row?.quotient_familial ?? null, row?.rank ?? 1);
}

export const BASKET_PAYING_REASON = 'Votre panier est en cours de paiement : il ne peut pas changer avant la réponse du paiement en ligne.';

/** Puts a day that just got its place into the family's (open, locked) basket, at the day's price. */
export async function putInBasket(
  tx: Tx,
  scope: Scope,
  service: Service,
  basketId: string,
  booking: { id: string; childId: string },
  from: CellState,
  day: string,
  channel: 'internet' | 'mairie' | 'systeme',
) {
  const price = await dayPrice(tx, scope.tenantId, service, booking.childId);
  await transition(tx, scope, booking, { action: 'basket', from, to: 'in_basket', channel });
  await tx.execute(sql`
    insert into basket_lines (tenant_id, basket_id, booking_id, child_id, service_id, day, price_cents, created_at)
    values (${scope.tenantId}, ${basketId}, ${booking.id}, ${booking.childId}, ${service.id}, ${day}, ${price}, ${scope.now.toISOString()}::timestamptz)
    on conflict (tenant_id, booking_id) do update set basket_id = excluded.basket_id, price_cents = excluded.price_cents, created_at = excluded.created_at`);
  await touchBasket(tx, scope.tenantId, basketId, scope.now);
}

/** The basket a line of this booking is in, locked, or null. */
export async function basketOfBooking(tx: Tx, tenantId: string, bookingId: string) {
  const [row] = await rowsOf<{ basket_id: string; status: string }>(tx, sql`
    select b.id as basket_id, b.status from basket_lines l join baskets b on b.tenant_id = l.tenant_id and b.id = l.basket_id
     where l.tenant_id = ${tenantId} and l.booking_id = ${bookingId}
       for update of b`);
  return row ?? null;
}

/** Removes the line of a booking from its basket (the caller cancels the booking and gives the place back). */
export async function dropBasketLine(tx: Tx, tenantId: string, bookingId: string, now: Date) {
  const [row] = await rowsOf<{ basket_id: string }>(tx, sql`
    delete from basket_lines where tenant_id = ${tenantId} and booking_id = ${bookingId} returning basket_id`);
  if (row) await touchBasket(tx, tenantId, row.basket_id, now);
}

/** The mail of a waiting-list place given to a prepaid service: it waits in the basket, to be paid. */
export function promotedToBasketMail(service: Service, firstName: string, day: string) {
  return {
    subject: `${service.label} du ${formatDayLong(day)} : une place s’est libérée`,
    text: `Bonjour,\n\nUne place s’est libérée : ${firstName} a une place à « ${service.label} » le ${formatDayLong(day)}.\nElle vous attend dans votre panier : pensez à le régler depuis le portail famille, sans quoi la place sera libérée à l’expiration du panier.`,
  };
}

