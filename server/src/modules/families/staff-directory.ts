/**
 * What staff read of the families: the search, the family detail ("détail de la famille"), and
 * the sealed health data and IBAN, decrypted on explicit request only and audited in the same
 * transaction.
 */
import { and, asc, count, eq, gt, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { formatDayShort, parisDay } from '../../domain/dates.js';
import type { Db, Tx } from '../../db/client.js';
import { changeRequests, children, enrollments, families, guardians, oneTimeCodes } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { notFound } from '../../errors.js';
import { audit } from '../../db/audit.js';
import { containing } from '../../db/like.js';
import { DIET_LABELS } from '../../domain/diets.js';
import { childrenOfFamily } from './file.js';
import type { FamilySummary } from '../../contracts/staff/index.js';

export const PAGE_SIZE = 50;

export const familyGone = () => notFound('Cette famille est introuvable.');

/** Families whose name, number, e-mail or a child's name contains the query; 50 a page, by name. */
export async function searchFamilies(db: Db, tenantId: string, query: string, page: number) {
  const pattern = containing(query);
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
  const day = formatDayShort(parisDay(activatedAt), true);
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
    childrenOfFamily(db, tenantId, familyId, {
      schoolId: children.schoolId,
      hasHealthData: sql<boolean>`${children.healthSealed} is not null`,
      enrollments: sql<number>`(select count(*)::int from ${enrollments} e where e.tenant_id = ${children.tenantId} and e.child_id = ${children.id})`,
    }),
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
