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
  /** What the payment settled: an invoice, a basket of booked days (with the cagnotte used and the solde paid with it), or the solde alone. */
  settled:
    | { kind: 'invoice'; number: string; label: string; periodStart: string; periodEnd: string }
    | { kind: 'basket'; lines: { child: string; service: string; date: string; priceCents: number }[]; cagnotteCents: number; debtCents: number }
    | { kind: 'debt' };
}

function settledPhrase(settled: PaymentAttestationInput['settled']): string {
  if (settled.kind === 'invoice') return `en règlement de la facture n° ${settled.number}`;
  if (settled.kind === 'basket') return 'en règlement des réservations listées ci-dessous';
  return 'en règlement du solde du compte de la famille';
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
      `${settledPhrase(input.settled)}.`,
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

  const { settled } = input;
  if (settled.kind === 'invoice') {
    layout.section('Facture réglée');
    layout.rows([
      ['Facture', `n° ${settled.number}`],
      ['Libellé', settled.label],
      ['Période', `du ${formatDayShort(settled.periodStart, true)} au ${formatDayShort(settled.periodEnd, true)}`],
    ]);
  } else if (settled.kind === 'basket') {
    layout.section('Réservations payées');
    layout.rows(settled.lines.map((l) => [`${l.child} – ${l.service} – ${formatDayShort(l.date, true)}`, formatEuros(l.priceCents)] as [string, string]));
    const extra: [string, string][] = [];
    if (settled.cagnotteCents > 0) extra.push(['Cagnotte utilisée', `− ${formatEuros(settled.cagnotteCents)}`]);
    if (settled.debtCents > 0) extra.push(['Règlement du solde', formatEuros(settled.debtCents)]);
    if (extra.length) layout.rows(extra);
  } else {
    layout.section('Objet du paiement');
    layout.rows([['Règlement du solde', amount]]);
  }

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
