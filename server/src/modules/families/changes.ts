/**
 * Parents' changes to their file, group by group: applied at once or held for the town hall as
 * the commune decides, the sensitive ones behind the password again.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { changeRequests, children, families, familyFileEvents } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { ApiError, notFound } from '../../errors.js';
import { transactionWithRetry, isUniqueViolation } from '../../db/retry.js';
import { queueMail } from '../../mail/outbox.js';
import { addressGroup, clearAttempts, refundAttempt, takeAttempt, type Limit } from '../throttle/service.js';
import { changedPaths, GROUP_STORES, type GroupValues, type Scope } from './groups.js';
import { CHILD_GROUPS, readPolicy, type FamilyGroup } from './policy.js';
import { openChange, type SealedChange } from './change-requests.js';
import { readFamilyFile } from './file.js';
import * as mails from './mails.js';
import { endHold } from '../auth/login-email.js';
import type { SaveStatus } from '../../contracts/index.js';

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
      fields = changedPaths(current, values);
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
      fields = changedPaths(current, values);
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
    if (options.confirm) mailed = await mails.confirmToAccount(tx, tenantId, familyId, (ctx, name) => options.confirm!(ctx, name, result), now);
    return result;
  });
  if (mailed) deps.onMailQueued?.();
  return { status: status ?? 'applied', file: await readFamilyFile(deps, tenantId, familyId) };
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
    { key: `ip:${addressGroup(ip)}`, max: 50, windowMs: STEP_UP_WINDOW_MS },
  ];
  await takeAttempt(db, now, limits);
  const [family] = await db.select({ passwordHash: families.passwordHash }).from(families).where(and(eq(families.tenantId, tenantId), eq(families.id, familyId)));
  if (!(await deps.hasher.verify(password, family?.passwordHash ?? null))) {
    throw new ApiError(401, 'mot_de_passe_incorrect', 'Le mot de passe est incorrect : la modification n’a pas été enregistrée.');
  }
  await clearAttempts(db, limits[0]);
  await refundAttempt(db, [limits[1]]);
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
      await tx.update(families).set({ email: input.email, ...endHold }).where(and(eq(families.tenantId, tenantId), eq(families.id, familyId)));
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

export const MAX_PICKUP_PERSONS = 10;

type PickupPerson = { id?: string; firstName: string; lastName: string; relation: string; phone: string; allowed: boolean };

const personsOf = (values: GroupValues) => values.persons as PickupPerson[];
const personNotFound = () => notFound('Cette personne est introuvable.');

/** Saves the child's list of pickup persons, changed from the list as it stands (or as already requested). */
function savePickupPersons(deps: Deps, tenantId: string, familyId: string, childId: string, change: (persons: PickupPerson[]) => PickupPerson[], action?: 'ajoute' | 'supprime') {
  return saveGroup(deps, tenantId, familyId, 'child_pickup', (base) => ({ persons: change(personsOf(base)) }), { childId, action });
}

/** The list itself, once it is known to hold the person; 404 otherwise. */
function listing(persons: PickupPerson[], personId: string) {
  if (!persons.some((p) => p.id === personId)) throw personNotFound();
  return persons;
}

export function addPickupPerson(deps: Deps, tenantId: string, familyId: string, childId: string, person: Omit<PickupPerson, 'id'>) {
  return savePickupPersons(
    deps,
    tenantId,
    familyId,
    childId,
    (persons) => {
      if (persons.length >= MAX_PICKUP_PERSONS) {
        throw new ApiError(422, 'validation', 'Certaines informations sont manquantes ou invalides.', { fields: { persons: `Pas plus de ${MAX_PICKUP_PERSONS} personnes par enfant.` } });
      }
      return [...persons, person];
    },
    'ajoute',
  );
}

export function updatePickupPerson(deps: Deps, tenantId: string, familyId: string, childId: string, personId: string, person: Omit<PickupPerson, 'id'>) {
  return savePickupPersons(deps, tenantId, familyId, childId, (persons) => listing(persons, personId).map((p) => (p.id === personId ? { id: personId, ...person } : p)));
}

export function removePickupPerson(deps: Deps, tenantId: string, familyId: string, childId: string, personId: string) {
  return savePickupPersons(deps, tenantId, familyId, childId, (persons) => listing(persons, personId).filter((p) => p.id !== personId), 'supprime');
}
