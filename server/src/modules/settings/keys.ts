/** The public keys that name the commune in the widget's script tag; two at most, for a rotation. */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { publicKeys } from '../../db/schema/index.js';
import { ApiError, notFound } from '../../errors.js';
import type { StaffContext } from '../../actors.js';
import { lockTenant, newPublicKey } from '../tenants/service.js';
import { audit } from '../../db/audit.js';

export const MAX_ACTIVE_KEYS = 2;

export async function listKeys(deps: Deps, tenantId: string) {
  const rows = await deps.database.db
    .select({ id: publicKeys.id, key: publicKeys.key, label: publicKeys.label, createdAt: publicKeys.createdAt, revokedAt: publicKeys.revokedAt })
    .from(publicKeys)
    .where(eq(publicKeys.tenantId, tenantId))
    .orderBy(desc(publicKeys.createdAt), publicKeys.key);
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), revokedAt: row.revokedAt?.toISOString() ?? null, active: !row.revokedAt }));
}

export async function createKey(deps: Deps, staff: StaffContext, label: string | undefined) {
  await deps.database.db.transaction(async (tx) => {
    await lockTenant(tx, staff.tenantId);
    const keys = await tx.select({ key: publicKeys.key, revokedAt: publicKeys.revokedAt }).from(publicKeys).where(eq(publicKeys.tenantId, staff.tenantId));
    if (keys.filter((k) => !k.revokedAt).length >= MAX_ACTIVE_KEYS) {
      throw new ApiError(
        409,
        'trop_de_cles',
        'Deux clés sont déjà actives, le maximum pendant une rotation. Mettez à jour le site de la commune avec la nouvelle clé, puis révoquez l’ancienne avant d’en créer une autre.',
      );
    }
    // A demo tenant keeps test keys, a real one live keys.
    const mode = keys.some((k) => k.key.startsWith('pk_test_')) && !keys.some((k) => k.key.startsWith('pk_live_')) ? 'test' : 'live';
    const key = newPublicKey(mode);
    const [row] = await tx
      .insert(publicKeys)
      .values({ tenantId: staff.tenantId, key, label: label ?? `Clé du ${deps.clock.now().toISOString().slice(0, 10)}` })
      .returning({ id: publicKeys.id });
    await audit(tx, staff, 'cle_creee', row.id, { cle: key });
  });
  return listKeys(deps, staff.tenantId);
}

export async function revokeKey(deps: Deps, staff: StaffContext, id: string, confirmLast: boolean) {
  await deps.database.db.transaction(async (tx) => {
    await lockTenant(tx, staff.tenantId);
    const keys = await tx.select({ id: publicKeys.id, key: publicKeys.key, revokedAt: publicKeys.revokedAt }).from(publicKeys).where(eq(publicKeys.tenantId, staff.tenantId));
    const key = keys.find((k) => k.id === id);
    if (!key) throw notFound('Cette clé n’existe pas.');
    if (key.revokedAt) throw new ApiError(409, 'cle_deja_revoquee', 'Cette clé est déjà révoquée.');
    if (keys.filter((k) => !k.revokedAt).length === 1 && !confirmLast) {
      throw new ApiError(
        409,
        'derniere_cle',
        'C’est la dernière clé active : une fois révoquée, le portail cessera de fonctionner sur le site de la commune. Confirmez pour la révoquer quand même.',
      );
    }
    await tx.update(publicKeys).set({ revokedAt: deps.clock.now() }).where(and(eq(publicKeys.tenantId, staff.tenantId), eq(publicKeys.id, id), isNull(publicKeys.revokedAt)));
    await audit(tx, staff, 'cle_revoquee', id, { cle: key.key, derniere: confirmLast || undefined });
  });
  return listKeys(deps, staff.tenantId);
}
