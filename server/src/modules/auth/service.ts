import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { Tx } from '../../db/client.js';
import { children, families, familySessions, oneTimeCodes, schools, settings } from '../../db/schema/index.js';
import { ApiError } from '../../errors.js';
import type { FamilySessionContext, StoredSession, TenantContext } from '../../actors.js';
import { newToken, sha256 } from '../../security/tokens.js';
import { activationCodeHash, consumeCode } from './codes.js';
import { queueMail } from '../../mail/outbox.js';
import { addressGroup, clearAttempts, countAttempt, refundAttempt, takeAttempt, type Limit } from '../throttle/service.js';
import * as mails from './mails.js';
import { loginEmailColumns, resetAddress } from './login-email.js';
import { afterAnswer } from './after-answer.js';
import type { Session } from '../../contracts/index.js';

export const IDLE_MS = 30 * 60 * 1000;
export const ABSOLUTE_MS = 12 * 60 * 60 * 1000;
export const RESET_TTL_MS = 60 * 60 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;
const WINDOW_MS = 15 * 60 * 1000;

const accountLimit = (tenantId: string, login: string): Limit => ({ key: `login:${tenantId}:${login}`, max: 5, windowMs: WINDOW_MS });
/** Shared with the password step-up of the family file: one budget per client address. */
export const ipLimit = (ip: string): Limit => ({ key: `ip:${addressGroup(ip)}`, max: 50, windowMs: WINDOW_MS });
/**
 * Wrong passwords count against the account, whichever identifier was typed (e-mail or family
 * number); an identifier that matches no account counts on its own, per client address.
 */
const loginLimit = (tenantId: string, ip: string, loginKey: string, familyId: string | undefined): Limit =>
  familyId ? accountLimit(tenantId, `famille:${familyId}`) : accountLimit(tenantId, `inconnu:${loginKey}:${addressGroup(ip)}`);

const normaliseLogin = (login: string) => login.trim().toLowerCase();

const invalidCredentials = () => new ApiError(401, 'identifiants_invalides', 'Identifiant ou mot de passe incorrect.');

async function findAccount(deps: Deps, tenantId: string, login: string) {
  const [family] = await deps.database.db
    .select({ id: families.id, name: families.name, passwordHash: families.passwordHash, ...loginEmailColumns })
    .from(families)
    .where(and(eq(families.tenantId, tenantId), or(eq(families.email, login), eq(sql`lower(${families.familyNumber})`, login))))
    .limit(1);
  return family;
}

async function openSession(tx: Tx, deps: Deps, tenantId: string, family: { id: string; name: string }): Promise<Session> {
  const now = deps.clock.now();
  const token = newToken();
  const expiresAt = new Date(now.getTime() + ABSOLUTE_MS);
  await tx.insert(familySessions).values({ tenantId, familyId: family.id, tokenHash: sha256(token), lastSeenAt: now, expiresAt });
  return { token, idleExpiresAt: idleExpiry(now, expiresAt).toISOString(), expiresAt: expiresAt.toISOString(), family: { id: family.id, name: family.name } };
}

const idleExpiry = (lastSeen: Date, expiresAt: Date) => new Date(Math.min(lastSeen.getTime() + IDLE_MS, expiresAt.getTime()));

export async function login(deps: Deps, tenant: TenantContext, input: { login: string; password: string }, ip: string): Promise<Session> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const loginKey = normaliseLogin(input.login);
  const family = await findAccount(deps, tenant.id, loginKey);
  const limits = [loginLimit(tenant.id, ip, loginKey, family?.id), ipLimit(ip)];
  // The attempt is counted before the password is checked, so parallel guesses cannot all slip
  // under the limit; a good password gives it back.
  await takeAttempt(db, now, limits);
  const ok = await deps.hasher.verify(input.password, family?.passwordHash ?? null);
  if (!family || !ok) throw invalidCredentials();
  await clearAttempts(db, limits[0]);
  await refundAttempt(db, [limits[1]]);
  return db.transaction((tx) => openSession(tx, deps, tenant.id, family));
}

