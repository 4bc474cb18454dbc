/**
 * The staff billing and payment API (régies, tariffs, invoicing runs, invoices, offline payments,
 * credit notes, online payment settings and the payments journal), same origin as the settings
 * page. No Lit here; every read takes an AbortSignal. Amounts are integer cents.
 */
import type { RankDiscount, TariffBracket } from '../../../server/src/domain/pricing.js';
import { adminApiBase, request } from './api.js';

export type { RankDiscount, TariffBracket };

export interface Regie {
  id: string;
  code: string;
  name: string;
  payfipNumcli: string | null;
  dueDays: number;
  paymentInstructions: string | null;
  active?: boolean;
  /** The code can no longer change: an invoice of this régie carries it in its number. */
  codeLocked?: boolean;
}

export interface RegieInput {
  code: string;
  name: string;
  payfipNumcli: string | null;
  dueDays: number;
  paymentInstructions: string | null;
}

/** A service with its tariff, as GET /tariffs and PATCH /services/{id}/tariff answer it. */
export interface TariffedService {
  id: string;
  label: string;
  groupLabel: string;
  active: boolean;
  /** The base price of a day. */
  priceCents: number;
  /** The régie named by the service; null: the commune's default régie, given in `regie`. */
  regieId: string | null;
  regie: { id: string; code: string; name: string; isDefault?: boolean } | null;
  tariff: { basePriceCents: number; brackets: TariffBracket[]; rankDiscounts: RankDiscount[] };
  lateCancellationBilled: boolean;
  waitlistedBilled: boolean;
}

export interface TariffInput {
  regieId: string;
  basePriceCents: number;
  brackets: TariffBracket[];
  rankDiscounts: RankDiscount[];
  lateCancellationBilled: boolean;
  waitlistedBilled: boolean;
}

export interface InvoiceLineView {
  label: string;
  quantity: number;
  unitCents: number;
  totalCents: number;
}

export interface RunInvoice {
  id: string;
  number?: string | null;
  family: { number: string; name: string };
  linesCents: number;
  previousBalanceCents: number;
  totalCents: number;
  lines: InvoiceLineView[];
}

export type RunState = 'preview' | 'published' | 'discarded';

export interface InvoicingRun {
  id: string;
  regieId: string;
  regie?: { code: string; name: string };
  label: string;
  periodStart: string;
  periodEnd: string;
  state: RunState;
  issueDate: string;
  dueDate: string;
  invoiceCount: number;
  totalCents: number;
  createdAt?: string;
  publishedAt?: string | null;
  invoices?: RunInvoice[];
}

export interface RunRequest {
  regieId: string;
  month: string;
  issueDate?: string;
  dueDate?: string;
}

export type InvoiceStatus = 'draft' | 'unpaid' | 'paid' | 'carried' | 'cancelled';

export interface StaffInvoice {
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string | null;
  label: string;
  family: { id?: string; number: string; name: string };
  regie?: { code: string; name: string };
  issueDate?: string;
  dueDate: string;
  totalCents: number;
  paidCents: number;
  remainingCents: number;
  status: InvoiceStatus;
}

export type OfflineMethod = 'cheque' | 'cash' | 'direct_debit';

export interface OfflinePayment {
  method: OfflineMethod;
  amountCents: number;
  paidOn: string;
  payerName: string;
  note?: string;
}

/** A credit note as its creation answers it (numbered at once). */
export interface CreditNote {
  id: string;
  kind: 'credit_note';
  number: string;
  totalCents: number;
}

export interface CreditNoteRequest {
  reason: string;
  lines?: { label: string; quantity: number; unitCents: number }[];
}

export type Provider = 'none' | 'payfip' | 'tipi' | 'systempay' | 'paybox';
export type Environment = 'sandbox' | 'test' | 'production';

export interface PaymentSettings {
  provider: Provider;
  environment: Environment;
  returnUrl: string | null;
  config: Record<string, string>;
  secretSet: boolean;
  /** Where the provider's server notifies payments, to declare in its back-office. */
  notificationUrl?: string | null;
  /** The demo sandboxes exist on this server (demo mode only). */
  sandboxAvailable?: boolean;
  updatedAt?: string | null;
}

export interface PaymentSettingsInput {
  provider: Provider;
  environment: Environment;
  returnUrl: string;
  config: Record<string, string>;
  /** Only when the admin typed a new key: without it the stored key is kept. */
  secret?: string;
}

export type PaymentStatus = 'pending' | 'paid' | 'refused' | 'cancelled' | 'expired' | 'error';

export interface PaymentEventView {
  at: string;
  source: 'start' | 'notification' | 'return' | 'poll';
  outcome: 'applied' | 'unchanged' | 'pending' | 'rejected' | 'late';
  reason: string | null;
}

export interface StaffPayment {
  id: string;
  createdAt: string;
  paidAt: string | null;
  family: { number: string; name: string };
  invoice: { id: string; number: string | null };
  method: 'online' | OfflineMethod;
  provider: Exclude<Provider, 'none'> | null;
  amountCents: number;
  status: PaymentStatus;
  authorisationNumber: string | null;
  payerName?: string | null;
  flaggedLate: boolean;
  events: PaymentEventView[];
}

