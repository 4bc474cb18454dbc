import { formatEuros } from '../../domain/money.js';
import { parisDay, formatDayLong } from '../../domain/dates.js';
import { PROVIDER_LABELS } from '../../payments/providers.js';
import type { PaymentProvider } from '../../db/schema/billing.js';

const TIME = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });

export interface TicketFacts {
  townName: string;
  regieName: string;
  invoiceNumber: string;
  /** What was paid when it is not an invoice ("Panier de réservations PANIER-…"). */
  object?: string;
  amountCents: number;
  paidAt: Date;
  provider: PaymentProvider;
  authorisationNumber: string | null;
  transactionId: string | null;
}

/**
 * The payment ticket e-mailed to the payer once the provider's result is verified: what was paid,
 * when, through whom, with the references the régie will ask for. No card data ever reaches us,
 * so none can appear here.
 */
export function paymentTicket(f: TicketFacts) {
  const lines = [
    'Bonjour,',
    '',
    `Votre paiement en ligne a bien été reçu par ${f.regieName}. Voici votre ticket de paiement.`,
    '',
    f.object ? `Objet : ${f.object}` : `Facture : ${f.invoiceNumber}`,
    `Montant payé : ${formatEuros(f.amountCents)}`,
    `Date : ${formatDayLong(parisDay(f.paidAt))} à ${TIME.format(f.paidAt)}`,
    `Prestataire : ${PROVIDER_LABELS[f.provider]}`,
    `Numéro d’autorisation : ${f.authorisationNumber ?? 'non communiqué'}`,
    `Référence de la transaction : ${f.transactionId ?? 'non communiquée'}`,
    '',
    'Conservez ce message : il vaut justificatif de paiement.',
    '',
    f.townName,
    '',
    'Cet e-mail est envoyé automatiquement, merci de ne pas y répondre.',
  ];
  return { subject: f.object ? `${f.townName} – Ticket de paiement : ${f.object}` : `${f.townName} – Ticket de paiement de la facture ${f.invoiceNumber}`, text: lines.join('\n').replace(/[\u202f\u00a0]/g, ' ') };
}
