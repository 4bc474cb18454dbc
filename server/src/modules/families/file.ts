/** The family file as its parents see it, and its history. */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../../db/client.js';
import { changeRequests, children, families, familyFileEvents, guardians, householdMembers, schools } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { openHealth, readPickupPersons } from './groups.js';
import { GROUP_LABELS, isFamilyGroup, readPolicy, type FamilyGroup } from './policy.js';
import { describeChange, openChange } from './change-requests.js';
import type { FamilyFile } from '../../contracts/index.js';

export type { FamilyFile };

type Guardian = Omit<typeof guardians.$inferSelect, 'tenantId' | 'id' | 'familyId' | 'role' | 'updatedAt'>;

const guardianOf = (row: typeof guardians.$inferSelect | undefined): Guardian | null => {
  if (!row) return null;
  const { tenantId: _t, id: _i, familyId: _f, role: _r, updatedAt: _u, ...guardian } = row;
  return guardian;
};

/** A family's children, eldest first, with their school's name and the columns a screen adds. */
export function childrenOfFamily<T extends SelectedFields>(db: Db | Tx, tenantId: string, familyId: string, columns: T) {
  return db
    .select({
      id: children.id,
      firstName: children.firstName,
      lastName: children.lastName,
      birthDate: children.birthDate,
      sex: children.sex,
      school: schools.name,
      className: children.className,
      diet: children.diet,
      ...columns,
    })
    .from(children)
    .leftJoin(schools, and(eq(schools.tenantId, children.tenantId), eq(schools.id, children.schoolId)))
    .where(and(eq(children.tenantId, tenantId), eq(children.familyId, familyId)))
    .orderBy(asc(children.birthDate), asc(children.firstName));
}

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
  const kids = await childrenOfFamily(db, tenantId, familyId, {
    hasPhoto: sql<boolean>`${children.photo} is not null`,
    healthSealed: children.healthSealed,
    complementary: children.complementary,
  });
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
