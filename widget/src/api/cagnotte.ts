import { call, type ApiClient } from './client.js';
import type { Cagnotte } from '../../../server/src/contracts/index.js';

export type { Cagnotte, CagnotteAccount, CagnotteMovement } from '../../../server/src/contracts/index.js';

/** The family's cagnotte per régie, with its movements (docs/api.md, "Cagnotte"). Amounts are cents. */
export function getCagnotte(client: ApiClient, signal?: AbortSignal): Promise<Cagnotte> {
  return call(() => client.http.get('cagnotte', { signal }).json<Cagnotte>());
}
