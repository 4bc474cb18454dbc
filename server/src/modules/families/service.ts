import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { changeRequests, children, families, familyFileEvents, guardians, householdMembers, schools } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { ApiError, notFound } from '../../http/errors.js';
import { transactionWithRetry, isUniqueViolation } from '../../db/retry.js';
import { queueMail } from '../../mail/outbox.js';
import { sniffImage } from '../../security/images.js';
import { assertNotThrottled, clearAttempts, recordAttempt, type Limit } from '../throttle/service.js';
import { changedFields, GROUP_STORES, openHealth, readPickupPersons, type GroupValues, type Health, type Scope } from './groups.js';
import { CHILD_GROUPS, GROUP_LABELS, isFamilyGroup, readPolicy, type FamilyFilePolicy, type FamilyGroup } from './policy.js';
import { MAX_PICKUP_PERSONS } from './schemas.js';
import * as mails from './mails.js';

export interface FieldChange {
  old: unknown;
  new: unknown;
}

export interface PendingChange {
  id: string;
  group: FamilyGroup;
  childId: string | null;
  fields: Record<string, FieldChange>;
  requestedAt: string;
}

export interface FamilyFile {
  family: {
    number: string;
    name: string;
    email: string | null;
    notificationEmails: string[];
    quotientFamilial: number | null;
    cafNumber: string | null;
    fiscalIncome: number | null;
    fiscalShares: number | null;
    iban: string | null;
    bic: string | null;
    accountHolder: string | null;
  };
  guardians: { responsable: Guardian | null; conjoint: Guardian | null };
  household: { id: string; firstName: string; lastName: string; relation: string; birthDate: string | null }[];
  children: {
    id: string;
    firstName: string;
    lastName: string;
    birthDate: string | null;
    sex: 'F' | 'M' | null;
    school: string | null;
    className: string | null;
    diet: string;
    hasPhoto: boolean;
    health: Health;
    pickupPersons: { id: string; firstName: string; lastName: string; relation: string; phone: string; allowed: boolean }[];
    complementary: Record<string, string>;
  }[];
  pending: PendingChange[];
  policy: FamilyFilePolicy;
}

type Guardian = Omit<typeof guardians.$inferSelect, 'tenantId' | 'id' | 'familyId' | 'role' | 'updatedAt'>;

export type SaveStatus = 'applied' | 'pending';

interface SealedChange {
  old: GroupValues;
  new: GroupValues;
}

const openChange = (deps: Deps, sealed: string) => JSON.parse(deps.encryption.decrypt(sealed)) as SealedChange;

/** Old and new values of the fields a request changes, as parents and staff are shown them. */
function describeChange(group: FamilyGroup, change: SealedChange): Record<string, FieldChange> {
  const display = GROUP_STORES[group].display ?? ((values: GroupValues) => values);
  const before = display(change.old);
  const after = display(change.new);
  return Object.fromEntries(changedFields(change.old, change.new).map((field) => [field, { old: before[field] ?? null, new: after[field] ?? null }]));
}

const guardianOf = (row: typeof guardians.$inferSelect | undefined): Guardian | null => {
  if (!row) return null;
  const { tenantId: _t, id: _i, familyId: _f, role: _r, updatedAt: _u, ...guardian } = row;
  return guardian;
};

