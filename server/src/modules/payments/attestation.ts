import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { families, invoices, payments, regies, tenants } from '../../db/schema/index.js';
import { ApiError } from '../../errors.js';
import { paymentAttestationPdf } from '../../pdf/index.js';
import { PROVIDER_LABELS } from '../../payments/providers.js';
import { basketLines } from '../basket/view.js';
import { familyOfPayment, invoiceOfPayment, regieOfPayment } from './joins.js';

export const paymentNotFound = () => new ApiError(404, 'paiement_introuvable', 'Ce paiement est introuvable.');

/**
 * The attestation de paiement of one of the family's online payments, once the provider's result
 * is verified. Another family's or commune's payment is 404, like a missing one; a payment not
 * (yet) paid is a 409 that says why, so the parent knows whether to wait.
 */
export async function renderPaymentAttestation(deps: Deps, tenantId: string, familyId: string, paymentId: string): Promise<{ pdf: Uint8Array; filename: string }> {
  const [row] = await deps.database.db
    .select({
      payment: payments,
      invoice: { number: invoices.number, label: invoices.label, periodStart: invoices.periodStart, periodEnd: invoices.periodEnd },
      regieName: regies.name,
      family: { number: families.familyNumber, name: families.name },
      townName: tenants.name,
    })
    .from(payments)
    .leftJoin(invoices, invoiceOfPayment)
    .innerJoin(regies, regieOfPayment)
    .innerJoin(families, familyOfPayment)
    .innerJoin(tenants, eq(tenants.id, payments.tenantId))
    .where(and(eq(payments.tenantId, tenantId), eq(payments.familyId, familyId), eq(payments.id, paymentId)));
  if (!row) throw paymentNotFound();
  const { payment } = row;
  if (!payment.provider) {
    throw new ApiError(409, 'attestation_indisponible', 'L’attestation de paiement concerne les paiements en ligne : pour un règlement à la mairie, demandez un reçu à la régie.');
  }
  if (payment.status === 'pending' || payment.status === 'to_verify') {
    throw new ApiError(409, 'paiement_non_confirme', 'Ce paiement n’est pas encore confirmé : l’attestation sera disponible dès sa confirmation.');
  }
  if (payment.status !== 'paid' || !payment.paidAt) {
    throw new ApiError(409, 'paiement_non_abouti', 'Ce paiement n’a pas abouti : aucune somme n’a été prélevée, il n’y a pas d’attestation.');
  }
  const invoiceNumber = row.invoice?.number ?? '';
  const settled = row.invoice
    ? { kind: 'invoice' as const, number: invoiceNumber, label: row.invoice.label, periodStart: row.invoice.periodStart, periodEnd: row.invoice.periodEnd }
    : payment.purpose === 'basket' && payment.basketId
      ? {
          kind: 'basket' as const,
          lines: (await basketLines(deps.database.db, tenantId, payment.basketId)).map((l) => ({ child: l.first_name, service: l.service_label, date: l.day, priceCents: l.price_cents })),
          cagnotteCents: payment.cagnotteCents ?? 0,
          debtCents: payment.debtCents ?? 0,
        }
      : { kind: 'debt' as const };
  const pdf = await paymentAttestationPdf({
    townName: row.townName,
    editedAt: deps.clock.now(),
    regieName: row.regieName,
    family: row.family,
    payer: { name: payment.payerName, email: payment.payerEmail },
    paidAt: payment.paidAt,
    amountCents: payment.amountCents,
    providerLabel: PROVIDER_LABELS[payment.provider],
    reference: payment.reference,
    providerOperationId: payment.providerOperationId,
    authorisationNumber: payment.authorisationNumber,
    transactionId: payment.transactionId,
    settled,
  });
  return { pdf, filename: `attestation-paiement-${invoiceNumber || payment.id.slice(0, 8)}.pdf` };
}
