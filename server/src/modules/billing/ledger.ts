import { and, eq, ne, notInArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { invoices, ledgerEntries, payments, type PaymentStatus } from '../../db/schema/index.js';
import { reopenBasket, settleBasketPayment } from '../basket/settle.js';

// ---------------------------------------------------------------------------------------------
// The family's account in a régie, and the one place where a payment becomes "paid". Both the
// online providers and the staff's offline payments go through settlePayment, so that a payment
// is counted once, whatever the number of notifications, returns and polls that announce it.
// ---------------------------------------------------------------------------------------------

export interface Receipt {
  /** When the provider (or the régie) says the money was received. */
  paidAt: Date;
  providerOperationId?: string | null;
  authorisationNumber?: string | null;
  transactionId?: string | null;
}

export type Settlement =
  /** The payment just became paid; its ledger entry is written and the invoice updated. */
  | 'applied'
  /** It was already paid: nothing changes (a second notification, a return after the IPN…). */
  | 'unchanged'
  /** It just became paid, but its invoice was already settled: recorded, credited, flagged for the régie. */
  | 'late';

/**
 * What is left to pay on an invoice itself. A carried invoice owes nothing any more (its debt is
 * the later invoice's "solde antérieur"), nor does a paid or cancelled one, nor a credit note.
 */
export function remainingCents(invoice: { kind?: 'invoice' | 'credit_note'; status: string; totalCents: number; paidCents: number }): number {
  if (invoice.kind === 'credit_note' || invoice.status !== 'unpaid') return 0;
  return Math.max(0, invoice.totalCents - invoice.paidCents);
}

/** Follows "carried forward" links: the invoice that now holds the debt of `invoiceId`, locked. */
export async function invoiceHoldingDebt(tx: Tx, tenantId: string, invoiceId: string) {
  let id = invoiceId;
  for (let hops = 0; hops < 1000; hops++) {
    const [invoice] = await tx
      .select()
      .from(invoices)
      .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, id)))
      .for('update');
    if (!invoice) throw new Error(`Facture introuvable : ${id}`);
    if (invoice.status !== 'carried' || !invoice.carriedToInvoiceId) return invoice;
    id = invoice.carriedToInvoiceId;
  }
  throw new Error('Chaîne de reports de solde trop longue.');
}

/**
 * Marks a payment paid, exactly once. The conditional update (`status <> 'paid'`) is the guard:
 * under concurrency one transaction wins, the others find it paid and change nothing. A payment
 * already refused, cancelled or expired can still become paid (the provider took the money after
 * all): it is never dropped. The payment gets one ledger entry (a credit); the invoice holding the
 * debt (following carried balances) gets `paid_cents` and, when covered, the status `paid`.
 * If that invoice was already paid or cancelled, the payment is flagged `late` for the régie.
 */
export async function settlePayment(tx: Tx, tenantId: string, paymentId: string, receipt: Receipt): Promise<Settlement> {
  const [payment] = await tx
    .update(payments)
    .set({
      status: 'paid',
      paidAt: receipt.paidAt,
      updatedAt: receipt.paidAt,
      ...(receipt.providerOperationId ? { providerOperationId: receipt.providerOperationId } : {}),
      ...(receipt.authorisationNumber ? { authorisationNumber: receipt.authorisationNumber } : {}),
      ...(receipt.transactionId ? { transactionId: receipt.transactionId } : {}),
    })
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId), ne(payments.status, 'paid')))
    .returning();
  if (!payment) return 'unchanged';
  // Pay at booking: the basket's days become bookings in this same transaction (or the money goes to the cagnotte).
  if (payment.purpose !== 'invoice' || !payment.invoiceId) return settleBasketPayment(tx, payment, receipt.paidAt);

  const invoice = await invoiceHoldingDebt(tx, tenantId, payment.invoiceId);
  await tx
    .insert(ledgerEntries)
    .values({
      tenantId,
      familyId: payment.familyId,
      regieId: payment.regieId,
      kind: 'payment',
      invoiceId: invoice.id,
      paymentId: payment.id,
      label: paymentLabel(payment.method, invoice.number),
      amountCents: -payment.amountCents,
      at: receipt.paidAt,
    })
    .onConflictDoNothing();

  if (invoice.status !== 'unpaid') {
    await tx.update(payments).set({ flaggedLate: true }).where(and(eq(payments.tenantId, tenantId), eq(payments.id, payment.id)));
    return 'late';
  }
  const paidCents = invoice.paidCents + payment.amountCents;
  const settled = paidCents >= invoice.totalCents;
  await tx
    .update(invoices)
    .set({ paidCents, ...(settled ? { status: 'paid' as const, paidAt: receipt.paidAt } : {}) })
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoice.id)));
  return 'applied';
}

/**
 * Records a final non-paid outcome of a pending online payment (refused, cancelled, expired,
 * error). Only a pending payment changes: a paid one is never downgraded. Returns whether it changed.
 */
export async function closePayment(tx: Tx | Db, tenantId: string, paymentId: string, status: Exclude<PaymentStatus, 'paid' | 'pending' | 'to_verify'>, at: Date): Promise<boolean> {
  const changed = await tx
    .update(payments)
    .set({ status, updatedAt: at })
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId), eq(payments.status, 'pending')))
    .returning({ id: payments.id, purpose: payments.purpose });
  // A basket whose payment failed takes changes again, its lines (and their places) still held.
  if (changed[0] && changed[0].purpose !== 'invoice') await reopenBasket(tx, tenantId, paymentId, at);
  return changed.length > 0;
}

/**
 * Puts a payment that a provider's unauthenticated message calls paid in `to_verify`: nothing is
 * credited, the régie checks with the provider and confirms (settlePayment) or rejects it. A paid
 * payment is never touched. The receipt the message claims is kept for that check. Returns whether it changed.
 */
export async function holdForVerification(tx: Tx, tenantId: string, paymentId: string, receipt: Omit<Receipt, 'paidAt'>, at: Date): Promise<boolean> {
  const changed = await tx
    .update(payments)
    .set({
      status: 'to_verify',
      updatedAt: at,
      ...(receipt.authorisationNumber ? { authorisationNumber: receipt.authorisationNumber } : {}),
      ...(receipt.transactionId ? { transactionId: receipt.transactionId } : {}),
    })
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId), notInArray(payments.status, ['paid', 'to_verify'])))
    .returning({ id: payments.id });
  return changed.length > 0;
}

const METHOD_LABELS = {
  online: 'Paiement en ligne',
  cheque: 'Chèque',
  cash: 'Espèces',
  direct_debit: 'Prélèvement',
} as const;

export const paymentMethodLabel = (method: keyof typeof METHOD_LABELS) => METHOD_LABELS[method];

function paymentLabel(method: keyof typeof METHOD_LABELS, invoiceNumber: string | null): string {
  return invoiceNumber ? `${METHOD_LABELS[method]} – facture ${invoiceNumber}` : METHOD_LABELS[method];
}

/** The family's balance in a régie (positive: owed to the régie), or in all régies when regieId is omitted. */
export async function familyBalance(db: Db | Tx, tenantId: string, familyId: string, regieId?: string): Promise<number> {
  const [row] = await db
    .select({ balance: sql<string>`coalesce(sum(${ledgerEntries.amountCents}), 0)` })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.tenantId, tenantId), eq(ledgerEntries.familyId, familyId), regieId ? eq(ledgerEntries.regieId, regieId) : undefined));
  return Number(row?.balance ?? 0);
}
