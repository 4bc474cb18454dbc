import { and, asc, eq, inArray, notInArray } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { children, families, guardians, householdMembers, pickupPersons } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import type { Encryption } from '../../security/encryption.js';
import type { FamilyGroup } from './policy.js';
import { maskIban } from './validation.js';
import type { ChildHealth as Health } from '../../contracts/index.js';

/**
 * How each group of the family file is read from and written to its tables. Values have the
 * shape of the group's body (see schemas.ts) without `childId` and `password`, so that what is
 * stored, what a parent sends and what a change request holds compare field by field.
 */
export type GroupValues = Record<string, unknown>;

export interface Scope {
  tenantId: string;
  familyId: string;
  childId: string | null;
}

interface GroupStore {
  read(tx: Tx, deps: Deps, scope: Scope): Promise<GroupValues>;
  write(tx: Tx, deps: Deps, scope: Scope, values: GroupValues): Promise<void>;
  /** What parents and staff are shown of the values (the IBAN stays masked). */
  display?(values: GroupValues): GroupValues;
}

export const emptyHealth = (): Health => ({ allergies: [], pai: { active: false, details: null }, doctorName: null, doctorPhone: null, vaccinations: [], needsSupport: false, notes: null });

export const openHealth = (encryption: Encryption, sealed: string | null): Health => (sealed ? { ...emptyHealth(), ...(JSON.parse(encryption.decrypt(sealed)) as Partial<Health>) } : emptyHealth());

const IDENTITY_KEYS = ['civility', 'firstName', 'lastName', 'birthDate', 'addressLine1', 'addressLine2', 'postalCode', 'city', 'profession', 'employer'] as const;
const CONTACT_KEYS = ['phoneHome', 'phoneMobile', 'phoneWork', 'email'] as const;

const pick = <K extends string>(row: Record<string, unknown> | undefined, keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, row?.[key] ?? null])) as Record<K, unknown>;

const childOf = (scope: Scope) => {
  if (!scope.childId) throw new Error('child group without a child');
  return scope.childId;
};

const whereChild = (scope: Scope) => and(eq(children.tenantId, scope.tenantId), eq(children.id, childOf(scope)), eq(children.familyId, scope.familyId));
const whereFamily = (scope: Scope) => and(eq(families.tenantId, scope.tenantId), eq(families.id, scope.familyId));

function guardianIdentity(role: 'responsable' | 'conjoint'): GroupStore {
  return {
    async read(tx, _deps, scope) {
      const [row] = await tx.select().from(guardians).where(and(eq(guardians.tenantId, scope.tenantId), eq(guardians.familyId, scope.familyId), eq(guardians.role, role)));
      return pick(row, IDENTITY_KEYS);
    },
    async write(tx, deps, scope, values) {
      const set = { ...(pick(values, IDENTITY_KEYS) as Omit<typeof guardians.$inferInsert, 'tenantId' | 'familyId' | 'role'>), updatedAt: deps.clock.now() };
      await tx
        .insert(guardians)
        .values({ ...set, tenantId: scope.tenantId, familyId: scope.familyId, role })
        .onConflictDoUpdate({ target: [guardians.tenantId, guardians.familyId, guardians.role], set });
    },
  };
}

const contact: GroupStore = {
  async read(tx, _deps, scope) {
    const rows = await tx.select().from(guardians).where(and(eq(guardians.tenantId, scope.tenantId), eq(guardians.familyId, scope.familyId)));
    const of = (role: string) => {
      const row = rows.find((r) => r.role === role);
      return row ? pick(row, CONTACT_KEYS) : null;
    };
    return { responsable: of('responsable'), conjoint: of('conjoint') };
  },
  async write(tx, deps, scope, values) {
    for (const role of ['responsable', 'conjoint'] as const) {
      const details = values[role] as Record<string, unknown> | null;
      const [updated] = await tx
        .update(guardians)
        .set({ ...(pick(details ?? {}, CONTACT_KEYS) as Record<(typeof CONTACT_KEYS)[number], string | null>), updatedAt: deps.clock.now() })
        .where(and(eq(guardians.tenantId, scope.tenantId), eq(guardians.familyId, scope.familyId), eq(guardians.role, role)))
        .returning({ id: guardians.id });
      if (!updated && details) {
        const who = role === 'responsable' ? 'du responsable' : 'du conjoint';
        throw new ApiError(422, 'validation', 'Certaines informations sont manquantes ou invalides.', { fields: { [role]: `Renseignez d’abord l’identité ${who}.` } });
      }
    }
  },
};

