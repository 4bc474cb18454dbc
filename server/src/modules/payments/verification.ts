import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { payments, type PaymentStatus } from '../../db/schema/index.js';
import { transactionWithRetry } from '../../db/retry.js';
import { audit } from '../../db/audit.js';
import { ApiError } from '../../errors.js';
import { settlePayment } from '../billing/ledger.js';
import { recordEvent } from './events.js';
import { queueTicket } from './notifications.js';

// ---------------------------------------------------------------------------------------------
// Payments à vérifier: a provider's message said paid but nothing authenticated it (TIPI). An
// admin of the régie checks with the provider (its back-office, the DGFiP's statement) and
// confirms — settled through settlePayment, the one place a payment becomes paid, ticket mailed —
// or rejects it. Confirming twice settles once.
// ---------------------------------------------------------------------------------------------

export interface VerificationResult {
  id: string;
  status: PaymentStatus;
}

const notFound = () => new ApiError(404, 'paiement_introuvable', 'Ce paiement est introuvable.');
const notToVerify = () => new ApiError(409, 'paiement_non_a_verifier', 'Ce paiement n’est pas à vérifier : rien n’a été changé.');

async function decide(deps: Deps, staff: StaffContext, paymentId: string, decision: 'confirm' | 'reject'): Promise<VerificationResult> {
  const { db } = deps.database;
  const tenantId = staff.tenantId;
  let mailed = false;
  const result = await transactionWithRetry(db, async (tx) => {
    mailed = false;
    const now = deps.clock.now();
    const [payment] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId)))
      .for('update');
    if (!payment) throw notFound();
    // A second confirmation (double click, two admins) finds it paid and changes nothing.
    if (decision === 'confirm' && payment.status === 'paid') return { id: payment.id, status: payment.status };
    if (payment.status !== 'to_verify' || !payment.provider) throw notToVerify();
    const event = { paymentId: payment.id, provider: payment.provider, source: 'staff' as const, at: now };
    if (decision === 'confirm') {
      // Paid when the provider's message came, which is what the ticket and the ledger say.
      const outcome = await settlePayment(tx, tenantId, payment.id, { paidAt: payment.updatedAt });
      if (outcome === 'applied' || outcome === 'late') {
        await queueTicket(tx, tenantId, payment.id, now);
        mailed = true;
      }
      await recordEvent(tx, tenantId, { ...event, outcome, reason: outcome === 'late' ? 'Facture déjà réglée : paiement à régulariser.' : 'Paiement confirmé par la régie.' });
    } else {
      await tx.update(payments).set({ status: 'refused', updatedAt: now }).where(and(eq(payments.tenantId, tenantId), eq(payments.id, payment.id)));
      await recordEvent(tx, tenantId, { ...event, outcome: 'applied', reason: 'Paiement rejeté par la régie : non reçu.' });
    }
    await audit(tx, staff, decision === 'confirm' ? 'payment_confirmed' : 'payment_rejected', payment.id, { provider: payment.provider, amountCents: payment.amountCents });
    return { id: payment.id, status: decision === 'confirm' ? ('paid' as const) : ('refused' as const) };
  });
  if (mailed) deps.onMailQueued?.();
  return result;
}

/** The régie found the money: the payment is settled (once) and the payer gets the ticket. */
export const confirmPayment = (deps: Deps, staff: StaffContext, paymentId: string) => decide(deps, staff, paymentId, 'confirm');

/** The régie found no money: the payment is refused, nothing credited, nothing mailed. */
export const rejectPayment = (deps: Deps, staff: StaffContext, paymentId: string) => decide(deps, staff, paymentId, 'reject');
