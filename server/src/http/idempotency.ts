import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { idempotencyKeys } from '../db/schema/index.js';
import { ApiError } from './errors.js';

const KEY = /^[A-Za-z0-9_-]{8,100}$/;

export function idempotencyKeyOf(header: string | undefined): string {
  if (!header || !KEY.test(header)) {
    throw new ApiError(400, 'cle_idempotence_manquante', 'Cette requête doit porter un en-tête Idempotency-Key (8 à 100 caractères : lettres, chiffres, - et _).');
  }
  return header;
}

export const requestHash = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex');

export interface Idempotent {
  tenantId: string;
  actor: string;
  key: string;
  hash: string;
}

const reused = () =>
  new ApiError(409, 'cle_idempotence_reutilisee', 'Cette clé d’idempotence a déjà servi pour une autre requête. Réessayez avec une nouvelle clé.');

/** The answer already given for this key, or null; a key reused with another body is refused. */
export async function storedAnswer(db: Db | Tx, request: Idempotent): Promise<{ status: number; response: unknown } | null> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.tenantId, request.tenantId), eq(idempotencyKeys.actor, request.actor), eq(idempotencyKeys.key, request.key)));
  if (!row) return null;
  if (row.requestHash !== request.hash) throw reused();
  return { status: row.status, response: row.response };
}

/**
 * Claims the key inside the caller's transaction. False when another request holding the same key
 * committed first (the insert waited for it): the caller then answers with the stored response.
 */
export async function claimKey(tx: Tx, request: Idempotent, now: Date): Promise<boolean> {
  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ tenantId: request.tenantId, actor: request.actor, key: request.key, requestHash: request.hash, status: 0, response: {}, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: idempotencyKeys.id });
  return claimed.length === 1;
}

export async function saveAnswer(tx: Tx, request: Idempotent, status: number, response: unknown) {
  await tx
    .update(idempotencyKeys)
    .set({ status, response })
    .where(and(eq(idempotencyKeys.tenantId, request.tenantId), eq(idempotencyKeys.actor, request.actor), eq(idempotencyKeys.key, request.key)));
}