const fiscal: GroupStore = {
  async read(tx, _deps, scope) {
    const [row] = await tx.select().from(families).where(whereFamily(scope));
    return {
      quotientFamilial: row.quotientFamilial,
      cafNumber: row.cafNumber,
      fiscalIncome: row.fiscalIncome,
      fiscalShares: row.fiscalSharesHundredths === null ? null : row.fiscalSharesHundredths / 100,
    };
  },
  async write(tx, _deps, scope, values) {
    const shares = values.fiscalShares as number | null;
    await tx
      .update(families)
      .set({
        quotientFamilial: values.quotientFamilial as number | null,
        cafNumber: values.cafNumber as string | null,
        fiscalIncome: values.fiscalIncome as number | null,
        fiscalSharesHundredths: shares === null ? null : Math.round(shares * 100),
      })
      .where(whereFamily(scope));
  },
};

const bank: GroupStore = {
  async read(tx, deps, scope) {
    const [row] = await tx.select({ sealed: families.ibanSealed, bic: families.bic, accountHolder: families.accountHolder }).from(families).where(whereFamily(scope));
    return { iban: row.sealed ? deps.encryption.decrypt(row.sealed) : null, bic: row.bic, accountHolder: row.accountHolder };
  },
  async write(tx, deps, scope, values) {
    const iban = values.iban as string;
    await tx
      .update(families)
      .set({ ibanSealed: deps.encryption.encrypt(iban), ibanMasked: maskIban(iban), bic: values.bic as string | null, accountHolder: values.accountHolder as string })
      .where(whereFamily(scope));
  },
  display: (values) => ({ ...values, iban: typeof values.iban === 'string' ? maskIban(values.iban) : null }),
};

const notifications: GroupStore = {
  async read(tx, _deps, scope) {
    const [row] = await tx.select({ emails: families.notificationEmails }).from(families).where(whereFamily(scope));
    return { emails: row.emails };
  },
  async write(tx, _deps, scope, values) {
    await tx.update(families).set({ notificationEmails: values.emails as string[] }).where(whereFamily(scope));
  },
};

type MemberValues = { firstName: string; lastName: string; relation: string; birthDate: string | null };

const household: GroupStore = {
  async read(tx, _deps, scope) {
    const rows = await tx
      .select({ firstName: householdMembers.firstName, lastName: householdMembers.lastName, relation: householdMembers.relation, birthDate: householdMembers.birthDate })
      .from(householdMembers)
      .where(and(eq(householdMembers.tenantId, scope.tenantId), eq(householdMembers.familyId, scope.familyId)))
      .orderBy(asc(householdMembers.birthDate), asc(householdMembers.firstName));
    return { members: rows };
  },
  async write(tx, _deps, scope, values) {
    await tx.delete(householdMembers).where(and(eq(householdMembers.tenantId, scope.tenantId), eq(householdMembers.familyId, scope.familyId)));
    const members = values.members as MemberValues[];
    if (members.length) await tx.insert(householdMembers).values(members.map((m) => ({ ...m, tenantId: scope.tenantId, familyId: scope.familyId })));
  },
};

const childIdentity: GroupStore = {
  async read(tx, _deps, scope) {
    const [row] = await tx
      .select({ firstName: children.firstName, lastName: children.lastName, birthDate: children.birthDate, sex: children.sex, diet: children.diet })
      .from(children)
      .where(whereChild(scope));
    return row;
  },
  async write(tx, _deps, scope, values) {
    await tx
      .update(children)
      .set(pick(values, ['firstName', 'lastName', 'birthDate', 'sex', 'diet']) as Pick<typeof children.$inferInsert, 'firstName' | 'lastName' | 'birthDate' | 'sex' | 'diet'>)
      .where(whereChild(scope));
  },
};

