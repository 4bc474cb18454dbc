import type { OnlinePayment, PaymentStart } from '../../../server/src/contracts/index.js';

export interface BasketLine {
  id: string;
  childId: string;
  childFirstName: string;
  serviceId: string;
  serviceLabel: string;
  date: string;
  priceCents: number;
}

export interface DroppedLine {
  childFirstName: string;
  serviceLabel: string;
  date: string;
  reason: string;
}

export interface Basket {
  lines: BasketLine[];
  dropped: DroppedLine[];
  linesCents: number;
  cagnotteCents: number;
  soldeCents: number;
  totalCents: number;
  expiresAt: string | null;
  onlinePayment: OnlinePayment;
}

export interface BasketCheckoutBody {
  email: string;
  debtOnly?: boolean;
}

export type BasketCheckout = ({ confirmed: false } & PaymentStart) | { confirmed: true; paymentId: string | null };
