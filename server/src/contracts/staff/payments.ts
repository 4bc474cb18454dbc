/**
 * Online payment: the commune's provider and its identifiers, the payments journal (online or
 * recorded at the town hall) and the provider messages that were refused.
 */
import type { OfflineMethod } from './billing.js';

export type Provider = 'none' | 'payfip' | 'tipi' | 'systempay' | 'paybox';
export type Environment = 'sandbox' | 'test' | 'production';

/** GET and PUT /payment-settings: never the secret, only whether one is set. */
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

/** PUT /payment-settings. */
export interface PaymentSettingsInput {
  provider: Provider;
  environment: Environment;
  returnUrl: string;
  config: Record<string, string>;
  /** Only when the admin typed a new key: without it the stored key is kept. */
  secret?: string;
}

/** `to_verify`: a provider's message said paid but nothing authenticated it (TIPI); an admin confirms or rejects it. */
export type StaffPaymentStatus = 'pending' | 'to_verify' | 'paid' | 'refused' | 'cancelled' | 'expired' | 'error';

export interface PaymentEventView {
  at: string;
  source: 'start' | 'notification' | 'return' | 'poll' | 'staff';
  outcome: 'applied' | 'unchanged' | 'pending' | 'rejected' | 'late';
  reason: string | null;
}

export interface StaffPayment {
  id: string;
  createdAt: string;
  paidAt: string | null;
  family: { number: string; name: string };
  /** The invoice paid; null for a basket paid at booking or the solde paid alone. */
  invoice: { id: string; number: string | null } | null;
  /** What the payment settled: `Facture n° …`, `Panier` or `Règlement du solde`. */
  label: string;
  method: 'online' | OfflineMethod;
  provider: Exclude<Provider, 'none'> | null;
  amountCents: number;
  status: StaffPaymentStatus;
  authorisationNumber: string | null;
  payerName?: string | null;
  flaggedLate: boolean;
  /** A pending online attempt that still holds its invoice: when the family may pay again; an admin may unlock it sooner. */
  heldUntil: string | null;
  /** When the attempt stopped holding its invoice before its outcome was known (payer left the provider's page, or unlocked by staff). */
  releasedAt: string | null;
  events: PaymentEventView[];
}

/** POST /payments/{id}/unlock: the attempt stays pending, the family may pay the invoice again at once. */
export interface PaymentUnlocked {
  id: string;
  status: 'pending';
  releasedAt: string;
}

/** GET /payments?status=&flagged=. */
export interface PaymentsJournal {
  payments: StaffPayment[];
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

/** GET /payment-events/rejected?limit=: newest first. */
export interface RejectedEvents {
  events: RejectedProviderEvent[];
}
