/**
 * Staff side of the families: search, the family detail ("détail de la famille"), family,
 * guardian and child edits, sealed health data and IBAN read on explicit request (audited in the
 * same transaction), activation codes and reset mail. A password or its hash never leaves here:
 * the town hall issues a fresh single-use activation code or sends a reset link instead.
 */
import { and, asc, count, eq, gt, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { changeRequests, children, enrollments, families, familyFileEvents, guardians, oneTimeCodes, schools, settings, tenants } from '../../db/schema/index.js';
import { isUniqueViolation } from '../../db/retry.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../http/context.js';
import { ApiError, notFound } from '../../http/errors.js';
import { newActivationCode } from '../../security/tokens.js';
import { ACTIVATION_TTL_MS, activationCodeHash } from '../auth/codes.js';
import { queuePasswordReset } from '../auth/service.js';
import { schoolIdFor } from '../tenants/service.js';
import { decideChangeRequest as decideFamilyChange, listChangeRequests } from './service.js';
import { audit } from '../../db/audit.js';
import { DIET_LABELS, type Diet } from '../../domain/diets.js';
import { chunks } from '../../db/rows.js';

export const PAGE_SIZE = 50;
const CHUNK = 500;


/** French names of the audit actions written by the families sections. */
export const FAMILIES_AUDIT_LABELS: Record<string, string> = {
  edition_dossier: 'Dossier ou fiche enfant édité',
  famille_creee: 'Famille créée',
  famille_modifiee: 'Famille modifiée',
  responsable_modifie: 'Responsable modifié',
  enfant_ajoute: 'Enfant ajouté',
  enfant_modifie: 'Enfant modifié',
  donnees_sensibles_lues: 'Données sensibles consultées',
  lettre_activation: 'Lettre d’activation émise',
  lettres_activation: 'Lettres d’activation émises',
  reinitialisation_envoyee: 'E-mail de réinitialisation envoyé',
  demande_acceptee: 'Demande de modification acceptée',
  demande_refusee: 'Demande de modification refusée',
  familles_importees: 'Familles importées',
};


/** Serialises imports and letter batches of one commune across API instances. */
export async function lockTenant(tx: Tx, tenantId: string) {
  await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for('update');
}


const likePattern = (query: string) => `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const familyGone = () => notFound('Cette famille est introuvable.');

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

// ---------------------------------------------------------------------------------------------
// Search and detail
// ---------------------------------------------------------------------------------------------

export interface FamilySummary {
  id: string;
  familyNumber: string;
  name: string;
  email: string | null;
  activatedAt: string | null;
  children: string[];
}

/** Families whose name, number, e-mail or a child's name contains the query; 50 a page, by name. */
export async function searchFamilies(db: Db, tenantId: string, query: string, page: number) {
  const pattern = likePattern(query);
  const where: SQL | undefined = query
    ? and(
        eq(families.tenantId, tenantId),
        or(
          ilike(families.name, pattern),
          ilike(families.familyNumber, pattern),
          ilike(families.email, pattern),
          sql`exists (select 1 from ${children} c where c.tenant_id = ${families.tenantId} and c.family_id = ${families.id}
                and (c.first_name ilike ${pattern} or c.last_name ilike ${pattern} or (c.first_name || ' ' || c.last_name) ilike ${pattern}))`,
        ),
      )
    : eq(families.tenantId, tenantId);
  const [[{ total }], rows] = await Promise.all([
    db.select({ total: count() }).from(families).where(where),
    db
      .select({ id: families.id, familyNumber: families.familyNumber, name: families.name, email: families.email, activatedAt: families.activatedAt })
      .from(families)
      .where(where)
      .orderBy(asc(families.name), asc(families.familyNumber))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
  ]);
  const kids = rows.length
    ? await db
        .select({ familyId: children.familyId, firstName: children.firstName, lastName: children.lastName })
        .from(children)
        .where(and(eq(children.tenantId, tenantId), inArray(children.familyId, rows.map((r) => r.id))))
        .orderBy(asc(children.birthDate), asc(children.firstName))
    : [];
  const items: FamilySummary[] = rows.map((row) => ({
    ...row,
    activatedAt: row.activatedAt?.toISOString() ?? null,
    children: kids.filter((k) => k.familyId === row.id).map((k) => `${k.firstName} ${k.lastName}`),
  }));
  return { query, page, pageSize: PAGE_SIZE, total, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), items };
}

const guardianColumns = {
  id: guardians.id,
  role: guardians.role,
  civility: guardians.civility,
  firstName: guardians.firstName,
  lastName: guardians.lastName,
  birthDate: guardians.birthDate,
  addressLine1: guardians.addressLine1,
  addressLine2: guardians.addressLine2,
  postalCode: guardians.postalCode,
  city: guardians.city,
  phoneHome: guardians.phoneHome,
  phoneMobile: guardians.phoneMobile,
  phoneWork: guardians.phoneWork,
  email: guardians.email,
  profession: guardians.profession,
  employer: guardians.employer,
};

/** "Compte activé le 8 septembre 2026" or "Jamais activé", as the detail screen says it. */
export function accountState(activatedAt: Date | null) {
  if (!activatedAt) return { activated: false, activatedAt: null, label: 'Jamais activé' };
  const day = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(activatedAt);
  return { activated: true, activatedAt: activatedAt.toISOString(), label: `Compte activé le ${day}` };
}

/**
 * The family detail: identity, account state, guardians, children with their enrolment count,
 * pending change requests (their sealed values stay sealed). Whether health data or an IBAN exist
 * is said, never what they hold.
 */
export async function familyDetail(db: Db | Tx, tenantId: string, familyId: string, now: Date) {
  const [family] = await db
    .select({
      id: families.id,
      familyNumber: families.familyNumber,
      name: families.name,
      email: families.email,
      activatedAt: families.activatedAt,
      notificationEmails: families.notificationEmails,
      quotientFamilial: families.quotientFamilial,
      cafNumber: families.cafNumber,
      ibanMasked: families.ibanMasked,
      hasIban: sql<boolean>`${families.ibanSealed} is not null`,
      createdAt: families.createdAt,
    })
    .from(families)
    .where(and(eq(families.tenantId, tenantId), eq(families.id, familyId)));
  if (!family) throw familyGone();
  const [adults, kids, pending, [{ pendingCodes }]] = await Promise.all([
    db.select(guardianColumns).from(guardians).where(and(eq(guardians.tenantId, tenantId), eq(guardians.familyId, familyId))).orderBy(asc(guardians.role)),
    db
      .select({
        id: children.id,
        firstName: children.firstName,
        lastName: children.lastName,
        birthDate: children.birthDate,
        sex: children.sex,
        schoolId: children.schoolId,
        school: schools.name,
        className: children.className,
        diet: children.diet,
        hasHealthData: sql<boolean>`${children.healthSealed} is not null`,
        enrollments: sql<number>`(select count(*)::int from ${enrollments} e where e.tenant_id = ${children.tenantId} and e.child_id = ${children.id})`,
      })
      .from(children)
      .leftJoin(schools, and(eq(schools.tenantId, children.tenantId), eq(schools.id, children.schoolId)))
      .where(and(eq(children.tenantId, tenantId), eq(children.familyId, familyId)))
      .orderBy(asc(children.birthDate), asc(children.firstName)),
    db
      .select({ id: changeRequests.id, childId: changeRequests.childId, fieldGroup: changeRequests.fieldGroup, requestedAt: changeRequests.requestedAt })
      .from(changeRequests)
      .where(and(eq(changeRequests.tenantId, tenantId), eq(changeRequests.familyId, familyId), eq(changeRequests.status, 'pending')))
      .orderBy(asc(changeRequests.requestedAt)),
    db
      .select({ pendingCodes: count() })
      .from(oneTimeCodes)
      .where(and(eq(oneTimeCodes.tenantId, tenantId), eq(oneTimeCodes.familyId, familyId), eq(oneTimeCodes.purpose, 'activation'), isNull(oneTimeCodes.usedAt), gt(oneTimeCodes.expiresAt, now))),
  ]);
  const { activatedAt, hasIban, createdAt, ...identity } = family;
  return {
    ...identity,
    createdAt: createdAt.toISOString(),
    account: { ...accountState(activatedAt), hasEmail: Boolean(family.email), activationLetterPending: pendingCodes > 0 },
    hasIban,
    guardians: adults,
    children: kids.map((k) => ({ ...k, dietLabel: DIET_LABELS[k.diet] })),
    changeRequests: pending.map((r) => ({
      ...r,
      requestedAt: r.requestedAt.toISOString(),
      childName: kids.find((k) => k.id === r.childId)?.firstName ?? null,
    })),
  };
}

export type SensitiveKind = 'donnees_sante' | 'iban';

/**
 * Health data of every child, or the full IBAN, decrypted for the staff member who asked. The
 * audit row is written in the same transaction as the read: no read without its trace.
 */
export async function readSensitive(deps: Deps, staff: StaffContext, familyId: string, what: SensitiveKind) {
  return deps.database.db.transaction(async (tx) => {
    const [family] = await tx
      .select({ id: families.id, ibanSealed: families.ibanSealed, bic: families.bic, accountHolder: families.accountHolder })
      .from(families)
      .where(and(eq(families.tenantId, staff.tenantId), eq(families.id, familyId)));
    if (!family) throw familyGone();
    await audit(tx, staff, 'donnees_sensibles_lues', familyId, { quoi: what });
    if (what === 'iban') {
      return { what, iban: family.ibanSealed ? deps.encryption.decrypt(family.ibanSealed) : null, bic: family.bic, accountHolder: family.accountHolder };
    }
    const kids = await tx
      .select({ id: children.id, firstName: children.firstName, lastName: children.lastName, healthSealed: children.healthSealed })
      .from(children)
      .where(and(eq(children.tenantId, staff.tenantId), eq(children.familyId, familyId)))
      .orderBy(asc(children.birthDate), asc(children.firstName));
    return {
      what,
      children: kids.map(({ healthSealed, ...child }) => ({ ...child, health: healthSealed ? (JSON.parse(deps.encryption.decrypt(healthSealed)) as Record<string, unknown>) : null })),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Family, guardian and child edits
// ---------------------------------------------------------------------------------------------

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

export async function updateFamilyRecord(deps: Deps, staff: StaffContext, familyId: string, change: Partial<FamilyInput>) {
  const now = deps.clock.now();
  await deps.database.db
    .transaction(async (tx) => {
      const { guardians: adults, ...identity } = change;
      const fields = Object.keys(identity);
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

// ---------------------------------------------------------------------------------------------
// Activation letters and reset mail
// ---------------------------------------------------------------------------------------------

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
      firstName: guardians.firstName,
      lastName: guardians.lastName,
      addressLine1: guardians.addressLine1,
      addressLine2: guardians.addressLine2,
      postalCode: guardians.postalCode,
      city: guardians.city,
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

/** Queues the parents' "mot de passe oublié" mail for an activated account with an e-mail. */
export async function sendPasswordReset(deps: Deps, staff: StaffContext, familyId: string) {
  const now = deps.clock.now();
  const email = await deps.database.db.transaction(async (tx) => {
    const [family] = await tx
      .select({ id: families.id, name: families.name, email: families.email, activatedAt: families.activatedAt, town: tenants.name })
      .from(families)
      .innerJoin(tenants, eq(tenants.id, families.tenantId))
      .where(and(eq(families.tenantId, staff.tenantId), eq(families.id, familyId)));
    if (!family) throw familyGone();
    if (!family.activatedAt || !family.email) {
      throw new ApiError(409, 'compte_non_active', 'Cette famille n’a pas encore activé son compte : envoyez-lui plutôt une lettre d’activation.');
    }
    await queuePasswordReset(tx, { id: staff.tenantId, name: family.town }, { id: family.id, name: family.name, email: family.email }, now);
    await audit(tx, staff, 'reinitialisation_envoyee', familyId);
    return family.email;
  });
  deps.onMailQueued?.();
  return { message: `Un e-mail de réinitialisation a été envoyé à ${email}. Le lien est valable une heure.` };
}

// ---------------------------------------------------------------------------------------------
// Change requests
// ---------------------------------------------------------------------------------------------

/**
 * Accepts or refuses a pending request through the family module, which applies the values,
 * records the history and tells the family; the decision is audited here, in its own row.
 */
export async function decideChangeRequest(deps: Deps, staff: StaffContext, requestId: string, decision: 'accept' | 'refuse', note?: string) {
  const result = await decideFamilyChange(deps, staff.tenantId, staff.staffUserId, requestId, decision, note);
  await audit(deps.database.db, staff, decision === 'accept' ? 'demande_acceptee' : 'demande_refusee', requestId, { groupe: result.group, famille: result.familyId });
  return result;
}

/** Health values of a request are sealed data: they are only shown on request, audited. */
const SEALED_GROUPS = new Set(['child_health']);

/** The queue: what changes, old and new; health values masked until asked for. */
export async function changeRequestQueue(deps: Deps, tenantId: string, familyId?: string) {
  const rows = await listChangeRequests(deps, tenantId, { familyId });
  return rows.map((r) => (SEALED_GROUPS.has(r.group) ? { ...r, masked: true, fields: Object.fromEntries(Object.keys(r.fields).map((f) => [f, { old: null, new: null }])) } : { ...r, masked: false }));
}

/** One request's values in clear; reading health values writes its audit row in the same transaction. */
export async function changeRequestValues(deps: Deps, staff: StaffContext, requestId: string) {
  const [row] = await deps.database.db
    .select({ familyId: changeRequests.familyId })
    .from(changeRequests)
    .where(and(eq(changeRequests.tenantId, staff.tenantId), eq(changeRequests.id, requestId)));
  if (!row) throw notFound('Cette demande de modification est introuvable.');
  const request = (await listChangeRequests(deps, staff.tenantId, { familyId: row.familyId })).find((r) => r.id === requestId);
  if (!request) throw new ApiError(409, 'demande_deja_traitee', 'Cette demande de modification a déjà été traitée.');
  if (SEALED_GROUPS.has(request.group)) {
    await audit(deps.database.db, staff, 'donnees_sensibles_lues', row.familyId, { quoi: 'donnees_sante', demande: requestId });
  }
  return { ...request, masked: false };
}

/** A staff edition of a family's file (it holds health data): who, which family, what, when. */
export async function auditEdition(deps: Deps, staff: StaffContext, familyId: string, what: string) {
  await audit(deps.database.db, staff, 'edition_dossier', familyId, { quoi: what });
}

export async function townName(deps: Deps, tenantId: string) {
  const [row] = await deps.database.db.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
  return row.name;
}
