import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { cagnotteMovements, type CagnotteKind } from '../../db/schema/index.js';

// ---------------------------------------------------------------------------------------------
// The cagnotte: the family's credit in a régie (prepaid days cancelled in time, payments that came
// after their basket expired, staff corrections). Its balance is the sum of its movements; every
// movement goes through recordCagnotteMovement, in the caller's transaction.
// ---------------------------------------------------------------------------------------------

export interface CagnotteMovementInput {
  familyId: string;
  regieId: string;
  /** Signed cents: + credit, − use or refund. Never 0. */
  amountCents: number;
  kind: CagnotteKind;
  /** What the family reads. */
  label: string;
  bookingId?: string | null;
  basketId?: string | null;
  paymentId?: string | null;
  note?: string | null;
  staffUserId?: string | null;
  /** For the régie to look at (a payment credited because its basket had expired). */
  flagged?: boolean;
  at: Date;
}

/**
 * Records one movement. A basket uses the cagnotte once and a late payment is credited once
 * (unique per kind and basket / payment): a second call for the same one changes nothing and
 * answers false.
 */
export async function recordCagnotteMovement(tx: Tx, tenantId: string, input: CagnotteMovementInput): Promise<boolean> {
  if (input.amountCents === 0) return false;
  const inserted = await tx
    .insert(cagnotteMovements)
    .values({
      tenantId,
      familyId: input.familyId,
      regieId: input.regieId,
      amountCents: input.amountCents,
      kind: input.kind,
      label: input.label,
      bookingId: input.bookingId ?? null,
      basketId: input.basketId ?? null,
      paymentId: input.paymentId ?? null,
      note: input.note ?? null,
      staffUserId: input.staffUserId ?? null,
      flagged: input.flagged ?? false,
      createdAt: input.at,
    })
    .onConflictDoNothing()
    .returning({ id: cagnotteMovements.id });
  return inserted.length > 0;
}

/** The family's cagnotte in a régie (cents, ≥ 0 in normal use), or in all régies when regieId is omitted. */
export async function cagnotteBalance(db: Db | Tx, tenantId: string, familyId: string, regieId?: string): Promise<number> {
  const [row] = await db
    .select({ balance: sql<string>`coalesce(sum(${cagnotteMovements.amountCents}), 0)` })
    .from(cagnotteMovements)
    .where(and(eq(cagnotteMovements.tenantId, tenantId), eq(cagnotteMovements.familyId, familyId), regieId ? eq(cagnotteMovements.regieId, regieId) : undefined));
  return Number(row?.balance ?? 0);
}
