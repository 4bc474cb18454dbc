/**
 * Pay at booking on the town hall's side: the baskets waiting for payment (GET /baskets,
 * GET /baskets/{id}), the commune's basket delay (GET and PUT /basket-settings) and the cagnotte
 * movements staff see. The service's `billingMode` is in the services contract.
 */
import type { BasketLine, BasketStatus, CagnotteMovementKind } from '../basket.js';

/** A basket in progress: not paid yet, places held until `expiresAt`. */
export interface StaffBasket {
  id: string;
  family: { id: string; number: string; name: string };
  regie: { code: string; name: string };
  status: BasketStatus;
  lineCount: number;
  linesCents: number;
  /** When it empties itself unless paid. */
  expiresAt: string;
  /** The last change (a day added or removed, a payment started). */
  updatedAt: string;
  /** The online payment under way, while `paying`. */
  paymentId: string | null;
}

/** GET /baskets: baskets in progress, soonest to expire first. */
export interface BasketsInProgress {
  baskets: StaffBasket[];
}

/** GET /baskets/{id}: one basket and its lines. */
export interface StaffBasketDetail extends StaffBasket {
  lines: BasketLine[];
}

/** GET and PUT /basket-settings: hours after its last change before an unpaid basket empties itself (1 to 720, 48 by default). */
export interface BasketSettings {
  expiryHours: number;
}

/** A movement of a family's cagnotte as staff see it. */
export interface StaffCagnotteMovement {
  id: string;
  at: string;
  kind: CagnotteMovementKind;
  label: string;
  amountCents: number;
  regie: { code: string; name: string };
  /** A late payment credited rather than booked: the régie looks into it. */
  flagged: boolean;
  note: string | null;
  staffName: string | null;
}
