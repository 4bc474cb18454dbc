/**
 * Payments received at the régie's counter or by post: cheque, cash, direct debit. They go through
 * settlePayment like an online payment, so the account, the invoice's status and what remains to
 * pay move in one transaction and exactly once.
 */
import { and, eq } from 'drizzle-orm';
import { invoices, payments } from '../../db/schema/index.js';
import { transactionWithRetry } from '../../db/retry.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { ApiError, notFound, invalidField } from '../../errors.js';
import { parisDay, parisInstant } from '../../domain/dates.js';
import { formatEuros } from '../../domain/money.js';
import { paymentMethodLabel, remainingCents, settlePayment } from './ledger.js';
import { audit } from '../../db/audit.js';

export interface OfflinePaymentInput {
  method: 'cheque' | 'cash' | 'direct_debit';
  amountCents: number;
  /** The day the money was received ("YYYY-MM-DD"), not in the future. */
  paidOn: string;
  payerName: string;
  note?: string | null;
}


/** Records an offline payment of a published invoice and settles it at noon (Paris) of the day it was received. */
export async function recordOfflinePayment(deps: Pick<Deps, 'database' | 'clock'>, staff: StaffContext, invoiceId: string, input: OfflinePaymentInput) {
  const now = deps.clock.now();
  if (input.paidOn > parisDay(now)) throw invalidField('paidOn', 'La date de réception ne peut pas être dans le futur.');
  return transactionWithRetry(deps.database.db, async (tx) => {
    const [invoice] = await tx
      .select()
      .from(invoices)
      .where(and(eq(invoices.tenantId, staff.tenantId), eq(invoices.id, invoiceId)))
      .for('update');
    if (!invoice || invoice.status === 'draft') throw notFound('Cette facture est introuvable.');
    if (invoice.kind !== 'invoice') throw new ApiError(422, 'avoir', 'Un avoir ne se paie pas.');
    if (invoice.status === 'carried') {
      const [holder] = await tx.select({ number: invoices.number }).from(invoices).where(and(eq(invoices.tenantId, staff.tenantId), eq(invoices.id, invoice.carriedToInvoiceId!)));
      throw new ApiError(409, 'facture_reportee', `Le solde de cette facture a été reporté sur la facture ${holder?.number ?? 'suivante'} : enregistrez le paiement sur celle-ci.`);
    }
    if (invoice.status !== 'unpaid') throw new ApiError(409, 'facture_reglee', 'Cette facture est déjà réglée.');
    const remaining = remainingCents(invoice);
    if (input.amountCents > remaining) {
      throw invalidField('amountCents', `Le montant dépasse ce qui reste à payer sur cette facture (${formatEuros(remaining)}).`);
    }
    const [payment] = await tx
      .insert(payments)
      .values({
        tenantId: staff.tenantId,
        familyId: invoice.familyId,
        regieId: invoice.regieId,
        invoiceId: invoice.id,
        method: input.method,
        status: 'pending',
        amountCents: input.amountCents,
        payerName: input.payerName,
        note: input.note ?? null,
        recordedBy: staff.staffUserId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: payments.id });
    const paidAt = parisInstant(input.paidOn, '12:00');
    await settlePayment(tx, staff.tenantId, payment.id, { paidAt });
    await audit(tx, staff, 'paiement_enregistre', payment.id, { facture: invoice.number, moyen: input.method, amountCents: input.amountCents, recuLe: input.paidOn });

    const [after] = await tx.select().from(invoices).where(and(eq(invoices.tenantId, staff.tenantId), eq(invoices.id, invoice.id)));
    return {
      id: payment.id,
      method: input.method,
      methodLabel: paymentMethodLabel(input.method),
      status: 'paid' as const,
      amountCents: input.amountCents,
      paidAt: paidAt.toISOString(),
      payerName: input.payerName,
      note: input.note ?? null,
      invoice: {
        id: after.id,
        number: after.number,
        status: after.status,
        totalCents: after.totalCents,
        paidCents: after.paidCents,
        remainingCents: remainingCents(after),
      },
    };
  });
}
