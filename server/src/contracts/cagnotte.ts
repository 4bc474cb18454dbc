/**
 * The family's cagnotte (GET /cagnotte): the credit left by prepaid days cancelled in time or
 * missed for a reason the town does not bill, deducted from the next baskets. One account per
 * régie. Amounts are integer cents; a movement is signed (+ credit, − use or refund).
 */

/**
 * Why the cagnotte moved: a paid day cancelled in time (`cancellation`), a paid day missed for a
 * reason that is not billed (`absence`), a basket paid partly or wholly with it (`basket`), a
 * payment that arrived for a basket already given up (`late_payment`), a correction by the town
 * hall (`adjustment`, either sign) or money paid back to the family (`refund`).
 */
export type CagnotteMovementKind = 'cancellation' | 'absence' | 'basket' | 'late_payment' | 'adjustment' | 'refund';

/** The day a credit comes from, when it comes from one. */
export interface CagnotteDay {
  date: string;
  serviceLabel: string;
  childName: string;
}

export interface CagnotteMovement {
  id: string;
  at: string;
  kind: CagnotteMovementKind;
  /** French, ready to show: "Annulation du lundi 14 septembre 2026 – Mercredi – Léa". */
  label: string;
  /** Signed: positive credits the cagnotte, negative uses it. */
  amountCents: number;
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
export interface CagnotteAccount {
  regie: { id: string; code: string; name: string };
  balanceCents: number;
  movements: CagnotteMovement[];
}

/** GET /cagnotte: the total and one account per régie where the cagnotte ever moved. */
export interface Cagnotte {
  balanceCents: number;
  accounts: CagnotteAccount[];
}
