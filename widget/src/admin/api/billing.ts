/**
 * Invoicing: the régies that invoice and collect, the tariff of each service, the monthly
 * invoicing runs, and the invoices with the payments recorded at the town hall and the credit
 * notes. Amounts are integer cents.
 */
import { query, request, segment, staffUrl } from './client.js';
import type { CreditNote, CreditNoteRequest, InvoiceLineView, InvoicingRun, OfflineMethod, OfflinePayment, RankDiscount, Regie, RegieInput, RunInvoice, RunRequest, RunState, StaffInvoice, StaffInvoiceStatus as InvoiceStatus, TariffBracket, TariffedService, TariffInput } from '../../../../server/src/contracts/staff/index.js';

export type { CreditNote, CreditNoteRequest, InvoiceLineView, InvoicingRun, OfflineMethod, OfflinePayment, RankDiscount, Regie, RegieInput, RunInvoice, RunRequest, RunState, StaffInvoice, InvoiceStatus, TariffBracket, TariffedService, TariffInput };

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
