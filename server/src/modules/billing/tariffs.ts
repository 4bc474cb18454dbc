/**
 * Tariffs of the services: the régie that invoices each one, the price of a day (base price,
 * quotient-familial brackets, sibling discounts) and what is billed besides booked days.
 * The shape is checked by the pricing rules themselves, whose French messages go back as is.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { regies, services, type ServiceTariff } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { ApiError, notFound } from '../../errors.js';
import { validateTariff, type RankDiscount, type Tariff, type TariffBracket } from '../../domain/pricing.js';
import { defaultRegieId, findRegie } from './regies.js';
import { audit } from '../../db/audit.js';

export interface TariffChange {
  regieId?: string | null;
  basePriceCents?: number;
  brackets?: TariffBracket[];
  rankDiscounts?: RankDiscount[];
  lateCancellationBilled?: boolean;
  waitlistedBilled?: boolean;
  childcareTaxCredit?: boolean;
}

type ServiceRow = typeof services.$inferSelect;

/** The pricing rules' view of a service's tariff. */
export const tariffOf = (service: Pick<ServiceRow, 'priceCents' | 'tariff'>): Tariff => ({
  basePriceCents: service.priceCents,
  brackets: service.tariff.brackets ?? [],
  rankDiscounts: service.tariff.rankDiscounts ?? [],
});

function view(service: ServiceRow, regie: { id: string; code: string; name: string } | null, regieIsDefault: boolean) {
  const tariff = tariffOf(service);
  return {
    id: service.id,
    label: service.label,
    groupLabel: service.groupLabel,
    active: service.active,
    priceCents: service.priceCents,
    /** The régie named by the service (null: the commune's default régie, given in `regie`). */
    regieId: service.regieId,
    regie: regie ? { ...regie, isDefault: regieIsDefault } : null,
    tariff: { basePriceCents: tariff.basePriceCents, brackets: tariff.brackets!, rankDiscounts: tariff.rankDiscounts! },
    lateCancellationBilled: service.lateCancellationBilled,
    waitlistedBilled: service.waitlistedBilled,
    childcareTaxCredit: service.childcareTaxCredit,
  };
}

/** Every service of the commune with its tariff and the régie that invoices it. */
export async function listTariffs(db: Db | Tx, tenantId: string, only?: string) {
  const [rows, regieRows, fallback] = await Promise.all([
    db
      .select()
      .from(services)
      .where(and(eq(services.tenantId, tenantId), only ? eq(services.id, only) : undefined))
      .orderBy(asc(services.position), asc(services.label)),
    db.select({ id: regies.id, code: regies.code, name: regies.name }).from(regies).where(eq(regies.tenantId, tenantId)),
    defaultRegieId(db, tenantId),
  ]);
  const byId = new Map(regieRows.map((r) => [r.id, r]));
  return rows.map((s) => {
    const regieId = s.regieId ?? fallback;
    return view(s, regieId ? (byId.get(regieId) ?? null) : null, s.regieId === null);
  });
}

export async function readTariff(db: Db | Tx, tenantId: string, serviceId: string) {
  const [service] = await listTariffs(db, tenantId, serviceId);
  if (!service) throw notFound('Ce service est introuvable.');
  return service;
}

/** Checks one part of the tariff with the pricing rules; a RangeError becomes a field error. */
function check(field: string, tariff: Tariff, fields: Record<string, string>) {
  try {
    validateTariff(tariff);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    fields[field] = err.message;
  }
}

export async function updateTariff(deps: Pick<Deps, 'database'>, staff: StaffContext, serviceId: string, change: TariffChange) {
  const { db } = deps.database;
  await db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(services)
      .where(and(eq(services.tenantId, staff.tenantId), eq(services.id, serviceId)))
      .for('update');
    if (!current) throw notFound('Ce service est introuvable.');
    if (change.regieId) await findRegie(tx, staff.tenantId, change.regieId);

    const basePriceCents = change.basePriceCents ?? current.priceCents;
    const next: ServiceTariff = {
      brackets: change.brackets ?? current.tariff.brackets ?? [],
      rankDiscounts: change.rankDiscounts ?? current.tariff.rankDiscounts ?? [],
    };
    const fields: Record<string, string> = {};
    check('basePriceCents', { basePriceCents }, fields);
    check('brackets', { basePriceCents: 0, brackets: next.brackets }, fields);
    check('rankDiscounts', { basePriceCents: 0, rankDiscounts: next.rankDiscounts }, fields);
    if (Object.keys(fields).length) throw new ApiError(422, 'validation', 'Ce tarif n’est pas valide.', { fields });

    await tx
      .update(services)
      .set({
        priceCents: basePriceCents,
        tariff: next,
        ...(change.regieId !== undefined ? { regieId: change.regieId } : {}),
        ...(change.lateCancellationBilled !== undefined ? { lateCancellationBilled: change.lateCancellationBilled } : {}),
        ...(change.waitlistedBilled !== undefined ? { waitlistedBilled: change.waitlistedBilled } : {}),
        ...(change.childcareTaxCredit !== undefined ? { childcareTaxCredit: change.childcareTaxCredit } : {}),
      })
      .where(and(eq(services.tenantId, staff.tenantId), eq(services.id, serviceId)));
    await audit(tx, staff, 'tarif_modifie', serviceId, { service: current.label, champs: Object.keys(change) });
  });
  return readTariff(db, staff.tenantId, serviceId);
}