/** The whole family file as its parents see it: IBAN masked, health data in clear. */
export async function readFamilyFile(deps: Deps, tenantId: string, familyId: string): Promise<FamilyFile> {
  const { db } = deps.database;
  const [family] = await db.select().from(families).where(and(eq(families.tenantId, tenantId), eq(families.id, familyId)));
  if (!family) throw notFound('Ce dossier famille est introuvable.');
  const guardianRows = await db.select().from(guardians).where(and(eq(guardians.tenantId, tenantId), eq(guardians.familyId, familyId)));
  const household = await db
    .select({ id: householdMembers.id, firstName: householdMembers.firstName, lastName: householdMembers.lastName, relation: householdMembers.relation, birthDate: householdMembers.birthDate })
    .from(householdMembers)
    .where(and(eq(householdMembers.tenantId, tenantId), eq(householdMembers.familyId, familyId)))
    .orderBy(asc(householdMembers.birthDate), asc(householdMembers.firstName));
  const kids = await db
    .select({
      id: children.id,
      firstName: children.firstName,
      lastName: children.lastName,
      birthDate: children.birthDate,
      sex: children.sex,
      school: schools.name,
      className: children.className,
      diet: children.diet,
      hasPhoto: sql<boolean>`${children.photo} is not null`,
      healthSealed: children.healthSealed,
      complementary: children.complementary,
    })
    .from(children)
    .leftJoin(schools, and(eq(schools.tenantId, children.tenantId), eq(schools.id, children.schoolId)))
    .where(and(eq(children.tenantId, tenantId), eq(children.familyId, familyId)))
    .orderBy(asc(children.birthDate), asc(children.firstName));
  const persons = await readPickupPersons(db, tenantId, kids.map((k) => k.id));
  const requests = await db
    .select()
    .from(changeRequests)
    .where(and(eq(changeRequests.tenantId, tenantId), eq(changeRequests.familyId, familyId), eq(changeRequests.status, 'pending')))
    .orderBy(asc(changeRequests.requestedAt));
  return {
    family: {
      number: family.familyNumber,
      name: family.name,
      email: family.email,
      notificationEmails: family.notificationEmails,
      quotientFamilial: family.quotientFamilial,
      cafNumber: family.cafNumber,
      fiscalIncome: family.fiscalIncome,
      fiscalShares: family.fiscalSharesHundredths === null ? null : family.fiscalSharesHundredths / 100,
      iban: family.ibanMasked,
      bic: family.bic,
      accountHolder: family.accountHolder,
    },
    guardians: { responsable: guardianOf(guardianRows.find((g) => g.role === 'responsable')), conjoint: guardianOf(guardianRows.find((g) => g.role === 'conjoint')) },
    household,
    children: kids.map(({ healthSealed, hasPhoto, ...child }) => ({
      ...child,
      hasPhoto: Boolean(hasPhoto),
      health: openHealth(deps.encryption, healthSealed),
      pickupPersons: persons.filter((p) => p.childId === child.id).map(({ childId: _c, ...person }) => person),
    })),
    pending: requests.filter((r) => isFamilyGroup(r.fieldGroup)).map((r) => ({
      id: r.id,
      group: r.fieldGroup as FamilyGroup,
      childId: r.childId,
      fields: describeChange(r.fieldGroup as FamilyGroup, openChange(deps, r.valuesSealed)),
      requestedAt: r.requestedAt.toISOString(),
    })),
    policy: await readPolicy(db, tenantId),
  };
}

async function assertChildOfFamily(db: Db, tenantId: string, familyId: string, childId: string | null) {
  const [child] = childId
    ? await db.select({ id: children.id }).from(children).where(and(eq(children.tenantId, tenantId), eq(children.id, childId), eq(children.familyId, familyId)))
    : [];
  if (!child) throw notFound('Cet enfant est introuvable.');
}

/** New values of a group, or how to build them from the group as it stands (or as already requested). */
export type GroupInput = GroupValues | ((base: GroupValues) => GroupValues);

export interface SaveOptions {
  childId?: string | null;
  /** How the history names the change ("ajoute" for a new pickup person…); "modifie" by default. */
  action?: 'modifie' | 'ajoute' | 'supprime';
  /** Confirm to the account's address (step-up changes): queued in the same transaction. */
  confirm?: (ctx: mails.MailContext, familyName: string, status: SaveStatus) => { subject: string; text: string };
}

/**
 * Saves one group of the file. Where the commune lets parents change it directly, it is applied
 * at once; otherwise a change request holds the old and new values, sealed, and replaces the
 * family's previous pending request for the same group (and child). Either way the history gets
 * the names of the fields that change, never their values.
 */