/** The live session of a token, read on its own (the tenant gate usually reads it along with the key: see http/tenant.ts). */
export async function findSession(deps: Deps, tenantId: string, token: string): Promise<StoredSession | null> {
  const [row] = await deps.database.db
    .select({ id: familySessions.id, familyId: familySessions.familyId, name: families.name, lastSeenAt: familySessions.lastSeenAt, expiresAt: familySessions.expiresAt })
    .from(familySessions)
    .innerJoin(families, and(eq(families.tenantId, familySessions.tenantId), eq(families.id, familySessions.familyId)))
    .where(and(eq(familySessions.tenantId, tenantId), eq(familySessions.tokenHash, sha256(token)), isNull(familySessions.revokedAt)))
    .limit(1);
  return row ?? null;
}

/** Checks a session's expiries and slides its idle expiry. */
export async function authenticate(deps: Deps, row: StoredSession | null, touch: 'always' | 'lazy' = 'lazy'): Promise<FamilySessionContext> {
  const { db } = deps.database;
  const now = deps.clock.now();
  if (!row || row.expiresAt <= now || idleExpiry(row.lastSeenAt, row.expiresAt) <= now) {
    throw new ApiError(401, 'session_expiree', 'Votre session a expiré. Veuillez vous reconnecter.');
  }
  // Reads within a minute of the last recorded activity skip the write: the idle expiry moves by
  // whole minutes, which keeps busy pages (the planning grid) from writing on every request.
  let lastSeen = row.lastSeenAt;
  if (touch === 'always' || now.getTime() - lastSeen.getTime() >= TOUCH_EVERY_MS) {
    await db.update(familySessions).set({ lastSeenAt: now }).where(eq(familySessions.id, row.id));
    lastSeen = now;
  }
  return { sessionId: row.id, familyId: row.familyId, familyName: row.name, idleExpiresAt: idleExpiry(lastSeen, row.expiresAt), expiresAt: row.expiresAt };
}

export async function logout(deps: Deps, session: FamilySessionContext) {
  await deps.database.db.update(familySessions).set({ revokedAt: deps.clock.now() }).where(eq(familySessions.id, session.sessionId));
}

export async function home(deps: Deps, tenantId: string, session: FamilySessionContext) {
  const { db } = deps.database;
  const [family] = await db
    .select({ id: families.id, number: families.familyNumber, name: families.name, email: families.email })
    .from(families)
    .where(and(eq(families.tenantId, tenantId), eq(families.id, session.familyId)));
  const kids = await db
    .select({ id: children.id, firstName: children.firstName, lastName: children.lastName, birthDate: children.birthDate, school: schools.name, className: children.className })
    .from(children)
    .leftJoin(schools, and(eq(schools.tenantId, children.tenantId), eq(schools.id, children.schoolId)))
    .where(and(eq(children.tenantId, tenantId), eq(children.familyId, session.familyId)))
    .orderBy(children.birthDate, children.firstName);
  return { family, children: kids, session: { idleExpiresAt: session.idleExpiresAt.toISOString(), expiresAt: session.expiresAt.toISOString() } };
}

async function tenantMailContext(tx: Tx, tenant: Pick<TenantContext, 'id' | 'name'>) {
  const [row] = await tx.select({ portalUrl: settings.portalUrl, contactEmail: settings.contactEmail }).from(settings).where(eq(settings.tenantId, tenant.id));
  return { townName: tenant.name, portalUrl: row?.portalUrl ?? null, contactEmail: row?.contactEmail ?? null };
}

const invalidCode = () =>
  new ApiError(400, 'code_invalide', 'Ce numéro de famille et ce code d’activation ne correspondent pas, ou le code a déjà servi ou a expiré.');

