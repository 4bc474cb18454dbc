import { call, postOnce, JSON_CONTENT, type ApiClient } from './client.js';
import type { BasketCheckout, BasketCheckoutBody, BasketPaymentView, Panier } from '../../../server/src/contracts/index.js';

export type { Basket, BasketCheckout, BasketLine, BasketPaymentView, DroppedLine, Panier } from '../../../server/src/contracts/index.js';

/** Calls of the "Basket (pay at booking)" section of docs/api.md. Amounts are cents, computed by the server. */

export function getPanier(client: ApiClient, signal?: AbortSignal): Promise<Panier> {
  return call(() => client.http.get('panier', { signal }).json<Panier>());
}

/** Takes one line out of the basket, releasing its place. */
export function removeLine(client: ApiClient, lineId: string, signal?: AbortSignal): Promise<unknown> {
  return call(async () => {
    const response = await client.http.delete(`panier/lignes/${encodeURIComponent(lineId)}`, { headers: JSON_CONTENT, retry: 0, signal });
    return response.status === 204 ? null : response.json();
  });
}

/**
 * Pays the basket of one régie (its lines, less the cagnotte, plus the solde) or, when it holds no
 * line, the solde alone: the server computes the amount, and answers where to pay, that nothing
 * was left to pay, or that lines were dropped meanwhile.
 */
export function checkout(
  client: ApiClient,
  body: BasketCheckoutBody,
  idempotencyKey: string,
  signal?: AbortSignal,
): Promise<BasketCheckout> {
  return postOnce(client, 'panier/paiement', body, idempotencyKey, signal);
}

/** A basket or debt payment as the server verified it (a pending one is first asked of its provider). */
export function getBasketPayment(client: ApiClient, id: string, signal?: AbortSignal): Promise<BasketPaymentView> {
  return call(() => client.http.get(`panier/paiements/${encodeURIComponent(id)}`, { signal }).json<BasketPaymentView>());
}
