/** Online payment starts at 1 €: providers refuse less, and a smaller debt is settled at the town hall. */
export const MINIMUM_ONLINE_CENTS = 100;

/**
 * An online attempt younger than this is taken as still under way at the provider: no second one
 * on the same invoice meanwhile. PayFiP keeps an operation payable that long, the longest of the
 * four providers.
 */
export const PAYMENT_IN_PROGRESS_MS = 20 * 60 * 1000;

/**
 * The debt reference (PayFiP / TIPI `refdet`) and order number of a basket or debt payment, which
 * has no invoice: derived from the payment id, so every attempt has its own, 23 letters and digits.
 */
export const basketRefdet = (paymentId: string) => `PAN${paymentId.replace(/-/g, '').slice(0, 20).toUpperCase()}`;
export const basketOrderNumber = (regieCode: string, paymentId: string) => `PANIER-${regieCode.replace(/[^A-Za-z0-9]/g, '').slice(0, 10)}-${paymentId.replace(/-/g, '').slice(0, 12).toUpperCase()}`;
