import { formatDayShort } from '../domain/dates.js';
import { formatEuros } from '../domain/money.js';
import { PdfLayout } from './layout.js';
import { formatInstant, present } from './text.js';
import type { Optional, PdfEdition } from './types.js';

/** One verified online payment, as the attestation states it. */
export interface PaymentAttestationInput extends PdfEdition {
  regieName: string;
  /** The family the invoice is addressed to. */
  family: { number: string; name: string };
  /** Who paid: the name recorded with the attempt, and the e-mail the ticket went to. */
  payer: { name: Optional<string>; email: Optional<string> };
  paidAt: Date;
  amountCents: number;
  /** "PayFiP (DGFiP)", "Systempay"… */
  providerLabel: string;
  /** Our reference of the attempt, as the provider knows it. */
  reference: Optional<string>;
  providerOperationId: Optional<string>;
  authorisationNumber: Optional<string>;
  transactionId: Optional<string>;
  /** What the payment settled. */
  invoice: { number: string; label: string; periodStart: string; periodEnd: string };
}

/**
 * "Attestation de paiement": what a parent shows an employer, a works council or the CAF — who
 * paid whom, when, how much, for which invoice, with the provider's references the régie can
 * trace the money by. Only a payment the provider confirmed gets one; no card data ever reaches
 * the server, so none can be printed.
 */
export async function paymentAttestationPdf(input: PaymentAttestationInput): Promise<Uint8Array> {
  const title = 'Attestation de paiement';
  const layout = await PdfLayout.create({ title, townName: input.townName, editedAt: input.editedAt, footer: 'date' });
  layout.newPage({ withTitle: true });
  const amount = formatEuros(input.amountCents);

  layout.text(
    `${input.regieName} (${input.townName}) atteste avoir reçu un paiement en ligne de ${amount} le ${formatInstant(input.paidAt)}, ` +
      `en règlement de la facture n° ${input.invoice.number}.`,
    { size: 11, before: 8 },
  );

  layout.section('Paiement');
  layout.rows([
    ['Montant payé', amount],
    ['Date du paiement', formatInstant(input.paidAt)],
    ['Payé par', [present(input.payer.name), present(input.payer.email)].filter(Boolean).join(' – ') || null],
    ['Famille', `${input.family.name} – n° ${input.family.number}`],
    ['Encaissé par', `${input.regieName} – ${input.townName}`],
  ]);

  layout.section('Facture réglée');
  layout.rows([
    ['Facture', `n° ${input.invoice.number}`],
    ['Libellé', input.invoice.label],
    ['Période', `du ${formatDayShort(input.invoice.periodStart, true)} au ${formatDayShort(input.invoice.periodEnd, true)}`],
  ]);

  layout.section('Références du prestataire de paiement');
  const references: [string, string | null][] = [
    ['Prestataire', input.providerLabel],
    ['Référence du paiement', present(input.reference)],
    ['Numéro d’autorisation', present(input.authorisationNumber)],
    ['Référence de la transaction', present(input.transactionId)],
  ];
  if (present(input.providerOperationId) && input.providerOperationId !== input.transactionId) {
    references.push(['Identifiant de l’opération', present(input.providerOperationId)]);
  }
  layout.rows(references);

  layout.text('Ce document est établi à partir de la confirmation du paiement par le prestataire. Aucune donnée de carte bancaire n’est conservée par la commune.', {
    size: 9,
    before: 16,
  });
  layout.text('Conservez-le avec le ticket de paiement reçu par e-mail : la régie vous les demandera en cas de réclamation.', { size: 9, before: 4 });
  return layout.finish();
}
