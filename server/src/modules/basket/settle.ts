import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { baskets, invoices, ledgerEntries, payments } from '../../db/schema/index.js';
import { formatEuros } from '../../domain/money.js';
import { recordCagnotteMovement } from './cagnotte.js';

// ---------------------------------------------------------------------------------------------
// A basket becomes bookings: in the transaction that settles its payment (settlePayment, the one
// place a payment becomes paid), or at once when the cagnotte covers it all. A payment that
// arrives when its basket is no longer waiting for it (expired, places given away) is credited to
// the cagnotte and flagged: the family never loses the money, and never gets the days twice.
// ---------------------------------------------------------------------------------------------

type PaymentRow = typeof payments.$inferSelect;

export interface Confirmation {
  basketId: string;
  familyId: string;
  regieId: string;
  linesCents: number;
  cagnotteCents: number;
  debtCents: number;
  paymentId: string | null;
  /** The amount paid online (0 when the cagnotte covered it all). */
  paidCents: number;
  at: Date;
}

/** Books the basket's days, closes it, and writes its money: cagnotte used, the basket's ledger entry, the payment's, the debt on invoices. */
export async function confirmBasket(tx: Tx, tenantId: string, c: Confirmation): Promise<number> {
  const at = c.at.toISOString();
  const moved = await rowsOf<{ id: string }>(tx, sql`
    with moved as (
      update bookings set state = 'booked', updated_at = ${at}::timestamptz
       where tenant_id = ${tenantId} and state = 'in_basket'
         and id in (select booking_id from basket_lines where tenant_id = ${tenantId} and basket_id = ${c.basketId})
      returning id, child_id)
    insert into booking_events (tenant_id, booking_id, child_id, action, from_state, to_state, channel, family_id, staff_user_id, at)
    select ${tenantId}, id, child_id, 'paid', 'in_basket', 'booked', 'internet', ${c.familyId}::uuid, null, ${at}::timestamptz from moved
    returning id`);
  const bookedDays = moved.length;
  await tx
    .update(baskets)
    .set({ status: 'paid', paymentId: c.paymentId, closedAt: c.at, updatedAt: c.at })
    .where(and(eq(baskets.tenantId, tenantId), eq(baskets.id, c.basketId)));
  if (c.cagnotteCents > 0) {
    await recordCagnotteMovement(tx, tenantId, {
      familyId: c.familyId,
      regieId: c.regieId,
      amountCents: -c.cagnotteCents,
      kind: 'basket',
      label: bookedDays > 0 ? `Déduit du panier (${bookedDays} jour${bookedDays > 1 ? 's' : ''})` : 'Déduit du solde',
      basketId: c.basketId,
      paymentId: c.paymentId,
      at: c.at,
    });
  }
  // The days bought less the cagnotte used: with the payment's credit, the account moves by −debt.
  const basketDebit = c.linesCents - c.cagnotteCents;
  if (basketDebit !== 0) {
    await tx
      .insert(ledgerEntries)
      .values({
        tenantId,
        familyId: c.familyId,
        regieId: c.regieId,
        kind: 'basket',
        basketId: c.basketId,
        label: c.cagnotteCents > 0 ? `Réservations payées à la réservation (cagnotte déduite : ${formatEuros(c.cagnotteCents)})` : 'Réservations payées à la réservation',
        amountCents: basketDebit,
        at: c.at,
      })
      .onConflictDoNothing();
  }
  if (c.paymentId && c.paidCents > 0) {
    await tx
      .insert(ledgerEntries)
      .values({ tenantId, familyId: c.familyId, regieId: c.regieId, kind: 'payment', paymentId: c.paymentId, label: 'Paiement en ligne – panier', amountCents: -c.paidCents, at: c.at })
      .onConflictDoNothing();
  }
  await applyToInvoices(tx, tenantId, c.familyId, c.regieId, c.debtCents, c.at);
  return bookedDays;
}

