/**
 * Régies: the treasury accounts that collect the families' money, each with its own invoice
 * numbering. The code goes into every invoice number and PayFiP reference, so it is fixed once an
 * invoice of the régie has been numbered.
 */
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { invoices, regies } from '../../db/schema/index.js';
import { isUniqueViolation } from '../../db/retry.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { ApiError, notFound } from '../../errors.js';
import { audit } from '../../db/audit.js';
import type { RegieInput } from '../../contracts/staff/index.js';

export type RegieChange = Partial<RegieInput> & { active?: boolean };


/** French names of the audit actions of billing, for the history of changes. */
export const BILLING_AUDIT_LABELS: Record<string, string> = {
  regie_creee: 'Régie créée',
  regie_modifiee: 'Régie modifiée',
  tarif_modifie: 'Tarif d’un service modifié',
  facturation_calculee: 'Facturation calculée (aperçu)',
  facturation_publiee: 'Facturation publiée',
  facturation_abandonnee: 'Aperçu de facturation abandonné',
  avoir_emis: 'Avoir émis',
  paiement_enregistre: 'Paiement enregistré au guichet',
  payment_settings_updated: 'Paiement en ligne configuré',
};

type RegieRow = typeof regies.$inferSelect;

const view = (row: RegieRow, codeLocked: boolean) => ({
  id: row.id,
  code: row.code,
  name: row.name,
  payfipNumcli: row.payfipNumcli,
  dueDays: row.dueDays,
  paymentInstructions: row.paymentInstructions,
  active: row.active,
  /** The code can no longer change: an invoice of this régie carries it in its number. */
  codeLocked,
  createdAt: row.createdAt.toISOString(),
});

export type RegieView = ReturnType<typeof view>;

/** Whether an invoice of the régie (outer row) is numbered. */
const numbered = sql<boolean>`exists (select 1 from invoices n where n.tenant_id = ${regies.tenantId} and n.regie_id = ${regies.id} and n.number is not null)`;

export async function listRegies(db: Db | Tx, tenantId: string): Promise<RegieView[]> {
  const rows = await db
    .select({ regie: regies, codeLocked: numbered })
    .from(regies)
    .where(eq(regies.tenantId, tenantId))
    .orderBy(asc(regies.createdAt), asc(regies.code));
  return rows.map((r) => view(r.regie, Boolean(r.codeLocked)));
}

/** One régie of the commune (404 for an id of another commune). */
export async function findRegie(db: Db | Tx, tenantId: string, regieId: string, lock = false): Promise<RegieRow> {
  const query = db.select().from(regies).where(and(eq(regies.tenantId, tenantId), eq(regies.id, regieId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('Cette régie est introuvable.');
  return row;
}

/** The régie of the services that name none: the commune's oldest active one. */
export async function defaultRegieId(db: Db | Tx, tenantId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: regies.id })
    .from(regies)
    .where(and(eq(regies.tenantId, tenantId), eq(regies.active, true)))
    .orderBy(asc(regies.createdAt), asc(regies.id))
    .limit(1);
  return row?.id ?? null;
}

const duplicateCode = () => new ApiError(409, 'code_existant', 'Une autre régie de la commune porte déjà ce code.', { fields: { code: 'Ce code est déjà utilisé par une autre régie.' } });

export async function createRegie(deps: Pick<Deps, 'database'>, staff: StaffContext, input: RegieInput): Promise<RegieView> {
  try {
    return await deps.database.db.transaction(async (tx) => {
      const [row] = await tx.insert(regies).values({ tenantId: staff.tenantId, ...input }).returning();
      await audit(tx, staff, 'regie_creee', row.id, { code: row.code, nom: row.name });
      return view(row, false);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateCode();
    throw err;
  }
}

export async function updateRegie(deps: Pick<Deps, 'database'>, staff: StaffContext, regieId: string, change: RegieChange): Promise<RegieView> {
  try {
    return await deps.database.db.transaction(async (tx) => {
      const current = await findRegie(tx, staff.tenantId, regieId, true);
      const [locked] = await tx
        .select({ id: invoices.id })
        .from(invoices)
        .where(and(eq(invoices.tenantId, staff.tenantId), eq(invoices.regieId, regieId), isNotNull(invoices.number)))
        .limit(1);
      if (change.code !== undefined && change.code !== current.code && locked) {
        throw new ApiError(409, 'code_fige', 'Le code de cette régie ne peut plus changer : il figure déjà dans des numéros de facture.', {
          fields: { code: 'Code figé : des factures de cette régie sont déjà numérotées.' },
        });
      }
      const changed = Object.entries(change).filter(([key, value]) => value !== undefined && value !== current[key as keyof RegieRow]).map(([key]) => key);
      if (!changed.length) return view(current, Boolean(locked));
      const [row] = await tx
        .update(regies)
        .set(change)
        .where(and(eq(regies.tenantId, staff.tenantId), eq(regies.id, regieId)))
        .returning();
      await audit(tx, staff, 'regie_modifiee', regieId, { code: row.code, champs: changed });
      return view(row, Boolean(locked));
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateCode();
    throw err;
  }
}
