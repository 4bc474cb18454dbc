import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { payments } from '../../db/schema/index.js';
import { PAYMENT_PROVIDERS, type PaymentProvider } from '../../db/schema/billing.js';
import { transactionWithRetry } from '../../db/retry.js';
import { adapterOf } from '../../payments/providers.js';
import { closePayment } from '../billing/ledger.js';
import { recordEvent } from './events.js';
import { pollPayment } from './notifications.js';

/** A provider that can be asked (PayFiP) is asked about a pending payment once its payer has had time to reach the payment page. */
export const LOOKUP_AFTER_MS = 2 * 60 * 1000;
/** A pending payment at a provider that cannot be asked expires after this (a later verified notification still settles it). */
export const UNANSWERED_EXPIRY_MS = 2 * 60 * 60 * 1000;

const BATCH = 200;

const ASKABLE = PAYMENT_PROVIDERS.filter((provider) => adapterOf(provider).lookup);
const UNASKABLE = PAYMENT_PROVIDERS.filter((provider) => !adapterOf(provider).lookup);

/**
 * Resolves the payments whose notification never came: pending payments at a provider that can be
 * asked are looked up there (for PayFiP, its P1 / P5 / 20-minute rules); those at Systempay, Paybox
 * or TIPI, which cannot be asked, expire after two hours. `scope` limits a run to one commune.
 */
export async function reconcilePayments(deps: Deps, now: Date, scope: { tenantId?: string } = {}) {
  const { db } = deps.database;
  const counts = { polled: 0, resolved: 0, expired: 0, unavailable: 0 };
  const pendingAt = (providers: PaymentProvider[], olderThanMs: number) =>
    and(scope.tenantId ? eq(payments.tenantId, scope.tenantId) : undefined, eq(payments.status, 'pending'), inArray(payments.provider, providers), lt(payments.createdAt, new Date(now.getTime() - olderThanMs)));

  const askable = await db.select().from(payments).where(pendingAt(ASKABLE, LOOKUP_AFTER_MS)).orderBy(asc(payments.createdAt)).limit(BATCH);
  for (const payment of askable) {
    counts.polled++;
    const { outcome } = await pollPayment(deps, payment);
    if (outcome === 'unavailable') counts.unavailable++;
    else if (outcome !== 'pending' && outcome !== 'rejected') counts.resolved++;
  }

  const stale = await db
    .select({ id: payments.id, tenantId: payments.tenantId, provider: payments.provider })
    .from(payments)
    .where(pendingAt(UNASKABLE, UNANSWERED_EXPIRY_MS))
    .orderBy(asc(payments.createdAt))
    .limit(BATCH);
  for (const payment of stale) {
    const expired = await transactionWithRetry(db, async (tx) => {
      const changed = await closePayment(tx, payment.tenantId, payment.id, 'expired', now);
      if (changed) {
        await recordEvent(tx, payment.tenantId, {
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
