import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import type { StaffContext } from '../../actors.js';
import { audit } from '../../db/audit.js';
import { baskets, families, regies, settings } from '../../db/schema/index.js';
import { notFound } from '../../errors.js';
import { basketLines, lineViews } from './view.js';
import type { Staff } from '../../contracts/index.js';

// The town hall's view of the baskets waiting for payment, and the commune's basket delay.

const columns = {
  id: baskets.id,
  familyId: families.id,
  familyNumber: families.familyNumber,
  familyName: families.name,
  regieCode: regies.code,
  regieName: regies.name,
  status: baskets.status,
  expiresAt: baskets.expiresAt,
  updatedAt: baskets.updatedAt,
  paymentId: baskets.paymentId,
  lineCount: sql<number>`(select count(*)::int from basket_lines l where l.tenant_id = ${baskets.tenantId} and l.basket_id = ${baskets.id})`,
  linesCents: sql<number>`(select coalesce(sum(l.price_cents), 0)::int from basket_lines l where l.tenant_id = ${baskets.tenantId} and l.basket_id = ${baskets.id})`,
};

type Row = Awaited<ReturnType<typeof query>>[number];

const view = (r: Row): Staff.StaffBasket => ({
  id: r.id,
  family: { id: r.familyId, number: r.familyNumber, name: r.familyName },
  regie: { code: r.regieCode, name: r.regieName },
  status: r.status === 'paying' ? 'paying' : 'open',
  lineCount: r.lineCount,
  linesCents: r.linesCents,
  expiresAt: r.expiresAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  paymentId: r.status === 'paying' ? r.paymentId : null,
});

function query(db: Db | Tx, tenantId: string, id?: string) {
  return db
    .select(columns)
    .from(baskets)
    .innerJoin(families, and(eq(families.tenantId, baskets.tenantId), eq(families.id, baskets.familyId)))
    .innerJoin(regies, and(eq(regies.tenantId, baskets.tenantId), eq(regies.id, baskets.regieId)))
    .where(and(eq(baskets.tenantId, tenantId), inArray(baskets.status, ['open', 'paying']), id ? eq(baskets.id, id) : undefined))
    .orderBy(asc(baskets.expiresAt));
}

/** GET /baskets: the baskets in progress (with at least one line), soonest to expire first. */
export async function listBaskets(db: Db, tenantId: string): Promise<Staff.BasketsInProgress> {
  const rows = (await query(db, tenantId));
  return { baskets: rows.filter((r) => r.lineCount > 0).map(view) };
}

/** GET /baskets/{id}: one basket in progress and its lines. */
export async function basketDetail(db: Db, tenantId: string, id: string): Promise<Staff.StaffBasketDetail> {
  const [row] = (await query(db, tenantId, id));
  if (!row) throw notFound('Ce panier est introuvable (payé, expiré ou vidé).');
  return { ...view(row), lines: await lineViews(db, tenantId, await basketLines(db, tenantId, id)) };
}

export async function readBasketSettings(db: Db, tenantId: string): Promise<Staff.BasketSettings> {
  const [row] = await db.select({ hours: settings.basketExpiryHours }).from(settings).where(eq(settings.tenantId, tenantId));
  return { expiryHours: row?.hours ?? 48 };
}

/** PUT /basket-settings (admins): the delay applies to the baskets changed from now on. Audited. */
export async function saveBasketSettings(db: Db, staff: StaffContext, input: Staff.BasketSettings): Promise<Staff.BasketSettings> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ hours: settings.basketExpiryHours }).from(settings).where(eq(settings.tenantId, staff.tenantId)).for('update');
    if (!before) throw notFound('Cette commune est introuvable.');
    if (before.hours === input.expiryHours) return;
    await tx.update(settings).set({ basketExpiryHours: input.expiryHours }).where(eq(settings.tenantId, staff.tenantId));
    await audit(tx, staff, 'panier_delai_modifie', null, { avant: before.hours, apres: input.expiryHours });
  });
  return readBasketSettings(db, staff.tenantId);
}
