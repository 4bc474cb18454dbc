/** Online payment starts at 1 €: providers refuse less, and a smaller debt is settled at the town hall. */
export const MINIMUM_ONLINE_CENTS = 100;

/**
 * An online attempt younger than this is taken as still under way at the provider: no second one
 * on the same invoice meanwhile. PayFiP keeps an operation payable that long, the longest of the
 * four providers.
 */
export const PAYMENT_IN_PROGRESS_MS = 20 * 60 * 1000;

/** What decides whether an online attempt still holds its invoice. */
export interface AttemptHold {
  method: string;
  status: string;
  createdAt: Date;
  /** Set when the provider said the payer left, or staff allowed a new attempt. */
  releasedAt: Date | null;
}

/**
 * When a new payment of the invoice becomes possible because of this attempt, or null when it
 * does not hold the invoice (settled, closed, released, or older than the hold).
 */
export function retryAt(attempt: AttemptHold, now: Date): Date | null {
  if (attempt.method !== 'online' || attempt.status !== 'pending' || attempt.releasedAt) return null;
  const until = new Date(attempt.createdAt.getTime() + PAYMENT_IN_PROGRESS_MS);
  return until > now ? until : null;
}

const PARIS_TIME = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });

/** "14 h 35": the Paris time of an instant as French typography writes an hour in a sentence. */
export function frenchClock(instant: Date): string {
  const parts = PARIS_TIME.formatToParts(instant);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? '0');
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  return `${hour}\u00a0h\u00a0${minute}`;
}
/**
 * The debt reference (PayFiP / TIPI `refdet`) and order number of a basket or debt payment, which
 * has no invoice: derived from the payment id, so every attempt has its own, 23 letters and digits.
 */
export const basketRefdet = (paymentId: string) => `PAN${paymentId.replace(/-/g, '').slice(0, 20).toUpperCase()}`;
export const basketOrderNumber = (regieCode: string, paymentId: string) => `PANIER-${regieCode.replace(/[^A-Za-z0-9]/g, '').slice(0, 10)}-${paymentId.replace(/-/g, '').slice(0, 12).toUpperCase()}`;
