/** Online payment starts at 1 €: providers refuse less, and a smaller debt is settled at the town hall. */
export const MINIMUM_ONLINE_CENTS = 100;

/**
 * An online attempt younger than this is taken as still under way at the provider: no second one
 * on the same invoice meanwhile. PayFiP keeps an operation payable that long, the longest of the
 * four providers.
 */
export const PAYMENT_IN_PROGRESS_MS = 20 * 60 * 1000;
