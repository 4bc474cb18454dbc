import { and, eq, isNull } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { oneTimeCodes, staffSessions, staffUsers, tenants } from '../../db/schema/index.js';
import { ApiError } from '../../errors.js';
import type { StaffContext } from '../../actors.js';
import { audit } from '../../db/audit.js';
import { newToken, sha256 } from '../../security/tokens.js';
import { consumeCode, staffActivationHash } from './codes.js';
import { addressGroup, clearAttempts, refundAttempt, takeAttempt, type Limit } from '../throttle/service.js';

/** Same lifetimes as parent sessions. */
export const STAFF_IDLE_MS = 30 * 60 * 1000;
export const STAFF_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
const WINDOW_MS = 15 * 60 * 1000;

const accountLimit = (email: string): Limit => ({ key: `staff-login:${email}`, max: 5, windowMs: WINDOW_MS });
const ipLimit = (ip: string): Limit => ({ key: `staff-ip:${addressGroup(ip)}`, max: 50, windowMs: WINDOW_MS });
const activationIpLimit = (ip: string): Limit => ({ key: `staff-activation-ip:${addressGroup(ip)}`, max: 20, windowMs: WINDOW_MS });

const tokenHash = (token: string) => sha256('staff-session:' + token);
const idleExpiry = (lastSeen: Date, expiresAt: Date) => new Date(Math.min(lastSeen.getTime() + STAFF_IDLE_MS, expiresAt.getTime()));

export const sessionExpired = () => new ApiError(401, 'session_expiree', 'Votre session a expiré. Veuillez vous reconnecter.');

export interface StaffSession {
  staff: StaffContext;
  tenantName: string;
  idleExpiresAt: Date;
  expiresAt: Date;
}

export function sessionAnswer(session: StaffSession) {
  const { staff } = session;
  return {
    staff: { id: staff.staffUserId, email: staff.email, displayName: staff.displayName, role: staff.role },
    tenant: { name: session.tenantName },
    idleExpiresAt: session.idleExpiresAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
  };
}

/**
 * E-mail + password. An unknown address, a disabled account, one not yet activated and a wrong
 * password all get the same answer after the same work.
 */
export async function staffLogin(deps: Deps, input: { email: string; password: string }, ip: string): Promise<{ token: string; session: StaffSession }> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const limits = [accountLimit(input.email), ipLimit(ip)];
  // Counted before the password is checked, so parallel guesses cannot all slip under the limit.
  await takeAttempt(db, now, limits);
  const [user] = await db
    .select({ id: staffUsers.id, tenantId: staffUsers.tenantId, email: staffUsers.email, displayName: staffUsers.displayName, role: staffUsers.role, passwordHash: staffUsers.passwordHash, disabledAt: staffUsers.disabledAt, tenantName: tenants.name })
    .from(staffUsers)
    .innerJoin(tenants, eq(tenants.id, staffUsers.tenantId))
    .where(eq(staffUsers.email, input.email))
    .limit(1);
  const ok = await deps.hasher.verify(input.password, user && !user.disabledAt ? user.passwordHash : null);
  if (!user || !ok) {
    throw new ApiError(401, 'identifiants_invalides', 'Adresse e-mail ou mot de passe incorrect.');
  }
  await clearAttempts(db, limits[0]);
  await refundAttempt(db, [limits[1]]);
  const token = newToken();
  const expiresAt = new Date(now.getTime() + STAFF_ABSOLUTE_MS);
  const [row] = await db
    .insert(staffSessions)
    .values({ tenantId: user.tenantId, staffUserId: user.id, tokenHash: tokenHash(token), lastSeenAt: now, expiresAt })
    .returning({ id: staffSessions.id });
  return {
    token,
    session: {
      staff: { sessionId: row.id, staffUserId: user.id, tenantId: user.tenantId, role: user.role, email: user.email, displayName: user.displayName },
      tenantName: user.tenantName,
      idleExpiresAt: idleExpiry(now, expiresAt),
      expiresAt,
    },
  };
}

/** Resolves the cookie into a live session (the tenant comes from it, never from the request) and slides its idle expiry. */
export async function staffAuthenticate(deps: Deps, token: string): Promise<StaffSession> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const [row] = await db
    .select({
      id: staffSessions.id,
      lastSeenAt: staffSessions.lastSeenAt,
      expiresAt: staffSessions.expiresAt,
      staffUserId: staffUsers.id,
      tenantId: staffUsers.tenantId,
      role: staffUsers.role,
      email: staffUsers.email,
      displayName: staffUsers.displayName,
      tenantName: tenants.name,
    })
    .from(staffSessions)
    .innerJoin(staffUsers, and(eq(staffUsers.tenantId, staffSessions.tenantId), eq(staffUsers.id, staffSessions.staffUserId)))
    .innerJoin(tenants, eq(tenants.id, staffSessions.tenantId))
    .where(and(eq(staffSessions.tokenHash, tokenHash(token)), isNull(staffSessions.revokedAt), isNull(staffUsers.disabledAt)))
    .limit(1);
  if (!row || row.expiresAt <= now || idleExpiry(row.lastSeenAt, row.expiresAt) <= now) throw sessionExpired();
  await db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.id, row.id));
  return {
    staff: { sessionId: row.id, staffUserId: row.staffUserId, tenantId: row.tenantId, role: row.role, email: row.email, displayName: row.displayName },
    tenantName: row.tenantName,
    idleExpiresAt: idleExpiry(now, row.expiresAt),
    expiresAt: row.expiresAt,
  };
}

export async function staffLogout(deps: Deps, token: string) {
  await deps.database.db.update(staffSessions).set({ revokedAt: deps.clock.now() }).where(and(eq(staffSessions.tokenHash, tokenHash(token)), isNull(staffSessions.revokedAt)));
}

/** The activation link: single use, short-lived; it sets the password and closes any open session. */
export async function activateStaff(deps: Deps, input: { token: string; password: string }, ip: string) {
  const { db } = deps.database;
  const now = deps.clock.now();
  const limits = [activationIpLimit(ip)];
  await takeAttempt(db, now, limits);
  const passwordHash = await deps.hasher.hash(input.password);
  const done = await db.transaction(async (tx) => {
    const code = await consumeCode(tx, { purpose: 'staff_activation', hash: staffActivationHash(input.token) }, now);
    if (!code?.staffUserId) return false;
    const [user] = await tx
      .update(staffUsers)
      .set({ passwordHash })
      .where(and(eq(staffUsers.tenantId, code.tenantId), eq(staffUsers.id, code.staffUserId), isNull(staffUsers.disabledAt)))
      .returning({ id: staffUsers.id });
    if (!user) return false;
    await tx.update(staffSessions).set({ revokedAt: now }).where(and(eq(staffSessions.tenantId, code.tenantId), eq(staffSessions.staffUserId, user.id), isNull(staffSessions.revokedAt)));
    // Older links of the same person die with this one.
    await tx
      .update(oneTimeCodes)
      .set({ usedAt: now })
      .where(and(eq(oneTimeCodes.tenantId, code.tenantId), eq(oneTimeCodes.staffUserId, user.id), eq(oneTimeCodes.purpose, 'staff_activation'), isNull(oneTimeCodes.usedAt)));
    await audit(tx, { tenantId: code.tenantId, staffUserId: user.id }, 'personnel_active', user.id);
    return true;
  });
  if (!done) {
    throw new ApiError(400, 'lien_invalide', 'Ce lien d’activation n’est plus valable (déjà utilisé ou expiré). Demandez-en un nouveau à l’administrateur de la commune.');
  }
}
