/**
 * Pay at booking on the town hall's side: the baskets waiting for payment, one basket's days,
 * and the commune's delay before an unpaid basket empties itself.
 */
import { request, segment } from './client.js';
import type { BasketSettings, BasketsInProgress, StaffBasket, StaffBasketDetail } from '../../../../server/src/contracts/staff/index.js';

export type { BasketSettings, BasketsInProgress, StaffBasket, StaffBasketDetail };

export const getBaskets = (signal?: AbortSignal) => request<BasketsInProgress>('get', 'baskets', { signal });
export const getBasket = (id: string, signal?: AbortSignal) => request<StaffBasketDetail>('get', `baskets/${segment(id)}`, { signal });
export const getBasketSettings = (signal?: AbortSignal) => request<BasketSettings>('get', 'basket-settings', { signal });
export const saveBasketSettings = (settings: BasketSettings) => request<BasketSettings>('put', 'basket-settings', { body: settings });
