import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from './client.js';
import { idempotencyKeys } from './schema/index.js';
import { ApiError } from '../errors.js';

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

class AlreadyAnswered extends Error {}

/**
 * Runs `work` in a transaction whose answer is stored under the key, in that same transaction:
 * the effects and the stored answer commit together or not at all. When the key is already taken
 * (a replay, or a twin request that committed first), the transaction is rolled back and the
 * stored answer is returned instead; the same key with another body is a 409.
 */
export async function idempotent<T>(
  db: Db,
  request: Idempotent,
  run: (work: (tx: Tx) => Promise<T>) => Promise<T>,
  work: (tx: Tx) => Promise<{ status: number; answer: T; now: Date }>,
): Promise<T> {
  try {
    return await run(async (tx) => {
      const { status, answer, now } = await work(tx);
      const saved = await tx
        .insert(idempotencyKeys)
        .values({ tenantId: request.tenantId, actor: request.actor, key: request.key, requestHash: request.hash, status, response: answer as object, createdAt: now })
        .onConflictDoNothing()
        .returning({ id: idempotencyKeys.id });
      if (saved.length === 0) throw new AlreadyAnswered();
      return answer;
    });
  } catch (err) {
    if (!(err instanceof AlreadyAnswered)) throw err;
    return (await storedAnswer(db, request))!.response as T;
  }
}

/**
 * Stores an answer under the key inside the caller's transaction, for the writes that decide for
 * themselves whether to answer now; false when a twin request stored its answer first (the caller
 * then rolls back and answers the stored one).
 */
export async function storeAnswer(tx: Tx, request: Idempotent, status: number, answer: unknown, now: Date): Promise<boolean> {
  const saved = await tx
    .insert(idempotencyKeys)
    .values({ tenantId: request.tenantId, actor: request.actor, key: request.key, requestHash: request.hash, status, response: answer as object, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: idempotencyKeys.id });
  return saved.length > 0;
}
