/**
 * The login e-mail as a way into the account. Whoever changes it can then ask for a reset link,
 * so a change made by the town hall to an activated account holds reset links back: for 72 hours
 * they go to the address it replaced, never to the new one (ADR 2).
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { families, oneTimeCodes } from '../../db/schema/index.js';
import { ApiError } from '../../errors.js';
import { formatParisDateTime } from '../../domain/dates.js';

export const STAFF_EMAIL_HOLD_MS = 72 * 60 * 60 * 1000;

export interface LoginEmailState {
  email: string | null;
  emailChangedByStaffAt: Date | null;
  emailBeforeStaffChange: string | null;
}

export const loginEmailColumns = {
  email: families.email,
  emailChangedByStaffAt: families.emailChangedByStaffAt,
  emailBeforeStaffChange: families.emailBeforeStaffChange,
};

/** The end of the hold after a town-hall change of the login e-mail, or null when none is running. */
export function staffChangeHold(family: LoginEmailState, now: Date): Date | null {
  if (!family.emailChangedByStaffAt) return null;
  const until = new Date(family.emailChangedByStaffAt.getTime() + STAFF_EMAIL_HOLD_MS);
  return until > now ? until : null;
}

/** Where a reset link may go now: the login e-mail, or during the hold the address it replaced (maybe none). */
export function resetAddress(family: LoginEmailState, now: Date): string | null {
  return staffChangeHold(family, now) ? family.emailBeforeStaffChange : family.email;
}

export const recentStaffChange = (until: Date) =>
  new ApiError(
    409,
    'changement_email_recent',
    `L’adresse e-mail de connexion de cette famille a été modifiée par la mairie il y a moins de 72 heures : par sécurité, aucun lien de réinitialisation ne peut y être envoyé avant le ${formatParisDateTime(until)}. ` +
      'D’ici là, la famille peut se connecter avec son mot de passe actuel, ou utiliser « Mot de passe oublié » : le lien part vers son ancienne adresse.',
  );

/** Kills every unused reset link and activation code of the family, in the caller's transaction. */
export async function cancelPendingCodes(tx: Tx, tenantId: string, familyId: string, now: Date) {
  await tx
    .update(oneTimeCodes)
    .set({ usedAt: now })
    .where(and(eq(oneTimeCodes.tenantId, tenantId), eq(oneTimeCodes.familyId, familyId), inArray(oneTimeCodes.purpose, ['reset', 'activation']), isNull(oneTimeCodes.usedAt)));
}

/**
 * Records a town-hall change of an activated account's login e-mail: pending links and codes die,
 * and the hold starts. A second change during the hold keeps the address the family had before the first.
 */
export async function holdAfterStaffChange(tx: Tx, tenantId: string, familyId: string, before: LoginEmailState, now: Date) {
  const previous = staffChangeHold(before, now) ? before.emailBeforeStaffChange : before.email;
  await tx.update(families).set({ emailChangedByStaffAt: now, emailBeforeStaffChange: previous }).where(and(eq(families.tenantId, tenantId), eq(families.id, familyId)));
  await cancelPendingCodes(tx, tenantId, familyId, now);
}

/** The family changed its own address (its password checked): the hold ends. */
export const endHold = { emailChangedByStaffAt: null, emailBeforeStaffChange: null };
