/** The commune's absence reasons: the list families choose from, kept by staff. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { absenceReasons } from '../../db/schema/index.js';
import { audit } from '../../db/audit.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { notFound } from '../../errors.js';

/** The reasons families may choose: removing one only stops offering it, past absences keep it. */
const offered = (tenantId: string) => and(eq(absenceReasons.tenantId, tenantId), eq(absenceReasons.active, true));

export async function listAbsenceReasons(db: Db, tenantId: string) {
  return db
    .select({ id: absenceReasons.id, label: absenceReasons.label })
    .from(absenceReasons)
    .where(offered(tenantId))
    .orderBy(asc(absenceReasons.position), asc(absenceReasons.label));
}

export async function offeredReason(db: Db | Tx, tenantId: string, id: string) {
  const [reason] = await db.select({ id: absenceReasons.id, label: absenceReasons.label }).from(absenceReasons).where(and(offered(tenantId), eq(absenceReasons.id, id)));
  return reason;
}

export async function listReasons(db: Db | Tx, tenantId: string) {
  return db
    .select({ id: absenceReasons.id, label: absenceReasons.label, billed: absenceReasons.billed, position: absenceReasons.position, active: absenceReasons.active })
    .from(absenceReasons)
    .where(eq(absenceReasons.tenantId, tenantId))
    .orderBy(asc(absenceReasons.position), asc(absenceReasons.label));
}

export async function createReason(deps: Deps, staff: StaffContext, input: { label: string; billed: boolean }) {
  await deps.database.db.transaction(async (tx) => {
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${absenceReasons.position}), -1)::int + 1` })
      .from(absenceReasons)
      .where(eq(absenceReasons.tenantId, staff.tenantId));
    const [row] = await tx.insert(absenceReasons).values({ tenantId: staff.tenantId, ...input, position: next }).returning({ id: absenceReasons.id });
    await audit(tx, staff, 'motif_ajoute', row.id, { ...input });
  });
  return listReasons(deps.database.db, staff.tenantId);
}

export async function updateReason(deps: Deps, staff: StaffContext, id: string, change: { label?: string; billed?: boolean; active?: boolean }) {
  await deps.database.db.transaction(async (tx) => {
    const [current] = await tx.select().from(absenceReasons).where(and(eq(absenceReasons.tenantId, staff.tenantId), eq(absenceReasons.id, id))).for('update');
    if (!current) throw notFound('Ce motif d’absence est introuvable.');
    const changed = Object.entries(change).filter(([key, value]) => value !== undefined && value !== current[key as keyof typeof current]);
    if (!changed.length) return;
    await tx.update(absenceReasons).set(Object.fromEntries(changed)).where(and(eq(absenceReasons.tenantId, staff.tenantId), eq(absenceReasons.id, id)));
    await audit(tx, staff, change.active === false && changed.length === 1 ? 'motif_desactive' : 'motif_modifie', id, { libelle: change.label ?? current.label, champs: changed.map(([key]) => key) });
  });
  return listReasons(deps.database.db, staff.tenantId);
}
