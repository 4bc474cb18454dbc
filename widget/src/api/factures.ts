import { call, postOnce, type ApiClient } from './client.js';

/** Shapes and calls of the "Invoices and payments (parents)" section of docs/api.md. Amounts are cents. */

export type PaymentProvider = 'payfip' | 'tipi' | 'systempay' | 'paybox';

export interface InvoicePayment {
  method: 'online' | 'cheque' | 'cash' | 'direct_debit';
  /** French name of the method, from the server ("Paiement en ligne"). */
  methodLabel: string;
  amountCents: number;
  paidAt: string;
  payerName: string | null;
  authorisationNumber: string | null;
}

export interface InvoiceSummary {
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  /** The debt reference PayFiP and TIPI ask for. */
  refdet: string;
  label: string;
  regie: { code: string; name: string };
  periodStart: string;
  periodEnd: string;
  issueDate: string;
  dueDate: string;
  linesCents: number;
  previousBalanceCents: number;
  totalCents: number;
  paidCents: number;
  remainingCents: number;
  status: 'unpaid' | 'paid' | 'carried' | 'cancelled';
  /** Number of the invoice this one's balance was carried to. */
  carriedTo: string | null;
  overdue: boolean;
  paymentInProgress: boolean;
  payments: InvoicePayment[];
}

export interface StatementEntry {
  at: string;
  label: string;
  debitCents: number;
  creditCents: number;
  balanceCents: number;
}

export interface Notifications {
  enabled: boolean;
  /** The family e-mail, the town's record: changed in the family file only. */
  email: string | null;
  extraEmails: string[];
}

export interface Invoices {
  balanceCents: number;
  toPay: InvoiceSummary[];
  paid: InvoiceSummary[];
  statement: StatementEntry[];
  onlinePayment: {
    enabled: boolean;
    provider: PaymentProvider | null;
    providerLabel: string | null;
    minimumCents: number;
  };
  notifications: Notifications;
}

export interface PaymentRedirect {
  method: 'GET' | 'POST';
  url: string;
  fields: Record<string, string>;
}

export interface PaymentStart {
  paymentId: string;
  amountCents: number;
  provider: PaymentProvider;
  redirect: PaymentRedirect;
}

export type PaymentStatus = 'pending' | 'paid' | 'refused' | 'cancelled' | 'expired' | 'error';

export interface PaymentView {
  id: string;
  status: PaymentStatus;
  amountCents: number;
  invoice: { id: string; number: string; label: string };
  paidAt: string | null;
  authorisationNumber: string | null;
  transactionId: string | null;
  provider: PaymentProvider;
  /** Paid after the invoice was already settled: the town hall looks into it. */
  flaggedLate: boolean;
  /** Still pending at PayFiP, but the payer left its page without paying. */
  abandoned: boolean;
  /** While pending: when a new payment of the invoice becomes possible. */
  retryAt: string | null;
}

export function getInvoices(client: ApiClient, signal?: AbortSignal): Promise<Invoices> {
  return call(() => client.http.get('factures', { signal }).json<Invoices>());
}

export function saveNotifications(
  client: ApiClient,
  body: { enabled: boolean; extraEmails: string[] },
  signal?: AbortSignal,
): Promise<Notifications> {
  return call(() => client.http.put('factures/notifications', { json: body, retry: 0, signal }).json<Notifications>());
}

/** Starts paying one invoice; the server takes the amount from the invoice, never from here. */
export function startPayment(
  client: ApiClient,
  body: { invoiceId: string; email: string },
  idempotencyKey: string,
  signal?: AbortSignal,
): Promise<PaymentStart> {
  return postOnce(client, 'paiements', body, idempotencyKey, signal);
}

/** The payment as the server verified it (a pending PayFiP payment is first looked up at the provider). */
export function getPayment(client: ApiClient, id: string, signal?: AbortSignal): Promise<PaymentView> {
  return call(() => client.http.get(`paiements/${encodeURIComponent(id)}`, { signal }).json<PaymentView>());
}
