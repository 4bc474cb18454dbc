import type { PaymentProvider } from './payments.js';

/** The family's account: invoices, statement, online payment offer, invoice e-mails (GET /factures). Amounts are cents. */

/** How a payment was made; all but `online` are recorded at the town hall. */
export type PaymentMethod = 'online' | 'cheque' | 'cash' | 'direct_debit';

/** A payment that settled (part of) an invoice. */
export interface InvoicePayment {
  id: string;
  method: PaymentMethod;
  /** French name of the method ("Paiement en ligne"). */
  methodLabel: string;
  amountCents: number;
  /** Settled payments only are listed, and settling one records when. */
  paidAt: string;
  payerName: string | null;
  authorisationNumber: string | null;
  /** An online payment: its attestation de paiement can be downloaded (GET /paiements/{id}/attestation.pdf). */
  attestation: boolean;
}

/** A published invoice's standing: `carried` when its balance moved to a later invoice. */
export type InvoiceStatus = 'unpaid' | 'paid' | 'carried' | 'cancelled';

/** A published invoice or credit note of the family. */
export interface InvoiceSummary {
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  /** The debt reference PayFiP and TIPI ask for, given with the number when the invoice is published. */
  refdet: string;
  label: string;
  /** The town's collection office that bills the services. */
  regie: { code: string; name: string };
  periodStart: string;
  periodEnd: string;
  issueDate: string;
  dueDate: string;
  linesCents: number;
  /** The balance of an earlier invoice carried into this one. */
  previousBalanceCents: number;
  totalCents: number;
  paidCents: number;
  remainingCents: number;
  status: InvoiceStatus;
  /** Number of the invoice this one's balance was carried to. */
  carriedTo: string | null;
  overdue: boolean;
  /** An online payment started a short while ago may still complete: no second one meanwhile. */
  paymentInProgress: boolean;
  /** While a payment is in progress: when a new payment of the invoice becomes possible. */
  paymentRetryAt: string | null;
  payments: InvoicePayment[];
}

/** One line of the family's statement, with the balance after it. */
export interface StatementEntry {
  at: string;
  label: string;
  debitCents: number;
  creditCents: number;
  balanceCents: number;
}

/** Whether an invoice can be paid online now, through which provider, from which amount. */
export interface OnlinePayment {
  enabled: boolean;
  provider: PaymentProvider | null;
  providerLabel: string | null;
  minimumCents: number;
}

/** "Me prévenir par mail de la mise en ligne de ma facture". */
export interface Notifications {
  enabled: boolean;
  /** The family e-mail, the town's record: changed in the family file only. */
  email: string | null;
  extraEmails: string[];
}

/** PUT /factures/notifications: up to three extra addresses, none of them the family's own. */
export interface NotificationsBody {
  enabled: boolean;
  extraEmails: string[];
}

/** GET /factures: unpaid invoices oldest due first, the others newest first, and the statement. */
export interface Invoices {
  balanceCents: number;
  toPay: InvoiceSummary[];
  paid: InvoiceSummary[];
  statement: StatementEntry[];
  onlinePayment: OnlinePayment;
  notifications: Notifications;
}