/** The debt paid goes to the family's oldest unpaid invoices of the régie. */
async function applyToInvoices(tx: Tx, tenantId: string, familyId: string, regieId: string, cents: number, at: Date) {
  if (cents <= 0) return;
  const unpaid = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.familyId, familyId), eq(invoices.regieId, regieId), eq(invoices.status, 'unpaid'), eq(invoices.kind, 'invoice')))
    .orderBy(asc(invoices.dueDate), asc(invoices.createdAt))
    .for('update');
  let left = cents;
  for (const invoice of unpaid) {
    if (left <= 0) break;
    const part = Math.min(left, invoice.totalCents - invoice.paidCents);
    if (part <= 0) continue;
    left -= part;
    const paidCents = invoice.paidCents + part;
    const settled = paidCents >= invoice.totalCents;
    await tx
      .update(invoices)
      .set({ paidCents, ...(settled ? { status: 'paid' as const, paidAt: at } : {}) })
      .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoice.id)));
  }
}

/**
 * Settles a basket or debt payment that has just become paid (settlePayment's conditional update
 * already won). Its basket still waiting for it (`paying` it) is confirmed; otherwise — expired,
 * places given away — the money goes to the cagnotte, flagged for the régie: `late`.
 */
export async function settleBasketPayment(tx: Tx, payment: PaymentRow, paidAt: Date): Promise<'applied' | 'late'> {
  const tenantId = payment.tenantId;
  const [basket] = payment.basketId
    ? await tx.select().from(baskets).where(and(eq(baskets.tenantId, tenantId), eq(baskets.id, payment.basketId))).for('update')
    : [];
  const waiting = basket && basket.status === 'paying' && basket.paymentId === payment.id;
  if (waiting || (payment.purpose === 'debt' && basket)) {
    if (!waiting) {
      // A debt payment always pays the debt; only its basket's cagnotte use is skipped if it moved on.
      await tx
        .insert(ledgerEntries)
        .values({ tenantId, familyId: payment.familyId, regieId: payment.regieId, kind: 'payment', paymentId: payment.id, label: 'Paiement en ligne – solde', amountCents: -payment.amountCents, at: paidAt })
        .onConflictDoNothing();
      await applyToInvoices(tx, tenantId, payment.familyId, payment.regieId, payment.amountCents, paidAt);
      return 'applied';
    }
    await confirmBasket(tx, tenantId, {
      basketId: basket.id,
      familyId: payment.familyId,
      regieId: payment.regieId,
      linesCents: payment.linesCents,
      cagnotteCents: payment.cagnotteCents,
      debtCents: payment.debtCents,
      paymentId: payment.id,
      paidCents: payment.amountCents,
      at: paidAt,
    });
    return 'applied';
  }
  await tx.update(payments).set({ flaggedLate: true }).where(and(eq(payments.tenantId, tenantId), eq(payments.id, payment.id)));
  await recordCagnotteMovement(tx, tenantId, {
    familyId: payment.familyId,
    regieId: payment.regieId,
    amountCents: payment.amountCents,
    kind: 'late_payment',
    label: 'Paiement reçu après l’expiration du panier : crédité sur la cagnotte',
    basketId: payment.basketId,
    paymentId: payment.id,
    flagged: true,
    at: paidAt,
  });
  return 'late';
}

/** A basket payment that ended without money (refused, cancelled, expired, error): its basket takes changes again, with the same lines. */
export async function reopenBasket(tx: Tx | Db, tenantId: string, paymentId: string, at: Date) {
  await tx
    .update(baskets)
    .set({
      status: 'open',
      updatedAt: at,
      expiresAt: sql`${at.toISOString()}::timestamptz + make_interval(hours => coalesce((select basket_expiry_hours from settings where tenant_id = ${tenantId}), 48))`,
    })
    .where(and(eq(baskets.tenantId, tenantId), eq(baskets.paymentId, paymentId), inArray(baskets.status, ['paying'])));
}
