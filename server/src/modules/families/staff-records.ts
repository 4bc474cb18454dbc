/**
 * Staff edits of a family, its guardians and children, each written to the file's history on the
 * "mairie" channel and to the audit log.
 */
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { children, families, familyFileEvents, guardians } from '../../db/schema/index.js';
import { isUniqueViolation } from '../../db/retry.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { ApiError, notFound } from '../../errors.js';
import { audit } from '../../db/audit.js';
import type { Diet } from '../../domain/diets.js';
import { schoolIdFor } from '../tenants/service.js';
import { familyDetail, familyGone } from './staff-directory.js';
import { holdAfterStaffChange, loginEmailColumns } from '../auth/login-email.js';
import { queueMail } from '../../mail/outbox.js';
import * as mails from './mails.js';

/** PGlite names the violated constraint `constraint`, postgres.js `constraint_name`; drizzle wraps both in `cause`. */
const constraintOf = (err: unknown): string => {
  const inner = (err as { cause?: unknown })?.cause ?? err;
  const { constraint, constraint_name } = (inner ?? {}) as { constraint?: string; constraint_name?: string };
  return constraint ?? constraint_name ?? '';
};

const EMAIL_TAKEN = 'Cette adresse e-mail est déjà celle d’une autre famille.';
const NUMBER_TAKEN = 'Ce numéro de famille existe déjà dans la commune.';

const conflict = (err: unknown): never => {
  if (!isUniqueViolation(err)) throw err;
  if (constraintOf(err).includes('email')) throw new ApiError(409, 'email_deja_utilise', EMAIL_TAKEN, { fields: { email: EMAIL_TAKEN } });
  throw new ApiError(409, 'numero_deja_utilise', NUMBER_TAKEN, { fields: { familyNumber: NUMBER_TAKEN } });
};

export interface GuardianInput {
  civility?: string | null;
  firstName: string;
  lastName: string;
  birthDate?: string | null;
  addressLine1?: string | null;
  addressLine2?: string | null;
  postalCode?: string | null;
  city?: string | null;
  phoneHome?: string | null;
  phoneMobile?: string | null;
  phoneWork?: string | null;
  email?: string | null;
  profession?: string | null;
  employer?: string | null;
}

export interface FamilyInput {
  familyNumber: string;
  name: string;
  email?: string | null;
  guardians?: { responsable?: GuardianInput; conjoint?: GuardianInput | null };
}

async function fileEvent(tx: Tx, staff: StaffContext, familyId: string, childId: string | null, fieldGroup: string, action: 'modifie' | 'ajoute', fields: string[], now: Date) {
  await tx.insert(familyFileEvents).values({ tenantId: staff.tenantId, familyId, childId, fieldGroup, action, fields, channel: 'mairie', staffUserId: staff.staffUserId, at: now });
}

async function writeGuardian(tx: Tx, staff: StaffContext, familyId: string, role: 'responsable' | 'conjoint', input: GuardianInput | null, now: Date) {
  if (input === null) {
    await tx.delete(guardians).where(and(eq(guardians.tenantId, staff.tenantId), eq(guardians.familyId, familyId), eq(guardians.role, role)));
    return;
  }
  const values = { ...input, updatedAt: now };
  await tx
    .insert(guardians)
    .values({ tenantId: staff.tenantId, familyId, role, ...values })
    .onConflictDoUpdate({ target: [guardians.tenantId, guardians.familyId, guardians.role], set: values });
}

export async function createFamilyRecord(deps: Deps, staff: StaffContext, input: FamilyInput) {
  const now = deps.clock.now();
  const id = await deps.database.db
    .transaction(async (tx) => {
      const [family] = await tx
        .insert(families)
        .values({ tenantId: staff.tenantId, familyNumber: input.familyNumber, name: input.name, email: input.email ?? null })
        .returning({ id: families.id });
      for (const role of ['responsable', 'conjoint'] as const) {
        const guardian = input.guardians?.[role];
        if (guardian) await writeGuardian(tx, staff, family.id, role, guardian, now);
      }
      await fileEvent(tx, staff, family.id, null, 'famille', 'ajoute', ['familyNumber', 'name'], now);
      await audit(tx, staff, 'famille_creee', family.id, { numero: input.familyNumber });
      return family.id;
    })
    .catch(conflict);
  return familyDetail(deps.database.db, staff.tenantId, id, now);
}

const adminOnly = () =>
  new ApiError(
    403,
    'droits_insuffisants',
    'Seul un administrateur de la commune peut modifier l’adresse e-mail de connexion d’un compte déjà activé : elle donne accès au compte de la famille.',
  );

/**
 * The login e-mail of an activated account is a way into it: only an admin may replace it, the old
 * address is told, pending links and codes die, and reset links are held back for 72 hours (ADR 2).
 */
