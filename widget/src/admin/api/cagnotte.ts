/**
 * The families' cagnottes (pay at booking): balances per family and régie, one family's
 * movements, and the adjustments and refunds admins write with a note. Amounts are integer cents.
 */
import { query, request, segment } from './client.js';
import type { CagnotteBalance, CagnotteCorrection, FamilyCagnotte, StaffCagnotteEntry } from '../../../../server/src/contracts/staff/index.js';

export type { CagnotteBalance, CagnotteCorrection, FamilyCagnotte, StaffCagnotteEntry };

export const getCagnotteBalances = (regieId?: string, signal?: AbortSignal) => request<CagnotteBalance[]>('get', `cagnotte/balances${query({ regieId })}`, { signal });
export const getFamilyCagnotte = (familyId: string, signal?: AbortSignal) => request<FamilyCagnotte>('get', `families/${segment(familyId)}/cagnotte`, { signal });
export const correctCagnotte = (familyId: string, correction: CagnotteCorrection) =>
  request<FamilyCagnotte>('post', `families/${segment(familyId)}/cagnotte`, { body: correction });