const childHealth: GroupStore = {
  async read(tx, deps, scope) {
    const [row] = await tx.select({ sealed: children.healthSealed }).from(children).where(whereChild(scope));
    return { ...openHealth(deps.encryption, row.sealed) };
  },
  async write(tx, deps, scope, values) {
    const health: Health = { ...emptyHealth(), ...(pick(values, Object.keys(emptyHealth())) as Partial<Health>) };
    await tx.update(children).set({ healthSealed: deps.encryption.encrypt(JSON.stringify(health)) }).where(whereChild(scope));
  },
};

type PersonValues = { id?: string; firstName: string; lastName: string; relation: string; phone: string; allowed: boolean };

export async function readPickupPersons(tx: Db | Tx, tenantId: string, childIds: string[]) {
  if (childIds.length === 0) return [];
  return tx
    .select({ id: pickupPersons.id, childId: pickupPersons.childId, firstName: pickupPersons.firstName, lastName: pickupPersons.lastName, relation: pickupPersons.relation, phone: pickupPersons.phone, allowed: pickupPersons.allowed })
    .from(pickupPersons)
    .where(and(eq(pickupPersons.tenantId, tenantId), inArray(pickupPersons.childId, childIds)))
    .orderBy(asc(pickupPersons.lastName), asc(pickupPersons.firstName), asc(pickupPersons.id));
}

const childPickup: GroupStore = {
  async read(tx, _deps, scope) {
    const rows = await readPickupPersons(tx, scope.tenantId, [childOf(scope)]);
    return { persons: rows.map(({ childId: _childId, ...person }) => person) };
  },
  async write(tx, _deps, scope, values) {
    const childId = childOf(scope);
    const persons = values.persons as PersonValues[];
    const ofChild = and(eq(pickupPersons.tenantId, scope.tenantId), eq(pickupPersons.childId, childId));
    const existing = new Set((await tx.select({ id: pickupPersons.id }).from(pickupPersons).where(ofChild)).map((r) => r.id));
    const kept = persons.filter((p) => p.id && existing.has(p.id)).map((p) => p.id!);
    await tx.delete(pickupPersons).where(kept.length ? and(ofChild, notInArray(pickupPersons.id, kept)) : ofChild);
    for (const { id, ...person } of persons) {
      // An id that no longer exists (removed since a request was made) is simply a new person.
      if (id && existing.has(id)) await tx.update(pickupPersons).set(person).where(and(ofChild, eq(pickupPersons.id, id)));
      else await tx.insert(pickupPersons).values({ ...person, tenantId: scope.tenantId, childId });
    }
  },
};

const childComplementary: GroupStore = {
  async read(tx, _deps, scope) {
    const [row] = await tx.select({ complementary: children.complementary }).from(children).where(whereChild(scope));
    return { complementary: row.complementary };
  },
  async write(tx, _deps, scope, values) {
    await tx.update(children).set({ complementary: values.complementary as Record<string, string> }).where(whereChild(scope));
  },
};

export const GROUP_STORES: Record<FamilyGroup, GroupStore> = {
  responsable: guardianIdentity('responsable'),
  conjoint: guardianIdentity('conjoint'),
  contact,
  fiscal,
  bank,
  notifications,
  household,
  child_identity: childIdentity,
  child_health: childHealth,
  child_pickup: childPickup,
  child_complementary: childComplementary,
};

/** JSON with sorted keys, so that two equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The names of the fields whose value changes. */
export const changedFields = (before: GroupValues, after: GroupValues) => Object.keys(after).filter((key) => canonical(before[key]) !== canonical(after[key]));

const isRecord = (value: unknown): value is GroupValues => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The fields whose value changes, one level into a group of nested values, so that the history
 * says "responsable.phoneMobile" (the phone) rather than "responsable" (the whole person).
 */
export const changedPaths = (before: GroupValues, after: GroupValues) =>
  changedFields(before, after).flatMap((key) => {
    const [old, now] = [before[key], after[key]];
    return isRecord(old) && isRecord(now) ? changedFields(old, now).map((sub) => `${key}.${sub}`) : [key];
  });
