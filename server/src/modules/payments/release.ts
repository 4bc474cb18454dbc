import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { payments } from '../../db/schema/index.js';
import { transactionWithRetry } from '../../db/retry.js';
import { audit } from '../../db/audit.js';
import { ApiError } from '../../errors.js';
import { retryAt } from '../../domain/online-payment.js';
import { recordEvent } from './events.js';

// ---------------------------------------------------------------------------------------------
// A pending online attempt holds its invoice for 20 minutes, so that nobody pays twice while the
// provider may still take the money. It lets go earlier when the provider says the payer left its
// page (PayFiP's `A`, still payable until the 20 minutes are over: the attempt stays pending and
// is still polled, and a late payment of it is credited and flagged like any other), or when
// staff allow a new attempt for a payer who closed the provider's page without an answer.
// Systempay's and Paybox's cancellations are final and close the attempt at once (notifications.ts).
// ---------------------------------------------------------------------------------------------

/** The provider said the payer left its page: a new attempt on the invoice is allowed from now. */
export async function releaseAbandoned(tx: Tx, tenantId: string, paymentId: string, now: Date): Promise<void> {
  await tx
    .update(payments)
    .set({ releasedAt: now })
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId), eq(payments.status, 'pending'), isNull(payments.releasedAt)));
}

export interface Unlocked {
  id: string;
  status: 'pending';
  releasedAt: string;
}

/**
 * Staff let the family start a new online payment of the invoice at once, instead of waiting for
 * the hold to end. The attempt stays pending: its outcome, if the provider ever sends one, still
 * counts. A second unlock (double click, two agents) changes nothing. Audited.
 */
export async function unlockPayment(deps: Deps, staff: StaffContext, paymentId: string): Promise<Unlocked> {
  const { db } = deps.database;
  const tenantId = staff.tenantId;
  return transactionWithRetry(db, async (tx) => {
    const now = deps.clock.now();
    const [payment] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId)))
      .for('update');
    if (!payment) throw new ApiError(404, 'paiement_introuvable', 'Ce paiement est introuvable.');
    if (payment.status === 'pending' && payment.releasedAt) return { id: payment.id, status: 'pending', releasedAt: payment.releasedAt.toISOString() };
    if (!payment.provider || !retryAt(payment, now)) {
      throw new ApiError(409, 'paiement_non_bloquant', 'Ce paiement ne bloque pas la facture : la famille peut déjà payer en ligne. Rien n’a été changé.');
    }
    await tx.update(payments).set({ releasedAt: now }).where(and(eq(payments.tenantId, tenantId), eq(payments.id, payment.id)));
    await recordEvent(tx, tenantId, {
      paymentId: payment.id,
      provider: payment.provider,
      source: 'staff',
      outcome: 'applied',
      reason: 'Facture débloquée par la mairie : un nouveau paiement en ligne est possible.',
      at: now,
    });
    await audit(tx, staff, 'payment_unlocked', payment.id, { provider: payment.provider, amountCents: payment.amountCents });
    return { id: payment.id, status: 'pending', releasedAt: now.toISOString() };
  });
}