/** A refused provider message (bad signature, wrong amount, unknown reference…), tied to a payment or not. */
export interface RejectedProviderEvent {
  id: string;
  at: string;
  provider: Exclude<Provider, 'none'>;
  source: 'notification' | 'return' | 'poll';
  reason: string | null;
  /** Non-sensitive fields of the message (reference, operation id…), as received. */
  summary: Record<string, string>;
  /** Null when the message could not be tied to a payment (bad signature, unknown reference, other shop). */
  payment: { id: string; invoiceNumber: string | null; familyName: string } | null;
}

const id = (value: string) => encodeURIComponent(value);
const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => !!entry[1])).toString();
  return search ? `?${search}` : '';
};

export const getRegies = (signal?: AbortSignal) => request<Regie[]>('GET', '/regies', { signal });
export const createRegie = (input: RegieInput) => request<Regie>('POST', '/regies', { body: input });
export const updateRegie = (regieId: string, change: Partial<RegieInput>) => request<Regie>('PATCH', `/regies/${id(regieId)}`, { body: change });

export const getTariffs = (signal?: AbortSignal) => request<TariffedService[]>('GET', '/tariffs', { signal });
export const saveTariff = (serviceId: string, input: TariffInput) => request<TariffedService>('PATCH', `/services/${id(serviceId)}/tariff`, { body: input });

export const getRuns = (signal?: AbortSignal) => request<InvoicingRun[]>('GET', '/invoicing/runs', { signal });
export const getRun = (runId: string, signal?: AbortSignal) => request<InvoicingRun>('GET', `/invoicing/runs/${id(runId)}`, { signal });
export const previewRun = (input: RunRequest) => request<InvoicingRun>('POST', '/invoicing/runs', { body: input });
export const publishRun = (runId: string) => request<InvoicingRun>('POST', `/invoicing/runs/${id(runId)}/publish`, { body: {} });
export const discardRun = (runId: string) => request<unknown>('DELETE', `/invoicing/runs/${id(runId)}`);

export const searchInvoices = (filter: { q?: string; status?: string; familyId?: string }, signal?: AbortSignal) =>
  request<StaffInvoice[]>('GET', `/invoices${query(filter)}`, { signal });
/** Same origin, cookie session: a plain link downloads it. */
export const invoicePdfUrl = (invoiceId: string) => `${adminApiBase}/invoices/${id(invoiceId)}/pdf`;
export const recordPayment = (invoiceId: string, payment: OfflinePayment) => request<unknown>('POST', `/invoices/${id(invoiceId)}/payments`, { body: payment });
export const createCreditNote = (invoiceId: string, input: CreditNoteRequest) => request<CreditNote>('POST', `/invoices/${id(invoiceId)}/credit-note`, { body: input });

export const getPaymentSettings = (signal?: AbortSignal) => request<PaymentSettings>('GET', '/payment-settings', { signal });
export const savePaymentSettings = (input: PaymentSettingsInput) => request<PaymentSettings>('PUT', '/payment-settings', { body: input });
export const getPayments = async (filter: { status?: string; flagged?: string }, signal?: AbortSignal) =>
  (await request<{ payments: StaffPayment[] }>('GET', `/payments${query(filter)}`, { signal })).payments;
/** The commune's refused provider messages, newest first (50 by default, at most 200). */
export const getRejectedEvents = async (limit?: number, signal?: AbortSignal) =>
  (await request<{ events: RejectedProviderEvent[] }>('GET', `/payment-events/rejected${query({ limit: limit === undefined ? undefined : String(limit) })}`, { signal })).events;

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: 'Aperçu',
  unpaid: 'À payer',
  paid: 'Payée',
  carried: 'Reportée',
  cancelled: 'Annulée',
};

export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  pending: 'En attente',
  paid: 'Payé',
  refused: 'Refusé',
  cancelled: 'Annulé',
  expired: 'Expiré',
  error: 'Erreur',
};

export const METHOD_LABELS: Record<StaffPayment['method'], string> = {
  online: 'Paiement en ligne',
  cheque: 'Chèque',
  cash: 'Espèces',
  direct_debit: 'Prélèvement',
};

export const PROVIDER_LABELS: Record<Provider, string> = {
  none: 'Aucun',
  payfip: 'PayFiP',
  tipi: 'TIPI (formulaire historique)',
  systempay: 'Systempay',
  paybox: 'Paybox',
};

export const EVENT_SOURCE_LABELS: Record<PaymentEventView['source'], string> = {
  start: 'début du paiement',
  notification: 'notification',
  return: 'retour',
  poll: 'vérification',
};

export const EVENT_OUTCOME_LABELS: Record<PaymentEventView['outcome'], string> = {
  applied: 'pris en compte',
  unchanged: 'déjà pris en compte',
  pending: 'en attente',
  rejected: 'refusé',
  late: 'payé après règlement',
};
