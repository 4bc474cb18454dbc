/**
 * The family's cagnotte (GET /cagnotte): the credit left by prepaid days cancelled in time or
 * missed for a reason the town does not bill, deducted from the next baskets. One account per
 * régie. Amounts are integer cents; a movement is signed (+ credit, − use or refund).
 * A day missed for a reason the town does not bill is credited like a cancellation in time
 * (kind `cancellation`, its label says "Absence du …").
 */
import type { CagnotteMovement } from './basket.js';

/** The day a credit comes from, when it comes from one. */
export interface CagnotteDay {
  date: string;
  serviceLabel: string;
  childName: string;
}

/** A movement as the family's account lists it: the movement, the balance after it, where it comes from. */
export interface CagnotteEntry extends CagnotteMovement {
  id: string;
  /** The cagnotte's balance in this régie after the movement. */
  balanceCents: number;
  /** The cancelled or missed day a credit comes from. */
  day: CagnotteDay | null;
  /** The basket the cagnotte was used in. */
  basketId: string | null;
  /** The town hall's note on an adjustment or a refund. */
  note: string | null;
}

/** The cagnotte in one régie, its movements oldest first. */
export interface CagnotteAccount<Entry extends CagnotteEntry = CagnotteEntry> {
  regie: { id: string; code: string; name: string };
  balanceCents: number;
  movements: Entry[];
}

/** GET /cagnotte: the total and one account per régie where the cagnotte ever moved. */
export interface Cagnotte<Entry extends CagnotteEntry = CagnotteEntry> {
  balanceCents: number;
  accounts: CagnotteAccount<Entry>[];
}
