/**
 * The ways back into an account the town hall offers: activation letters with a fresh single-use
 * code for families that never signed in, the reset mail for those who did. A password or its hash
 * never leaves the portal.
 */
import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { families, guardians, oneTimeCodes, settings, tenants } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { ApiError, notFound } from '../../errors.js';
import { audit } from '../../db/audit.js';
import { chunks } from '../../db/rows.js';
import { newActivationCode } from '../../security/tokens.js';
import { ACTIVATION_TTL_MS, activationCodeHash } from '../auth/codes.js';
import { queuePasswordReset } from '../auth/service.js';
import { loginEmailColumns, recentStaffChange, staffChangeHold } from '../auth/login-email.js';
import { lockTenant } from '../tenants/service.js';
import { familyGone } from './staff-directory.js';

const CHUNK = 500;

/** The responsable's postal address, where the town hall's letters and invoices go. */
export const postalAddress = {
  civility: guardians.civility,
  firstName: guardians.firstName,
  lastName: guardians.lastName,
  addressLine1: guardians.addressLine1,
  addressLine2: guardians.addressLine2,
  postalCode: guardians.postalCode,
  city: guardians.city,
};

export interface ActivationLetter {
  familyId: string;
  familyNumber: string;
  name: string;
  /** Name of the person the letter is addressed to (the "responsable", else the family). */
  addressee: string;
  addressLine1: string;
  addressLine2: string;
  postalCode: string;
  city: string;
  code: string;
  expiresAt: Date;
}

/**
 * Fresh single-use codes for these families, in the caller's transaction: older unused
 * activation codes die (their expiry is brought to now), so only the newest letter works.
 * Families that already activated their account are refused: they need a reset link, and a new
 * activation code would let its bearer take the account over.
 */
export async function issueActivationLetters(tx: Tx, tenantId: string, familyIds: readonly string[] | 'never_activated', now: Date): Promise<ActivationLetter[]> {
  const rows = await tx
    .select({
      familyId: families.id,
      familyNumber: families.familyNumber,
      name: families.name,
      activatedAt: families.activatedAt,
      ...postalAddress,
    })
    .from(families)
    .leftJoin(guardians, and(eq(guardians.tenantId, families.tenantId), eq(guardians.familyId, families.id), eq(guardians.role, 'responsable')))
    .where(and(eq(families.tenantId, tenantId), familyIds === 'never_activated' ? isNull(families.activatedAt) : inArray(families.id, [...familyIds])))
    .orderBy(asc(families.name), asc(families.familyNumber));
  if (familyIds !== 'never_activated' && rows.length !== new Set(familyIds).size) throw notFound('Une des familles choisies est introuvable.');
  const activated = rows.filter((r) => r.activatedAt);
  if (activated.length) {
    const numbers = activated.map((r) => r.familyNumber).slice(0, 5).join(', ');
    throw new ApiError(409, 'compte_deja_active', `Le compte de la famille n° ${numbers} est déjà activé : envoyez plutôt un e-mail de réinitialisation.`);
  }
  const expiresAt = new Date(now.getTime() + ACTIVATION_TTL_MS);
  const letters = rows.map((r) => ({
    familyId: r.familyId,
    familyNumber: r.familyNumber,
    name: r.name,
    addressee: r.firstName ? `${r.firstName} ${r.lastName}` : r.name,
    addressLine1: r.addressLine1 ?? '',
    addressLine2: r.addressLine2 ?? '',
    postalCode: r.postalCode ?? '',
    city: r.city ?? '',
    code: newActivationCode(),
    expiresAt,
  }));
  for (const batch of chunks(letters, CHUNK)) {
    const ids = batch.map((l) => l.familyId);
    await tx
      .update(oneTimeCodes)
      .set({ expiresAt: now })
      .where(and(eq(oneTimeCodes.tenantId, tenantId), inArray(oneTimeCodes.familyId, ids), eq(oneTimeCodes.purpose, 'activation'), isNull(oneTimeCodes.usedAt), gt(oneTimeCodes.expiresAt, now)));
    await tx.insert(oneTimeCodes).values(batch.map((l) => ({ tenantId, familyId: l.familyId, purpose: 'activation' as const, codeHash: activationCodeHash(l.code), expiresAt })));
  }
  return letters;
}

async function letterTown(tx: Tx, tenantId: string) {
  const [row] = await tx
    .select({ townName: tenants.name, portalUrl: settings.portalUrl, contactEmail: settings.contactEmail })
    .from(tenants)
    .leftJoin(settings, eq(settings.tenantId, tenants.id))
    .where(eq(tenants.id, tenantId));
  return row;
}

/** One family's new letter; the plain code is in this answer only. */
export async function reissueActivationLetter(deps: Deps, staff: StaffContext, familyId: string) {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    await lockTenant(tx, staff.tenantId);
    const [letter] = await issueActivationLetters(tx, staff.tenantId, [familyId], now);
    await audit(tx, staff, 'lettre_activation', familyId, { nombre: 1 });
    return { letter, town: await letterTown(tx, staff.tenantId), now };
  });
}

/** Letters for several families (default: every family that never activated), one transaction. */
export async function issueLetterBatch(deps: Deps, staff: StaffContext, familyIds: readonly string[] | undefined, format: string) {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    await lockTenant(tx, staff.tenantId);
    const letters = await issueActivationLetters(tx, staff.tenantId, familyIds?.length ? familyIds : 'never_activated', now);
    await audit(tx, staff, 'lettres_activation', null, { nombre: letters.length, format });
    return { letters, town: await letterTown(tx, staff.tenantId), now };
  });
}

/**
 * Queues the parents' "mot de passe oublié" mail for an activated account with an e-mail; refused
 * for 72 hours after the town hall changed that e-mail, so staff cannot send themselves a way in.
 */
export async function sendPasswordReset(deps: Deps, staff: StaffContext, familyId: string) {
  const now = deps.clock.now();
  const email = await deps.database.db.transaction(async (tx) => {
    const [family] = await tx
      .select({ id: families.id, name: families.name, activatedAt: families.activatedAt, town: tenants.name, ...loginEmailColumns })
      .from(families)
      .innerJoin(tenants, eq(tenants.id, families.tenantId))
      .where(and(eq(families.tenantId, staff.tenantId), eq(families.id, familyId)));
    if (!family) throw familyGone();
    if (!family.activatedAt || !family.email) {
      throw new ApiError(409, 'compte_non_active', 'Cette famille n’a pas encore activé son compte : envoyez-lui plutôt une lettre d’activation.');
    }
    const heldUntil = staffChangeHold(family, now);
    if (heldUntil) throw recentStaffChange(heldUntil);
    await queuePasswordReset(tx, { id: staff.tenantId, name: family.town }, { id: family.id, name: family.name, email: family.email }, now);
    await audit(tx, staff, 'reinitialisation_envoyee', familyId);
    return family.email;
  });
  deps.onMailQueued?.();
  return { message: `Un e-mail de réinitialisation a été envoyé à ${email}. Le lien est valable une heure.` };
}
