/**
 * The families' cagnottes as the town hall sees them: balances per family and régie, one
 * family's movements, and the corrections staff make (an adjustment of either sign or a refund),
 * each with its required note. Amounts are integer cents.
 */
import type { Cagnotte, CagnotteEntry } from '../cagnotte.js';
import type { StaffCagnotteMovement } from './basket.js';

/** GET /cagnotte/balances: one row per family and régie whose cagnotte is not empty. */
export interface CagnotteBalance {
  family: { id: string; number: string; name: string };
  regie: { id: string; code: string; name: string };
  balanceCents: number;
  lastMovementAt: string;
}

/** A movement as staff read it: the family's entry, plus who wrote a correction and whether the régie must look at it. */
export interface StaffCagnotteEntry extends CagnotteEntry, StaffCagnotteMovement {}

/** GET /families/{id}/cagnotte: the family's cagnotte as the family sees it, and who wrote each correction. */
export interface FamilyCagnotte extends Cagnotte<StaffCagnotteEntry> {
  family: { id: string; number: string; name: string };
}

/**
 * POST /families/{id}/cagnotte: `adjustment` adds (positive) or removes (negative) an amount;
 * `refund` records money paid back to the family (positive, at most the balance). The note says why.
 */
export interface CagnotteCorrection {
  regieId: string;
  kind: 'adjustment' | 'refund';
  amountCents: number;
  note: string;
}
