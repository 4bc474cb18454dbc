import { call, type ApiClient } from './client.js';
import type { TenantConfig } from '../../../server/src/contracts/index.js';

export type { TenantColors, TenantConfig } from '../../../server/src/contracts/index.js';

const cache = new Map<string, Promise<TenantConfig>>();

/**
 * GET /config. Public and identical for every element of the page, so sibling elements share
 * one request; it is therefore not tied to one element's abort signal, and a failure is not
 * cached.
 */
export function getConfig(client: ApiClient): Promise<TenantConfig> {
  let pending = cache.get(client.key);
  if (!pending) {
    pending = call(() => client.http.get('config').json<TenantConfig>());
    pending.catch(() => cache.delete(client.key));
    cache.set(client.key, pending);
  }
  return pending;
}