export async function saveGroup(deps: Deps, tenantId: string, familyId: string, group: FamilyGroup, input: GroupInput, options: SaveOptions = {}) {
  const { db } = deps.database;
  const policy = await readPolicy(db, tenantId);
  const childId = CHILD_GROUPS.has(group) ? (options.childId ?? null) : null;
  if (CHILD_GROUPS.has(group)) await assertChildOfFamily(db, tenantId, familyId, childId);
  const scope: Scope = { tenantId, familyId, childId };
  const store = GROUP_STORES[group];
  let mailed = false;

  const status = await transactionWithRetry(db, async (tx): Promise<SaveStatus | null> => {
    mailed = false;
    const now = deps.clock.now();
    const current = await store.read(tx, deps, scope);
    let result: SaveStatus;
    let fields: string[];
    if (policy[group] === 'direct') {
      const values = typeof input === 'function' ? input(current) : input;
      fields = changedFields(current, values);
      if (fields.length === 0) return null;
      await store.write(tx, deps, scope, values);
      result = 'applied';
    } else {
      const [pending] = await tx
        .select({ id: changeRequests.id, valuesSealed: changeRequests.valuesSealed })
        .from(changeRequests)
        .where(
          and(
            eq(changeRequests.tenantId, tenantId),
            eq(changeRequests.familyId, familyId),
            eq(changeRequests.fieldGroup, group),
            childId ? eq(changeRequests.childId, childId) : isNull(changeRequests.childId),
            eq(changeRequests.status, 'pending'),
          ),
        )
        .for('update');
      const values = typeof input === 'function' ? input(pending ? openChange(deps, pending.valuesSealed).new : current) : input;
      fields = changedFields(current, values);
      if (fields.length === 0) {
        // Back to what the file holds: the earlier request has nothing left to ask.
        if (pending) await tx.delete(changeRequests).where(eq(changeRequests.id, pending.id));
        return null;
      }
      const valuesSealed = deps.encryption.encrypt(JSON.stringify({ old: current, new: values } satisfies SealedChange));
      if (pending) await tx.update(changeRequests).set({ valuesSealed, requestedAt: now }).where(eq(changeRequests.id, pending.id));
      else await tx.insert(changeRequests).values({ tenantId, familyId, childId, fieldGroup: group, valuesSealed, requestedAt: now });
      result = 'pending';
    }
    await tx.insert(familyFileEvents).values({
      tenantId,
      familyId,
      childId,
      fieldGroup: group,
      action: result === 'pending' ? 'demande' : (options.action ?? 'modifie'),
      fields,
      channel: 'internet',
      at: now,
    });
    if (options.confirm) mailed = await confirmToAccount(tx, tenantId, familyId, (ctx, name) => options.confirm!(ctx, name, result), now);
    return result;
  });
  if (mailed) deps.onMailQueued?.();
  return { status: status ?? 'applied', file: await readFamilyFile(deps, tenantId, familyId) };
}

async function confirmToAccount(tx: Tx, tenantId: string, familyId: string, write: (ctx: mails.MailContext, familyName: string) => { subject: string; text: string }, now: Date) {
  const [family] = await tx.select({ name: families.name, email: families.email }).from(families).where(and(eq(families.tenantId, tenantId), eq(families.id, familyId)));
  if (!family?.email) return false;
  await queueMail(tx, { tenantId, to: family.email, ...write(await mails.mailContext(tx, tenantId), family.name) }, now);
  return true;
}

const STEP_UP_WINDOW_MS = 15 * 60 * 1000;

/**
 * Sensitive changes (login address, bank details) ask for the current password again, with the
 * same limits as signing in: 5 wrong passwords per account and 50 per address in 15 minutes.
 */
export async function verifyStepUp(deps: Deps, tenantId: string, familyId: string, password: string, ip: string) {
  const { db } = deps.database;
  const now = deps.clock.now();
  const limits: Limit[] = [
    { key: `stepup:${tenantId}:${familyId}`, max: 5, windowMs: STEP_UP_WINDOW_MS },
    { key: `ip:${ip}`, max: 50, windowMs: STEP_UP_WINDOW_MS },
  ];
  await assertNotThrottled(db, now, limits);
  const [family] = await db.select({ passwordHash: families.passwordHash }).from(families).where(and(eq(families.tenantId, tenantId), eq(families.id, familyId)));
  if (!(await deps.hasher.verify(password, family?.passwordHash ?? null))) {
    await recordAttempt(db, now, limits);
    throw new ApiError(401, 'mot_de_passe_incorrect', 'Le mot de passe est incorrect : la modification n’a pas été enregistrée.');
  }
  await clearAttempts(db, limits[0]);
}