/** First connection: family number + single-use code from the letter; the parent chooses e-mail and password. */
export async function activate(
  deps: Deps,
  tenant: TenantContext,
  input: { familyNumber: string; code: string; email: string; password: string },
  ip: string,
): Promise<Session> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const limits = [accountLimit(tenant.id, 'activation:' + normaliseLogin(input.familyNumber)), ipLimit(ip)];
  await takeAttempt(db, now, limits);
  const passwordHash = await deps.hasher.hash(input.password);
  const result = await db
    .transaction(async (tx) => {
      const code = await consumeCode(
        tx,
        {
          purpose: 'activation',
          hash: activationCodeHash(input.code),
          tenantId: tenant.id,
          extra: sql`${oneTimeCodes.familyId} = (select id from families where tenant_id = ${tenant.id} and lower(family_number) = ${normaliseLogin(input.familyNumber)})`,
        },
        now,
      );
      if (!code?.familyId) return null;
      const [taken] = await tx
        .select({ id: families.id })
        .from(families)
        .where(and(eq(families.tenantId, tenant.id), eq(families.email, input.email), sql`${families.id} <> ${code.familyId}`));
      if (taken) throw new ApiError(409, 'email_deja_utilise', 'Cette adresse e-mail est déjà utilisée par un autre compte famille. Choisissez-en une autre ou contactez la mairie.');
      const [family] = await tx
        .update(families)
        .set({ email: input.email, passwordHash, activatedAt: now, passwordChangedAt: now })
        .where(and(eq(families.tenantId, tenant.id), eq(families.id, code.familyId)))
        .returning({ id: families.id, name: families.name });
      await tx.update(familySessions).set({ revokedAt: now }).where(and(eq(familySessions.tenantId, tenant.id), eq(familySessions.familyId, family.id), isNull(familySessions.revokedAt)));
      await queueMail(tx, { tenantId: tenant.id, to: input.email, ...mails.accountActivated(await tenantMailContext(tx, tenant), family.name) }, now);
      return openSession(tx, deps, tenant.id, family);
    })
    // A good code with an address already taken is a typo to fix, not a guess: it costs no attempt.
    .catch(async (err) => {
      await refundAttempt(db, limits);
      throw err;
    });
  if (!result) throw invalidCode();
  await refundAttempt(db, limits);
  deps.onMailQueued?.();
  return result;
}

export const FORGOT_ANSWER =
  'Si un compte correspond à cet identifiant, un e-mail contenant un lien de réinitialisation vient d’être envoyé. Le lien est valable une heure.';

/**
 * Always the same answer, after the same work: only the address limit is counted before it; the
 * account lookup, the link and its mail come after the answer (a reset link goes out only when the
 * account exists and has an e-mail).
 */
export async function forgotPassword(deps: Deps, tenant: TenantContext, input: { login: string }, ip: string) {
  const now = deps.clock.now();
  const address: Limit = { key: `forgot-ip:${addressGroup(ip)}`, max: 20, windowMs: WINDOW_MS };
  await takeAttempt(deps.database.db, now, [address]);
  afterAnswer(deps, 'reinitialisation_echouee', () => sendResetLink(deps, tenant, normaliseLogin(input.login), now));
}

async function sendResetLink(deps: Deps, tenant: TenantContext, loginKey: string, now: Date) {
  const { db } = deps.database;
  const family = await findAccount(deps, tenant.id, loginKey);
  // After a town-hall change of the login e-mail, links go to the address it replaced for 72 hours.
  const to = family?.passwordHash ? resetAddress(family, now) : null;
  if (!family || !to) return;
  // Too many links asked for one account: stay silent, with the same answer.
  const [exhausted] = await countAttempt(db, now, [{ key: `forgot:${tenant.id}:famille:${family.id}`, max: 3, windowMs: WINDOW_MS }]);
  if (exhausted) return;
  await db.transaction((tx) => queuePasswordReset(tx, tenant, { id: family.id, name: family.name, email: to }, now));
  deps.onMailQueued?.();
}

/**
 * Issues a one-hour, single-use reset link and queues its mail in the caller's transaction: the
 * parents' "mot de passe oublié" and the staff's "e-mail de réinitialisation" send the same mail.
 */
