import { and, eq, gt, isNull, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { oneTimeCodes } from '../../db/schema/index.js';
import { newActivationCode, newToken, normaliseActivationCode, sha256 } from '../../security/tokens.js';

/** Activation letters travel by post: their code stays valid 60 days, once. */
export const ACTIVATION_TTL_MS = 60 * 24 * 60 * 60 * 1000;
export const STAFF_ACTIVATION_TTL_MS = 72 * 60 * 60 * 1000;

export const activationCodeHash = (typed: string) => sha256('activation:' + normaliseActivationCode(typed));
export const staffActivationHash = (token: string) => sha256('staff:' + token);

/** Issues a fresh activation code for a family; the plain code is returned once, for the letter. */
export async function issueFamilyActivationCode(tx: Tx | Db, tenantId: string, familyId: string, now: Date): Promise<{ code: string; expiresAt: Date }> {
  const code = newActivationCode();
  const expiresAt = new Date(now.getTime() + ACTIVATION_TTL_MS);
  await tx.insert(oneTimeCodes).values({ tenantId, familyId, purpose: 'activation', codeHash: activationCodeHash(code), expiresAt });
  return { code, expiresAt };
}

/** Issues a single-use link token for a staff member to choose a password. */
export async function issueStaffActivationToken(tx: Tx | Db, tenantId: string, staffUserId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + STAFF_ACTIVATION_TTL_MS);
  await tx.insert(oneTimeCodes).values({ tenantId, staffUserId, purpose: 'staff_activation', codeHash: staffActivationHash(token), expiresAt });
  return { token, expiresAt };
}

/**
 * Spends a single-use code: marks it used only if it is unused and unexpired, in one statement,
 * so two requests racing with the same code cannot both succeed. Returns whose code it was, or
 * null (unknown, used, expired or not matching `extra`: the caller answers the same in every case).
 */
export async function consumeCode(
  tx: Tx,
  code: { purpose: 'activation' | 'reset' | 'staff_activation'; hash: string; tenantId?: string; extra?: SQL },
  now: Date,
) {
  const [row] = await tx
    .update(oneTimeCodes)
    .set({ usedAt: now })
    .where(
      and(
        code.tenantId ? eq(oneTimeCodes.tenantId, code.tenantId) : undefined,
        eq(oneTimeCodes.codeHash, code.hash),
        eq(oneTimeCodes.purpose, code.purpose),
        isNull(oneTimeCodes.usedAt),
        gt(oneTimeCodes.expiresAt, now),
        code.extra,
      ),
    )
    .returning({ tenantId: oneTimeCodes.tenantId, familyId: oneTimeCodes.familyId, staffUserId: oneTimeCodes.staffUserId });
  return row ?? null;
}

/**
 * The single-use link a new staff member opens to choose a password. The token sits in the
 * fragment, so it never reaches a server log, a proxy or a Referer header.
 */
export function staffActivationLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/admin/activation#${token}`;
}
