/** Paying an invoice online (POST /paiements) and reading the verified outcome (GET /paiements/{id}). Amounts are cents. */

/** The online payment services a commune can use. */
export type PaymentProvider = 'payfip' | 'tipi' | 'systempay' | 'paybox';

/**
 * `pending` until the provider's verified answer arrives; `to_verify` when the provider said paid in
 * a message nothing authenticates (TIPI): the town hall checks it, the invoice is not paid meanwhile.
 */
export type PaymentStatus = 'pending' | 'to_verify' | 'paid' | 'refused' | 'cancelled' | 'expired' | 'error';

/** Where the browser goes to pay: GET follows the URL, POST submits `fields` as a form. */
export interface PaymentRedirect {
  method: 'GET' | 'POST';
  url: string;
  fields: Record<string, string>;
}

/** POST /paiements: the invoice and the e-mail for the payment ticket, never an amount. */
export interface PaymentStartBody {
  invoiceId: string;
  email: string;
  /** The page the payment starts from (without fragment): the payer comes back to it when its origin is allowed. */
  returnPage?: string;
}

/** The started payment: its amount is the invoice's remaining amount. */
export interface PaymentStart {
  paymentId: string;
  amountCents: number;
  provider: PaymentProvider;
  redirect: PaymentRedirect;
}

/** GET /paiements/{id}: the payment as the server verified it (a pending one is first asked of its provider). */
export interface PaymentView {
  id: string;
  status: PaymentStatus;
  amountCents: number;
  /** Only a published invoice, numbered, can be paid. */
  invoice: { id: string; number: string; label: string };
  paidAt: string | null;
  authorisationNumber: string | null;
  transactionId: string | null;
  /** None for a payment recorded at the town hall. */
  provider: PaymentProvider | null;
  /** Paid after the invoice was already settled: the town hall looks into it. */
  flaggedLate: boolean;
  /** Still pending at the provider, but the payer left its page without paying: no money taken. */
  abandoned: boolean;
  /**
   * While this attempt holds its invoice: when a new payment of the invoice becomes possible.
   * Null once it no longer does (settled, closed, or released because the payer left the provider's page).
   */
  retryAt: string | null;
}
