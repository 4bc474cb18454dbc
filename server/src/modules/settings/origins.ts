/** The town sites allowed to embed the widget (the browser's Origin, checked on every request to the tenant API). */
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { allowedOrigins } from '../../db/schema/index.js';
import { ApiError, notFound } from '../../errors.js';
import type { StaffContext } from '../../actors.js';
import { lockTenant, normaliseOrigin } from '../tenants/service.js';
import { audit } from '../../db/audit.js';

export const MAX_ORIGINS = 20;

export async function listOrigins(deps: Deps, tenantId: string) {
  const rows = await deps.database.db
    .select({ id: allowedOrigins.id, origin: allowedOrigins.origin, createdAt: allowedOrigins.createdAt })
    .from(allowedOrigins)
    .where(eq(allowedOrigins.tenantId, tenantId))
    .orderBy(allowedOrigins.origin);
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

export const ORIGIN_HINT = 'Indiquez une origine exacte, par exemple https://www.ville.fr (https, sans chemin ni barre finale).';

export async function addOrigin(deps: Deps, staff: StaffContext, typed: string) {
  const origin = normaliseOrigin(typed);
  if (!origin) throw new ApiError(422, 'origine_invalide', `Cette origine n’est pas valable. ${ORIGIN_HINT}`, { fields: { origin: ORIGIN_HINT } });
  await deps.database.db.transaction(async (tx) => {
    await lockTenant(tx, staff.tenantId);
    const rows = await tx.select({ origin: allowedOrigins.origin }).from(allowedOrigins).where(eq(allowedOrigins.tenantId, staff.tenantId));
    if (rows.some((row) => row.origin === origin)) throw new ApiError(409, 'origine_existante', 'Cette origine est déjà autorisée.', { fields: { origin: 'Cette origine est déjà autorisée.' } });
    if (rows.length >= MAX_ORIGINS) throw new ApiError(409, 'trop_d_origines', `Une commune peut autoriser au plus ${MAX_ORIGINS} origines. Supprimez-en une avant d’en ajouter une autre.`);
    const [row] = await tx.insert(allowedOrigins).values({ tenantId: staff.tenantId, origin }).returning({ id: allowedOrigins.id });
    await audit(tx, staff, 'origine_ajoutee', row.id, { origine: origin });
  });
  return listOrigins(deps, staff.tenantId);
}

export async function removeOrigin(deps: Deps, staff: StaffContext, id: string) {
  await deps.database.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(allowedOrigins)
      .where(and(eq(allowedOrigins.tenantId, staff.tenantId), eq(allowedOrigins.id, id)))
      .returning({ origin: allowedOrigins.origin });
    if (!row) throw notFound('Cette origine n’existe pas ou a déjà été supprimée.');
    await audit(tx, staff, 'origine_supprimee', id, { origine: row.origin });
  });
  return listOrigins(deps, staff.tenantId);
}