async function guardLoginEmail(tx: Tx, staff: StaffContext, familyId: string, email: string | null | undefined, now: Date) {
  if (email === undefined) return false;
  const [before] = await tx
    .select({ name: families.name, activatedAt: families.activatedAt, ...loginEmailColumns })
    .from(families)
    .where(and(eq(families.tenantId, staff.tenantId), eq(families.id, familyId)))
    .for('update');
  if (!before) throw familyGone();
  if (!before.activatedAt || before.email === email) return false;
  if (staff.role !== 'admin') throw adminOnly();
  await holdAfterStaffChange(tx, staff.tenantId, familyId, before, now);
  await tx.insert(familyFileEvents).values({ tenantId: staff.tenantId, familyId, fieldGroup: 'login_email', action: 'modifie', fields: ['email'], channel: 'mairie', staffUserId: staff.staffUserId, at: now });
  await audit(tx, staff, 'email_connexion_modifie', familyId);
  if (!before.email) return false;
  await queueMail(tx, { tenantId: staff.tenantId, to: before.email, ...mails.loginEmailChangedByTownHall(await mails.mailContext(tx, staff.tenantId), before.name, email) }, now);
  return true;
}

export async function updateFamilyRecord(deps: Deps, staff: StaffContext, familyId: string, change: Partial<FamilyInput>) {
  const now = deps.clock.now();
  let mailed = false;
  await deps.database.db
    .transaction(async (tx) => {
      const { guardians: adults, ...identity } = change;
      const fields = Object.keys(identity);
      mailed = await guardLoginEmail(tx, staff, familyId, identity.email, now);
      if (fields.length) {
        const [row] = await tx
          .update(families)
          .set(identity)
          .where(and(eq(families.tenantId, staff.tenantId), eq(families.id, familyId)))
          .returning({ id: families.id });
        if (!row) throw familyGone();
      } else {
        const [row] = await tx.select({ id: families.id }).from(families).where(and(eq(families.tenantId, staff.tenantId), eq(families.id, familyId)));
        if (!row) throw familyGone();
      }
      for (const role of ['responsable', 'conjoint'] as const) {
        const guardian = adults?.[role];
        if (guardian === undefined) continue;
        await writeGuardian(tx, staff, familyId, role, guardian, now);
        fields.push(role);
      }
      await fileEvent(tx, staff, familyId, null, 'famille', 'modifie', fields, now);
      await audit(tx, staff, 'famille_modifiee', familyId, { champs: fields });
    })
    .catch(conflict);
  if (mailed) deps.onMailQueued?.();
  return familyDetail(deps.database.db, staff.tenantId, familyId, now);
}

export interface ChildInput {
  firstName: string;
  lastName: string;
  birthDate?: string | null;
  sex?: 'F' | 'M' | null;
  school?: string | null;
  className?: string | null;
  diet?: Diet;
}

async function childValues(tx: Tx, tenantId: string, input: Partial<ChildInput>) {
  const { school, ...rest } = input;
  if (school === undefined) return rest;
  return { ...rest, schoolId: school ? await schoolIdFor(tx, tenantId, school) : null };
}

export async function addChild(deps: Deps, staff: StaffContext, familyId: string, input: ChildInput) {
  const now = deps.clock.now();
  await deps.database.db.transaction(async (tx) => {
    const [family] = await tx.select({ id: families.id }).from(families).where(and(eq(families.tenantId, staff.tenantId), eq(families.id, familyId)));
    if (!family) throw familyGone();
    const values = await childValues(tx, staff.tenantId, input);
    const [child] = await tx
      .insert(children)
      .values({ tenantId: staff.tenantId, familyId, firstName: input.firstName, lastName: input.lastName, ...values })
      .returning({ id: children.id });
    await fileEvent(tx, staff, familyId, child.id, 'enfant', 'ajoute', Object.keys(input), now);
    await audit(tx, staff, 'enfant_ajoute', child.id, { famille: familyId });
  });
  return familyDetail(deps.database.db, staff.tenantId, familyId, now);
}

export async function updateChild(deps: Deps, staff: StaffContext, familyId: string, childId: string, change: Partial<ChildInput>) {
  const now = deps.clock.now();
  await deps.database.db.transaction(async (tx) => {
    const values = await childValues(tx, staff.tenantId, change);
    const where = and(eq(children.tenantId, staff.tenantId), eq(children.familyId, familyId), eq(children.id, childId));
    const [row] = Object.keys(values).length
      ? await tx.update(children).set(values).where(where).returning({ id: children.id })
      : await tx.select({ id: children.id }).from(children).where(where);
    if (!row) throw notFound('Cet enfant est introuvable.');
    await fileEvent(tx, staff, familyId, childId, 'enfant', 'modifie', Object.keys(change), now);
    await audit(tx, staff, 'enfant_modifie', childId, { famille: familyId, champs: Object.keys(change) });
  });
  return familyDetail(deps.database.db, staff.tenantId, familyId, now);
}
