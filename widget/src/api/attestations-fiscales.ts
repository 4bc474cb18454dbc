import { call, type ApiClient } from './client.js';
import type { TaxAttestationList } from '../../../server/src/contracts/index.js';

export type { TaxAttestationList, TaxAttestationSummary } from '../../../server/src/contracts/index.js';

/** The family's published tax attestations (docs/api.md, "Invoices and payments"). Amounts are cents. */
export function getTaxAttestations(client: ApiClient, signal?: AbortSignal): Promise<TaxAttestationList> {
  return call(() => client.http.get('attestations-fiscales', { signal }).json<TaxAttestationList>());
}
