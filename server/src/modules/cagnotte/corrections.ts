/**
 * The town hall's corrections of a cagnotte: an adjustment (either sign: a credit forgotten, a
 * credit given by mistake) or a refund (the régie pays the credit back to the family, which
 * leaves the cagnotte). Each carries a required note, is written with who made it, and is
 * audited. The cagnotte never goes below zero: the family's row is locked while the balance is
 * read and the movement written, so two corrections (or a correction and a basket checkout, which
 * takes the same lock) cannot both spend the same euro; what a basket being paid counts on is kept.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { transactionWithRetry } from '../../db/retry.js';
import { audit } from '../../db/audit.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { ApiError, notFound } from '../../errors.js';
import { formatEuros } from '../../domain/money.js';
import type { CagnotteCorrection, FamilyCagnotte } from '../../contracts/staff/index.js';
import { familyOf, readStaffCagnotte } from './accounts.js';

/**
 * Locks the family's cagnottes for the rest of the transaction: whoever writes a movement that
 * spends from them (a correction, a basket) takes this lock first, then reads the balance.
 */
export async function lockCagnotte(tx: Tx, tenantId: string, familyId: string): Promise<boolean> {
  const rows = await rowsOf<{ id: string }>(tx, sql`select id from families where tenant_id = ${tenantId} and id = ${familyId} for update`);
  return rows.length > 0;
}

/** The family's cagnotte balance in a régie: the sum of its movements. */
export async function cagnotteBalanceOf(tx: Tx, tenantId: string, familyId: string, regieId: string): Promise<number> {
  const [row] = await rowsOf<{ balance: number }>(
    tx,
    sql`select coalesce(sum(amount_cents), 0)::int as balance from cagnotte_movements where tenant_id = ${tenantId} and family_id = ${familyId} and regie_id = ${regieId}`,
  );
  return Number(row?.balance ?? 0);
}

/**
 * The part of the cagnotte a basket being paid online has already counted on: it leaves the
 * cagnotte when the payment settles, so it cannot be refunded or taken back meanwhile.
 */
async function reservedByPayingBasket(tx: Tx, tenantId: string, familyId: string, regieId: string): Promise<number> {
  const [row] = await rowsOf<{ reserved: number }>(
    tx,
    sql`select coalesce(sum(p.cagnotte_cents), 0)::int as reserved
          from baskets b join payments p on p.tenant_id = b.tenant_id and p.id = b.payment_id
         where b.tenant_id = ${tenantId} and b.family_id = ${familyId} and b.regie_id = ${regieId} and b.status = 'paying'`,
  );
  return Number(row?.reserved ?? 0);
}

/** POST /families/{id}/cagnotte: writes the correction and answers the family's cagnotte. */
export async function correctCagnotte(deps: Pick<Deps, 'database' | 'clock'>, staff: StaffContext, familyId: string, input: CagnotteCorrection): Promise<FamilyCagnotte> {
  const now = deps.clock.now();
  const tenantId = staff.tenantId;
  return transactionWithRetry(deps.database.db, async (tx) => {
    if (!(await lockCagnotte(tx, tenantId, familyId))) throw notFound('Cette famille est introuvable.');
    const [regie] = await rowsOf<{ id: string; code: string }>(tx, sql`select id, code from regies where tenant_id = ${tenantId} and id = ${input.regieId}`);
    if (!regie) throw notFound('Cette régie est introuvable.');

    const balance = await cagnotteBalanceOf(tx, tenantId, familyId, regie.id);
    const reserved = await reservedByPayingBasket(tx, tenantId, familyId, regie.id);
    const available = balance - reserved;
    const pending = reserved > 0 ? ` (dont ${formatEuros(reserved)} comptés dans un panier en cours de paiement)` : '';
    const amount = input.kind === 'refund' ? -input.amountCents : input.amountCents;
    if (input.kind === 'refund' && input.amountCents > available) {
      throw new ApiError(422, 'cagnotte_insuffisante', `Le remboursement dépasse la cagnotte de la famille dans cette régie (${formatEuros(balance)}${pending}).`, {
        fields: { amountCents: `Au plus ${formatEuros(Math.max(0, available))}.` },
      });
    }
    if (available + amount < 0) {
      throw new ApiError(422, 'cagnotte_insuffisante', `La cagnotte ne peut pas devenir négative : elle est de ${formatEuros(balance)} dans cette régie${pending}.`, {
        fields: { amountCents: `Au plus ${formatEuros(Math.max(0, available))} à retirer.` },
      });
    }
    const label = input.kind === 'refund' ? 'Remboursement par la régie' : amount > 0 ? 'Régularisation en votre faveur' : 'Régularisation';
    const [movement] = await rowsOf<{ id: string }>(
      tx,
      sql`
        insert into cagnotte_movements (tenant_id, family_id, regie_id, amount_cents, kind, label, note, staff_user_id, created_at)
        values (${tenantId}, ${familyId}, ${regie.id}, ${amount}, ${input.kind}, ${label}, ${input.note}, ${staff.staffUserId}, ${now.toISOString()}::timestamptz)
        returning id`,
    );
    await audit(tx, staff, input.kind === 'refund' ? 'cagnotte_remboursee' : 'cagnotte_regularisee', familyId, {
      regie: regie.code,
      montantCents: amount,
      soldeCents: balance + amount,
      mouvement: movement.id,
    });
    const family = await familyOf(tx, tenantId, familyId);
    return { family, ...(await readStaffCagnotte(tx, tenantId, familyId)) };
  });
}
