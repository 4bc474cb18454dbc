import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { paymentEvents, payments } from '../../db/schema/index.js';
import { transactionWithRetry } from '../../db/retry.js';
import { closePayment } from '../billing/ledger.js';
import { pollPayment } from './service.js';

/** PayFiP is asked about a pending payment once its payer has had time to reach the payment page. */
export const PAYFIP_POLL_AFTER_MS = 2 * 60 * 1000;
/** A Systempay, Paybox or TIPI payment with no result after this is expired (a later verified notification still settles it). */
export const SIGNED_EXPIRY_MS = 2 * 60 * 60 * 1000;

const BATCH = 200;

/**
 * Resolves the payments whose notification never came: pending PayFiP payments are looked up at
 * PayFiP (P1 / P5 / 20-minute rules); pending Systempay, Paybox and TIPI payments, which cannot be
 * asked, expire after two hours. `scope` limits a run to one commune.
 */
export async function reconcilePayments(deps: Deps, now: Date, scope: { tenantId?: string } = {}) {
  const { db } = deps.database;
  const counts = { polled: 0, resolved: 0, expired: 0, unavailable: 0 };

  const payfip = await db
    .select()
    .from(payments)
    .where(and(scope.tenantId ? eq(payments.tenantId, scope.tenantId) : undefined, eq(payments.status, 'pending'), eq(payments.provider, 'payfip'), lt(payments.createdAt, new Date(now.getTime() - PAYFIP_POLL_AFTER_MS))))
    .orderBy(asc(payments.createdAt))
    .limit(BATCH);
  for (const payment of payfip) {
    counts.polled++;
    const outcome = await pollPayment(deps, payment);
    if (outcome === 'unavailable') counts.unavailable++;
    else if (outcome !== 'pending' && outcome !== 'rejected') counts.resolved++;
  }

  const stale = await db
    .select({ id: payments.id, tenantId: payments.tenantId, provider: payments.provider })
    .from(payments)
    .where(and(scope.tenantId ? eq(payments.tenantId, scope.tenantId) : undefined, eq(payments.status, 'pending'), inArray(payments.provider, ['systempay', 'paybox', 'tipi']), lt(payments.createdAt, new Date(now.getTime() - SIGNED_EXPIRY_MS))))
    .orderBy(asc(payments.createdAt))
    .limit(BATCH);
  for (const payment of stale) {
    const expired = await transactionWithRetry(db, async (tx) => {
      const changed = await closePayment(tx, payment.tenantId, payment.id, 'expired', now);
      if (changed) {
        await tx.insert(paymentEvents).values({
          tenantId: payment.tenantId,
          paymentId: payment.id,
          provider: payment.provider!,
          source: 'poll',
          outcome: 'applied',
          reason: 'Aucun résultat du prestataire en deux heures : paiement expiré.',
          at: now,
        });
      }
      return changed;
    });
    if (expired) counts.expired++;
  }
  return counts;
}
