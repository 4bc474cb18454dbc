/** Enrolments of children in services, kept by staff: a child may book a service only while enrolled in it. */
import { and, asc, eq, gte, ilike, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { bookings, children, enrollments, families, schools, services } from '../../db/schema/index.js';
import { audit } from '../../db/audit.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { ApiError, notFound } from '../../errors.js';
import { familyOfChild, schoolOfChild } from './joins.js';
import { checkDateOrder, frenchDay, invalid } from './staff-checks.js';

const likePattern = (query: string) => `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function searchChildren(db: Db, tenantId: string, query: string) {
  const pattern = likePattern(query);
  return db
    .select({
      id: children.id,
      firstName: children.firstName,
      lastName: children.lastName,
      familyId: families.id,
      familyName: families.name,
      familyNumber: families.familyNumber,
      school: schools.name,
      className: children.className,
    })
    .from(children)
    .innerJoin(families, familyOfChild)
    .leftJoin(schools, schoolOfChild)
    .where(
      and(
        eq(children.tenantId, tenantId),
        or(
          ilike(children.firstName, pattern),
          ilike(children.lastName, pattern),
          ilike(families.name, pattern),
          ilike(sql`${children.firstName} || ' ' || ${children.lastName}`, pattern),
        ),
      ),
    )
    .orderBy(asc(children.lastName), asc(children.firstName))
    .limit(50);
}

async function childOf(db: Db | Tx, tenantId: string, childId: string) {
  const [child] = await db
    .select({
      id: children.id,
      firstName: children.firstName,
      lastName: children.lastName,
      familyId: children.familyId,
      familyName: families.name,
      schoolId: children.schoolId,
      school: schools.name,
      className: children.className,
      diet: children.diet,
    })
    .from(children)
    .innerJoin(families, familyOfChild)
    .leftJoin(schools, schoolOfChild)
    .where(and(eq(children.tenantId, tenantId), eq(children.id, childId)));
  if (!child) throw notFound('Cet enfant est introuvable.');
  return child;
}

export async function childEnrollments(db: Db, tenantId: string, childId: string) {
  const child = await childOf(db, tenantId, childId);
  const rows = await db
    .select({ id: enrollments.id, serviceId: enrollments.serviceId, serviceLabel: services.label, startDate: enrollments.startDate, endDate: enrollments.endDate })
    .from(enrollments)
    .innerJoin(services, and(eq(services.tenantId, enrollments.tenantId), eq(services.id, enrollments.serviceId)))
    .where(and(eq(enrollments.tenantId, tenantId), eq(enrollments.childId, childId)))
    .orderBy(asc(services.position), asc(services.label), asc(enrollments.startDate));
  const { schoolId: _schoolId, ...visible } = child;
  return { child: visible, enrollments: rows };
}

async function lockChild(tx: Tx, tenantId: string, childId: string) {
  const [row] = await tx.select({ id: children.id }).from(children).where(and(eq(children.tenantId, tenantId), eq(children.id, childId))).for('update');
  if (!row) throw notFound('Cet enfant est introuvable.');
}

export async function addEnrollment(deps: Deps, staff: StaffContext, childId: string, input: { serviceId: string; startDate: string; endDate: string | null }) {
  await deps.database.db.transaction(async (tx) => {
    await lockChild(tx, staff.tenantId, childId);
    const [service] = await tx.select({ label: services.label }).from(services).where(and(eq(services.tenantId, staff.tenantId), eq(services.id, input.serviceId)));
    if (!service) throw notFound('Ce service est introuvable.');
    checkDateOrder(input.startDate, input.endDate);
    const [clash] = await tx
      .select({ id: enrollments.id })
      .from(enrollments)
      .where(
        and(
          eq(enrollments.tenantId, staff.tenantId),
          eq(enrollments.childId, childId),
          eq(enrollments.serviceId, input.serviceId),
          input.endDate ? lte(enrollments.startDate, input.endDate) : undefined,
          or(isNull(enrollments.endDate), gte(enrollments.endDate, input.startDate)),
        ),
      );
    if (clash) throw invalid('inscription_existante', `L’enfant est déjà inscrit à « ${service.label} » sur une partie de ces dates.`, { startDate: 'Une inscription couvre déjà ces dates.' });
    const [row] = await tx.insert(enrollments).values({ tenantId: staff.tenantId, childId, ...input }).returning({ id: enrollments.id });
    await audit(tx, staff, 'inscription_ajoutee', row.id, { enfant: childId, service: service.label, debut: input.startDate, fin: input.endDate });
  });
  return childEnrollments(deps.database.db, staff.tenantId, childId);
}

/**
 * Ends an enrollment on `endDate` (its last day). Days still held after it (booked, requested,
 * on the waiting list, absent) must be cancelled first: ending silently would leave bookings the
 * child can no longer use, and a bill for them.
 */
export async function endEnrollment(deps: Deps, staff: StaffContext, id: string, endDate: string) {
  const childId = await deps.database.db.transaction(async (tx) => {
    const [row] = await tx.select().from(enrollments).where(and(eq(enrollments.tenantId, staff.tenantId), eq(enrollments.id, id))).for('update');
    if (!row) throw notFound('Cette inscription est introuvable.');
    if (endDate < row.startDate) {
      throw invalid('dates_inversees', 'La date de fin doit suivre la date de début de l’inscription.', { endDate: 'La date de fin doit suivre la date de début de l’inscription.' });
    }
    const [{ held }] = await tx
      .select({ held: sql<number>`count(*)::int` })
      .from(bookings)
      .where(
        and(
          eq(bookings.tenantId, staff.tenantId),
          eq(bookings.childId, row.childId),
          eq(bookings.serviceId, row.serviceId),
          sql`${bookings.day} > ${endDate}`,
          row.endDate ? lte(bookings.day, row.endDate) : undefined,
          inArray(bookings.state, ['booked', 'requested', 'waitlisted', 'absent']),
        ),
      );
    if (held > 0) {
      const message = `${held === 1 ? 'Une réservation existe' : `${held} réservations existent`} après le ${frenchDay(endDate)} : annulez-${held === 1 ? 'la' : 'les'} avant de terminer l’inscription.`;
      throw new ApiError(409, 'reservations_a_venir', message, { fields: { endDate: message } });
    }
    await tx.update(enrollments).set({ endDate }).where(and(eq(enrollments.tenantId, staff.tenantId), eq(enrollments.id, id)));
    await audit(tx, staff, 'inscription_terminee', id, { enfant: row.childId, fin: endDate });
    return row.childId;
  });
  return childEnrollments(deps.database.db, staff.tenantId, childId);
}
