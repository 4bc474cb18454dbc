import { call, postOnce, JSON_CONTENT, type ApiClient } from './client.js';
import type { Basket, BasketCheckout, BasketCheckoutBody } from './panier-types.js';

export type { Basket, BasketCheckout, BasketLine, DroppedLine } from './panier-types.js';

/** Calls of the "Basket (pay at booking)" section of docs/api.md. Amounts are cents, computed by the server. */

export function getBasket(client: ApiClient, signal?: AbortSignal): Promise<Basket> {
  return call(() => client.http.get('panier', { signal }).json<Basket>());
}

/** Takes one line out of the basket, releasing its place; answers the basket as it is now. */
export function removeLine(client: ApiClient, lineId: string, signal?: AbortSignal): Promise<Basket> {
  return call(() =>
    client.http.delete(`panier/lignes/${encodeURIComponent(lineId)}`, { headers: JSON_CONTENT, retry: 0, signal }).json<Basket>(),
  );
}

/**
 * Pays the basket (its lines, less the cagnotte, plus the solde) or, with `debtOnly`, the solde
 * alone: the server computes the amount, and answers where to pay or that nothing was left to pay.
 */
export function checkout(
  client: ApiClient,
  body: BasketCheckoutBody,
  idempotencyKey: string,
  signal?: AbortSignal,
): Promise<BasketCheckout> {
  return postOnce(client, 'panier/paiement', body, idempotencyKey, signal);
}