export async function queuePasswordReset(tx: Tx, tenant: Pick<TenantContext, 'id' | 'name'>, family: { id: string; name: string; email: string }, now: Date) {
  const token = newToken();
  await tx.insert(oneTimeCodes).values({
    tenantId: tenant.id,
    familyId: family.id,
    purpose: 'reset',
    codeHash: sha256('reset:' + token),
    expiresAt: new Date(now.getTime() + RESET_TTL_MS),
  });
  await queueMail(tx, { tenantId: tenant.id, to: family.email, ...mails.passwordReset(await tenantMailContext(tx, tenant), family.name, token) }, now);
}

export async function resetPassword(deps: Deps, tenant: TenantContext, input: { token: string; password: string }) {
  const { db } = deps.database;
  const now = deps.clock.now();
  const passwordHash = await deps.hasher.hash(input.password);
  const done = await db.transaction(async (tx) => {
    const code = await consumeCode(tx, { purpose: 'reset', hash: sha256('reset:' + input.token), tenantId: tenant.id }, now);
    if (!code?.familyId) return false;
    const [family] = await tx
      .update(families)
      .set({ passwordHash, passwordChangedAt: now })
      .where(and(eq(families.tenantId, tenant.id), eq(families.id, code.familyId)))
      .returning({ name: families.name, email: families.email });
    await tx.update(familySessions).set({ revokedAt: now }).where(and(eq(familySessions.tenantId, tenant.id), eq(familySessions.familyId, code.familyId), isNull(familySessions.revokedAt)));
    // Other reset links of this account die with this one.
    await tx.update(oneTimeCodes).set({ usedAt: now }).where(and(eq(oneTimeCodes.tenantId, tenant.id), eq(oneTimeCodes.familyId, code.familyId), eq(oneTimeCodes.purpose, 'reset'), isNull(oneTimeCodes.usedAt)));
    if (family.email) await queueMail(tx, { tenantId: tenant.id, to: family.email, ...mails.passwordChanged(await tenantMailContext(tx, tenant), family.name) }, now);
    return true;
  });
  if (!done) throw new ApiError(400, 'lien_invalide', 'Ce lien de réinitialisation n’est plus valable (déjà utilisé ou expiré). Demandez-en un nouveau.');
  deps.onMailQueued?.();
}

export async function changePassword(
  deps: Deps,
  tenant: TenantContext,
  session: FamilySessionContext,
  input: { currentPassword: string; newPassword: string },
  ip: string,
): Promise<Session> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const limits = [accountLimit(tenant.id, 'change:' + session.familyId), ipLimit(ip)];
  await takeAttempt(db, now, limits);
  const [family] = await db
    .select({ id: families.id, name: families.name, email: families.email, passwordHash: families.passwordHash })
    .from(families)
    .where(and(eq(families.tenantId, tenant.id), eq(families.id, session.familyId)));
  if (!(await deps.hasher.verify(input.currentPassword, family.passwordHash))) {
    throw new ApiError(401, 'mot_de_passe_incorrect', 'Le mot de passe actuel est incorrect.');
  }
  await refundAttempt(db, limits);
  const passwordHash = await deps.hasher.hash(input.newPassword);
  const answer = await db.transaction(async (tx) => {
    await tx.update(families).set({ passwordHash, passwordChangedAt: now }).where(and(eq(families.tenantId, tenant.id), eq(families.id, family.id)));
    await tx.update(familySessions).set({ revokedAt: now }).where(and(eq(familySessions.tenantId, tenant.id), eq(familySessions.familyId, family.id), isNull(familySessions.revokedAt)));
    if (family.email) await queueMail(tx, { tenantId: tenant.id, to: family.email, ...mails.passwordChanged(await tenantMailContext(tx, tenant), family.name) }, now);
    return openSession(tx, deps, tenant.id, family);
  });
  deps.onMailQueued?.();
  return answer;
}

export function sessionAnswer(session: FamilySessionContext, token: string): Session {
  return {
    token,
    idleExpiresAt: session.idleExpiresAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    family: { id: session.familyId, name: session.familyName },
  };
}
