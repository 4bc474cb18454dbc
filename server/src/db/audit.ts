import type { Db, Tx } from './client.js';
import { auditLog } from './schema/index.js';

/**
 * Writes one row of the commune's audit history, in the caller's transaction when it passes one,
 * so the row commits with the action it records; an actor without staffUserId is the platform itself. Details never hold a secret or personal data.
 */
export async function audit(db: Db | Tx, actor: { tenantId: string; staffUserId?: string | null }, action: string, target: string | null, details: Record<string, unknown> = {}) {
  await db.insert(auditLog).values({ tenantId: actor.tenantId, staffUserId: actor.staffUserId ?? null, action, target, details });
}
