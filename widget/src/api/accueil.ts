import { call, type ApiClient } from './client.js';
import type { HomeSummary } from '../../../server/src/contracts/index.js';

export type { HomeSummary, PendingRequest, UpcomingChild } from '../../../server/src/contracts/index.js';

/** GET /accueil: balance due, the coming week per child, requests awaiting the town. */
export function getHomeSummary(client: ApiClient, signal?: AbortSignal): Promise<HomeSummary> {
  return call(() => client.http.get('accueil', { signal }).json<HomeSummary>());
}
