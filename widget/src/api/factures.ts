import { call, postOnce, type ApiClient } from './client.js';
import type {
  Invoices,
  PaymentStart,
  PaymentStartBody,
  PaymentView,
} from '../../../server/src/contracts/index.js';

export type { InvoiceSummary, Invoices, Notifications, PaymentRedirect, PaymentView, StatementEntry } from '../../../server/src/contracts/index.js';

/** Calls of the "Invoices and payments (parents)" section of docs/api.md. Amounts are cents. */

export function getInvoices(client: ApiClient, signal?: AbortSignal): Promise<Invoices> {
  return call(() => client.http.get('factures', { signal }).json<Invoices>());
}

/** Starts paying one invoice; the server takes the amount from the invoice, never from here. */
export function startPayment(
  client: ApiClient,
  body: PaymentStartBody,
  idempotencyKey: string,
  signal?: AbortSignal,
): Promise<PaymentStart> {
  return postOnce(client, 'paiements', body, idempotencyKey, signal);
}

/** The payment as the server verified it (a pending PayFiP payment is first looked up at the provider). */
export function getPayment(client: ApiClient, id: string, signal?: AbortSignal): Promise<PaymentView> {
  return call(() => client.http.get(`paiements/${encodeURIComponent(id)}`, { signal }).json<PaymentView>());
}
