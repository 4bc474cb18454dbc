/**
 * Invoicing: the régies that invoice and collect, the tariff of each service, the monthly
 * invoicing runs, and the invoices with the payments recorded at the town hall and the credit
 * notes. Amounts are integer cents.
 */

/** A price by quotient familial: up to `maxQuotient` (null: the last bracket, no ceiling). */
export interface TariffBracket {
  maxQuotient: number | null;
  priceCents: number;
}

/** A discount from the n-th child of a family. */
export interface RankDiscount {
  fromRank: number;
  percent: number;
}

/** GET /regies; POST and PATCH /regies/{id} answer the régie. */
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

/** POST /regies; PATCH /regies/{id} takes any part of it. */
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
  /** Childcare that opens the tax credit for children under 6 (never a canteen): counted in the tax attestations. */
  childcareTaxCredit: boolean;
}

/** PATCH /services/{id}/tariff. */
export interface TariffInput {
  regieId: string;
  basePriceCents: number;
  brackets: TariffBracket[];
  rankDiscounts: RankDiscount[];
  lateCancellationBilled: boolean;
  waitlistedBilled: boolean;
  childcareTaxCredit: boolean;
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

/** GET /invoicing/runs (without invoices) and GET /invoicing/runs/{id} (with them). */
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

/** POST /invoicing/runs: a preview of a régie's month (`YYYY-MM`). */
export interface RunRequest {
  regieId: string;
  /** "2026-09". */
  month: string;
  issueDate?: string;
  dueDate?: string;
}

export type StaffInvoiceStatus = 'draft' | 'unpaid' | 'paid' | 'carried' | 'cancelled';

/** GET /invoices?familyId=&status=&q=. */
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
  status: StaffInvoiceStatus;
}

export type OfflineMethod = 'cheque' | 'cash' | 'direct_debit';

/** POST /invoices/{id}/payments: a payment received at the town hall. */
export interface OfflinePayment {
  method: OfflineMethod;
  amountCents: number;
  paidOn: string;
  payerName: string;
  note?: string;
}

/** POST /invoices/{id}/credit-note answers it, numbered at once. */
export interface CreditNote {
  id: string;
  kind: 'credit_note';
  number: string;
  totalCents: number;
}

/** POST /invoices/{id}/credit-note: without lines, cancels the remaining amount. */
export interface CreditNoteRequest {
  reason: string;
  /** Amounts to credit, per unit (positive: the credit note stores them negative). */
  lines?: { label: string; quantity: number; unitCents: number }[];
}