/** Bank details: password again, then the group's policy; the old address is told either way. */
export async function saveBankDetails(deps: Deps, tenantId: string, familyId: string, input: GroupValues & { password: string }, ip: string) {
  const { password, ...values } = input;
  await verifyStepUp(deps, tenantId, familyId, password, ip);
  return saveGroup(deps, tenantId, familyId, 'bank', values, { confirm: mails.bankDetailsChanged });
}

/** Replaces the account's login e-mail; the confirmation goes to the old address, in the same transaction. */
export async function changeLoginEmail(deps: Deps, tenantId: string, familyId: string, input: { email: string; password: string }, ip: string) {
  await verifyStepUp(deps, tenantId, familyId, input.password, ip);
  const { db } = deps.database;
  const taken = () => new ApiError(409, 'email_deja_utilise', 'Cette adresse e-mail est déjà utilisée par un autre compte famille. Choisissez-en une autre ou contactez la mairie.');
  let mailed = false;
  try {
    await db.transaction(async (tx) => {
      const now = deps.clock.now();
      const [family] = await tx.select({ name: families.name, email: families.email }).from(families).where(and(eq(families.tenantId, tenantId), eq(families.id, familyId))).for('update');
      if (family.email === input.email) {
        throw new ApiError(422, 'validation', 'Certaines informations sont manquantes ou invalides.', { fields: { email: 'C’est déjà votre adresse de connexion.' } });
      }
      const [other] = await tx.select({ id: families.id }).from(families).where(and(eq(families.tenantId, tenantId), eq(families.email, input.email)));
      if (other) throw taken();
      await tx.update(families).set({ email: input.email }).where(and(eq(families.tenantId, tenantId), eq(families.id, familyId)));
      await tx.insert(familyFileEvents).values({ tenantId, familyId, fieldGroup: 'login_email', action: 'modifie', fields: ['email'], channel: 'internet', at: now });
      if (family.email) {
        await queueMail(tx, { tenantId, to: family.email, ...mails.loginEmailChanged(await mails.mailContext(tx, tenantId), family.name, input.email) }, now);
        mailed = true;
      }
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
  if (mailed) deps.onMailQueued?.();
  return { status: 'applied' as const, file: await readFamilyFile(deps, tenantId, familyId) };
}

type PickupPerson = { id?: string; firstName: string; lastName: string; relation: string; phone: string; allowed: boolean };

const personsOf = (values: GroupValues) => values.persons as PickupPerson[];
const personNotFound = () => notFound('Cette personne est introuvable.');

export function addPickupPerson(deps: Deps, tenantId: string, familyId: string, childId: string, person: Omit<PickupPerson, 'id'>) {
  return saveGroup(
    deps,
    tenantId,
    familyId,
    'child_pickup',
    (base) => {
      const persons = personsOf(base);
      if (persons.length >= MAX_PICKUP_PERSONS) {
        throw new ApiError(422, 'validation', 'Certaines informations sont manquantes ou invalides.', { fields: { persons: `Pas plus de ${MAX_PICKUP_PERSONS} personnes par enfant.` } });
      }
      return { persons: [...persons, person] };
    },
    { childId, action: 'ajoute' },
  );
}

export function updatePickupPerson(deps: Deps, tenantId: string, familyId: string, childId: string, personId: string, person: Omit<PickupPerson, 'id'>) {
  return saveGroup(
    deps,
    tenantId,
    familyId,
    'child_pickup',
    (base) => {
      const persons = personsOf(base);
      if (!persons.some((p) => p.id === personId)) throw personNotFound();
      return { persons: persons.map((p) => (p.id === personId ? { id: personId, ...person } : p)) };
    },
    { childId },
  );
}

export function removePickupPerson(deps: Deps, tenantId: string, familyId: string, childId: string, personId: string) {
  return saveGroup(
    deps,
    tenantId,
    familyId,
    'child_pickup',
    (base) => {
      const persons = personsOf(base);
      if (!persons.some((p) => p.id === personId)) throw personNotFound();
      return { persons: persons.filter((p) => p.id !== personId) };
    },
    { childId, action: 'supprime' },
  );
}

export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
export const MAX_PHOTO_SIDE = 2000;

/** A child's photo: PNG or JPEG recognised by its bytes, at most 2 Mo and 2000 × 2000 pixels. Always direct (it replaces a paper photo). */
export async function saveChildPhoto(deps: Deps, tenantId: string, familyId: string, childId: string, bytes: Uint8Array) {
  if (bytes.length > MAX_PHOTO_BYTES) throw new ApiError(413, 'image_trop_lourde', 'La photo ne doit pas dépasser 2 Mo.', { fields: { data: 'La photo ne doit pas dépasser 2 Mo.' } });
  const info = sniffImage(bytes);
  if (!info) {
    throw new ApiError(422, 'format_image', 'La photo doit être une image JPEG ou PNG (les autres formats, dont SVG, sont refusés).', { fields: { data: 'Format non accepté : JPEG ou PNG uniquement.' } });
  }
  if (info.width > MAX_PHOTO_SIDE || info.height > MAX_PHOTO_SIDE) {
    const message = `La photo mesure ${info.width} × ${info.height} pixels : elle ne doit pas dépasser ${MAX_PHOTO_SIDE} × ${MAX_PHOTO_SIDE} pixels.`;
    throw new ApiError(422, 'image_trop_grande', message, { fields: { data: message } });
  }
  await deps.database.db.transaction(async (tx) => {
    const [child] = await tx
      .update(children)
      .set({ photo: bytes, photoMime: info.mime })
      .where(and(eq(children.tenantId, tenantId), eq(children.id, childId), eq(children.familyId, familyId)))
      .returning({ id: children.id });
    if (!child) throw notFound('Cet enfant est introuvable.');
    await tx.insert(familyFileEvents).values({ tenantId, familyId, childId, fieldGroup: 'child_identity', action: 'modifie', fields: ['photo'], channel: 'internet', at: deps.clock.now() });
  });
  return { hasPhoto: true, mime: info.mime, width: info.width, height: info.height };
}

export async function readChildPhoto(deps: Deps, tenantId: string, familyId: string, childId: string) {
  const [row] = await deps.database.db
    .select({ photo: children.photo, mime: children.photoMime })
    .from(children)
    .where(and(eq(children.tenantId, tenantId), eq(children.id, childId), eq(children.familyId, familyId)));
  if (!row) throw notFound('Cet enfant est introuvable.');
  if (!row.photo || !row.mime) throw notFound('Aucune photo n’est enregistrée pour cet enfant.');
  return { bytes: row.photo, mime: row.mime };
}

/** The family file's history, newest first: who changed which group and which fields (never the values). */
export async function familyFileHistory(deps: Deps, tenantId: string, familyId: string, limit = 200) {
  const rows = await deps.database.db
    .select({
      at: familyFileEvents.at,
      group: familyFileEvents.fieldGroup,
      action: familyFileEvents.action,
      fields: familyFileEvents.fields,
      channel: familyFileEvents.channel,
      childName: children.firstName,
    })
    .from(familyFileEvents)
    .leftJoin(children, and(eq(children.tenantId, familyFileEvents.tenantId), eq(children.id, familyFileEvents.childId)))
    .where(and(eq(familyFileEvents.tenantId, tenantId), eq(familyFileEvents.familyId, familyId)))
    .orderBy(desc(familyFileEvents.at), desc(familyFileEvents.id))
    .limit(limit);
  return rows.map((r) => ({
    at: r.at.toISOString(),
    group: r.group,
    groupLabel: GROUP_LABELS[r.group as FamilyGroup] ?? r.group,
    action: r.action,
    fields: r.fields,
    channel: r.channel,
    ...(r.childName ? { childName: r.childName } : {}),
  }));
}

/** Change requests of the commune (or of one family) for the staff queue, values decrypted and the IBAN masked. */
export async function listChangeRequests(deps: Deps, tenantId: string, filter: { familyId?: string; status?: 'pending' | 'accepted' | 'refused' } = {}) {
  const rows = await deps.database.db
    .select({
      id: changeRequests.id,
      familyId: changeRequests.familyId,
      familyName: families.name,
      familyNumber: families.familyNumber,
      childId: changeRequests.childId,
      childName: children.firstName,
      group: changeRequests.fieldGroup,
      valuesSealed: changeRequests.valuesSealed,
      status: changeRequests.status,
      requestedAt: changeRequests.requestedAt,
      decidedAt: changeRequests.decidedAt,
      decisionNote: changeRequests.decisionNote,
    })
    .from(changeRequests)
    .innerJoin(families, and(eq(families.tenantId, changeRequests.tenantId), eq(families.id, changeRequests.familyId)))
    .leftJoin(children, and(eq(children.tenantId, changeRequests.tenantId), eq(children.id, changeRequests.childId)))
    .where(
      and(
        eq(changeRequests.tenantId, tenantId),
        eq(changeRequests.status, filter.status ?? 'pending'),
        filter.familyId ? eq(changeRequests.familyId, filter.familyId) : undefined,
      ),
    )
    .orderBy(asc(changeRequests.requestedAt));
  return rows
    .filter((r) => isFamilyGroup(r.group))
    .map(({ valuesSealed, requestedAt, decidedAt, ...r }) => ({
      ...r,
      groupLabel: GROUP_LABELS[r.group as FamilyGroup],
      fields: describeChange(r.group as FamilyGroup, openChange(deps, valuesSealed)),
      requestedAt: requestedAt.toISOString(),
      decidedAt: decidedAt?.toISOString() ?? null,
    }));
}

/**
 * A staff member accepts (the new values are applied) or refuses a parent's change request. The
 * history records it on the "mairie" channel and the family is told by e-mail, in the same
 * transaction. The staff module authorises and audits the call.
 */
export async function decideChangeRequest(deps: Deps, tenantId: string, staffUserId: string, requestId: string, decision: 'accept' | 'refuse', note?: string) {
  const decisionNote = note?.trim().slice(0, 1000) || null;
  let mailed = false;
  const result = await transactionWithRetry(deps.database.db, async (tx) => {
    mailed = false;
    const now = deps.clock.now();
    const [request] = await tx
      .select()
      .from(changeRequests)
      .where(and(eq(changeRequests.tenantId, tenantId), eq(changeRequests.id, requestId)))
      .for('update');
    if (!request || !isFamilyGroup(request.fieldGroup)) throw notFound('Cette demande de modification est introuvable.');
    if (request.status !== 'pending') throw new ApiError(409, 'demande_deja_traitee', 'Cette demande de modification a déjà été traitée.');
    const group = request.fieldGroup;
    const change = openChange(deps, request.valuesSealed);
    if (decision === 'accept') await GROUP_STORES[group].write(tx, deps, { tenantId, familyId: request.familyId, childId: request.childId }, change.new);
    const status = decision === 'accept' ? 'accepted' : 'refused';
    await tx.update(changeRequests).set({ status, decidedAt: now, decidedBy: staffUserId, decisionNote }).where(eq(changeRequests.id, request.id));
    await tx.insert(familyFileEvents).values({
      tenantId,
      familyId: request.familyId,
      childId: request.childId,
      fieldGroup: group,
      action: decision === 'accept' ? 'valide' : 'refuse',
      fields: changedFields(change.old, change.new),
      channel: 'mairie',
      staffUserId,
      at: now,
    });
    mailed = await confirmToAccount(tx, tenantId, request.familyId, (ctx, name) => mails.changeRequestDecided(ctx, name, GROUP_LABELS[group], decision, decisionNote), now);
    return { id: request.id, familyId: request.familyId, group, status };
  });
  if (mailed) deps.onMailQueued?.();
  return result;
}
