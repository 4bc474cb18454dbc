/**
 * Invoicing: the régies that invoice and collect, the tariff of each service, the monthly
 * invoicing runs, and the invoices with the payments recorded at the town hall and the credit
 * notes. Amounts are integer cents.
 */
import type { RankDiscount, TariffBracket } from '../../../../server/src/domain/pricing.js';
import { query, request, segment, staffUrl } from './client.js';

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

export const getRegies = (signal?: AbortSignal) => request<Regie[]>('get', 'regies', { signal });
export const createRegie = (input: RegieInput) => request<Regie>('post', 'regies', { body: input });
export const updateRegie = (regieId: string, change: Partial<RegieInput>) => request<Regie>('patch', `regies/${segment(regieId)}`, { body: change });

export const getTariffs = (signal?: AbortSignal) => request<TariffedService[]>('get', 'tariffs', { signal });
export const saveTariff = (serviceId: string, input: TariffInput) => request<TariffedService>('patch', `services/${segment(serviceId)}/tariff`, { body: input });

export const getRuns = (signal?: AbortSignal) => request<InvoicingRun[]>('get', 'invoicing/runs', { signal });
export const getRun = (runId: string, signal?: AbortSignal) => request<InvoicingRun>('get', `invoicing/runs/${segment(runId)}`, { signal });
export const previewRun = (input: RunRequest) => request<InvoicingRun>('post', 'invoicing/runs', { body: input });
export const publishRun = (runId: string) => request<InvoicingRun>('post', `invoicing/runs/${segment(runId)}/publish`, { body: {} });
export const discardRun = (runId: string) => request<unknown>('delete', `invoicing/runs/${segment(runId)}`);

export const searchInvoices = (filter: { q?: string; status?: string; familyId?: string }, signal?: AbortSignal) =>
  request<StaffInvoice[]>('get', `invoices${query(filter)}`, { signal });
export const invoicePdfUrl = (invoiceId: string) => staffUrl(`invoices/${segment(invoiceId)}/pdf`);
export const recordPayment = (invoiceId: string, payment: OfflinePayment) => request<unknown>('post', `invoices/${segment(invoiceId)}/payments`, { body: payment });
export const createCreditNote = (invoiceId: string, input: CreditNoteRequest) =>
  request<CreditNote>('post', `invoices/${segment(invoiceId)}/credit-note`, { body: input });
