/**
 * Pay at booking ("paiement à la réservation"): the family's basket of days of prepaid services
 * (GET /panier, DELETE /panier/lignes/{lineId}), its checkout (POST /panier/paiement) and the
 * outcome of a basket payment (GET /panier/paiements/{id}). Amounts are integer cents; days are
 * `YYYY-MM-DD` of Europe/Paris; instants are ISO-8601 with their offset.
 */
import type { PaymentStart, PaymentStatus, PaymentProvider } from './payments.js';

/**
 * How a service is paid: `monthly` — booked days are invoiced at the end of the month (the
 * historical mode); `prepaid` — ticking a day puts it in the family's basket, and it is booked once
 * the basket is paid.
 */
export type BillingMode = 'monthly' | 'prepaid';

/** One day of one prepaid service for one child, waiting in the basket: its place is held meanwhile. */
export interface BasketLine {
  id: string;
  child: { id: string; firstName: string; lastName: string };
  service: { id: string; label: string };
  date: string;
  /** The day's price for this child (tariff by quotient familial and rank, as invoicing computes it). */
  priceCents: number;
  /** The booking deadline of the day: past it, the line is dropped at payment, never charged. Null when none applies. */
  bookUntil: string | null;
}

/**
 * `open`: lines can be added and removed; `paying`: an online payment of it is under way, so it
 * cannot change until the provider answers (paid → the lines become bookings; refused, cancelled
 * or abandoned → `open` again with the same lines).
 */
export type BasketStatus = 'open' | 'paying';

/** How the basket would be paid now. */
export type BasketPayability =
  /** Total ≥ 1 €: online payment at the commune's provider. */
  | 'online'
  /** The cagnotte covers everything: confirmed without a provider. */
  | 'without_payment'
  /** 0 < total < 1 €: online payment is only accepted from 1 €; the town hall takes it. */
  | 'below_minimum'
  /** Nothing to pay and nothing to confirm. */
  | 'nothing'
  /** A payment is under way (see `retryAt`). */
  | 'in_progress';

/**
 * The basket of one régie (the town's collection office that bills the services; most communes
 * have one). total = lines − cagnotte used + debt, never below 0.
 */
export interface Basket {
  /** Null when there is no line, only a debt (or a cagnotte) to show. */
  id: string | null;
  regie: { id: string; code: string; name: string };
  status: BasketStatus;
  lines: BasketLine[];
  /** When the basket empties itself (its places released) unless paid: the last change + the commune's delay. Null without lines. */
  expiresAt: string | null;
  linesCents: number;
  /** The family's cagnotte in this régie (credit from cancellations), before this basket. */
  cagnotteBalanceCents: number;
  /** The part of the cagnotte deducted from this basket (≤ lines + debt). */
  cagnotteUsedCents: number;
  /** The "solde": what the family still owes the régie, added to the basket. */
  debtCents: number;
  totalCents: number;
  payable: BasketPayability;
  /** While a payment is under way: when a new attempt becomes possible. */
  retryAt: string | null;
}

/** GET /panier: one basket per régie that has lines, a debt or a cagnotte; empty list when nothing. */
export interface Panier {
  baskets: Basket[];
  /** The commune's delay before an unpaid basket empties itself, in hours (48 by default). */
  expiryHours: number;
}

/**
 * POST /panier/paiement: pays the basket of one régie — its lines, minus the cagnotte, plus the
 * debt — or, with no line, the debt alone ("régler ma dette"). Never an amount: any other field is a 422.
 */
export interface BasketCheckoutBody {
  regieId: string;
  /** Where the provider sends its payment ticket. */
  email: string;
  /** The page the payment is started from (without fragment): the payer comes back to it when it is on an allowed site of the commune. */
  returnPage?: string;
}

/** A line removed at checkout because its booking deadline passed while it waited (or the day closed). */
export interface DroppedLine {
  childFirstName: string;
  serviceLabel: string;
  date: string;
  /** In French: why it was removed. */
  reason: string;
}

/**
 * The checkout's answer:
 * - `redirect`: go to the provider (the amount is the server's);
 * - `confirmed`: nothing to pay online (cagnotte), the lines are booked now;
 * - `changed`: lines were dropped (deadline passed): nothing was charged, the family checks the new
 *   total (`basket`, null when nothing is left) and pays again.
 */
export type BasketCheckout =
  | { outcome: 'redirect'; payment: PaymentStart }
  | { outcome: 'confirmed'; bookedDays: number }
  | { outcome: 'changed'; dropped: DroppedLine[]; basket: Basket | null };

/**
 * GET /panier/paiements/{id}: a basket (or debt) payment as the server verified it. The provider's
 * return lands on the commune's return page with `#portail-panier-paiement={id}`.
 */
export interface BasketPaymentView {
  id: string;
  status: PaymentStatus;
  amountCents: number;
  /** `basket`: days were bought; `debt`: the debt alone was paid. */
  purpose: 'basket' | 'debt';
  regie: { code: string; name: string };
  /** Days booked by this payment (0 until paid, and for a debt payment). */
  bookedDays: number;
  /** Paid after the basket had expired and its places were given away: credited to the cagnotte. */
  creditedToCagnotte: boolean;
  paidAt: string | null;
  authorisationNumber: string | null;
  transactionId: string | null;
  provider: PaymentProvider | null;
  /** Still pending at the provider, but the payer left its page without paying. */
  abandoned: boolean;
  retryAt: string | null;
}

/** Why the family's cagnotte moved (signed cents: + credit, − use). */
export type CagnotteMovementKind =
  /** An in-time cancellation of a prepaid day gave its price back. */
  | 'cancellation'
  /** Deducted from a paid basket (or a debt). */
  | 'basket'
  /** A payment that arrived after its basket expired (places given away), credited rather than lost. */
  | 'late_payment'
  /** Staff corrected it, with a note. */
  | 'adjustment'
  /** The town hall paid it back to the family. */
  | 'refund';

/** A movement of the cagnotte as the family reads it. */
export interface CagnotteMovement {
  at: string;
  kind: CagnotteMovementKind;
  label: string;
  amountCents: number;
  regie: { code: string; name: string };
}
