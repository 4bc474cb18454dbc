import { and, asc, eq, inArray } from 'drizzle-orm';
import {
  absenceReasons,
  bookingEvents,
  bookings,
  changeRequests,
  children,
  conversations,
  documents,
  enrollments,
  families,
  familyFileEvents,
  familySessions,
  guardians,
  householdMembers,
  messageAttachments,
  messages,
  pickupPersons,
  schools,
  services,
  tenants,
} from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { openHealth } from './groups.js';
import { documentColumns } from '../documents/service.js';

const withoutTenant = <T extends { tenantId: string }>({ tenantId: _tenantId, ...rest }: T) => rest;

/**
 * Right of access (RGPD art. 15): every record the commune holds about one family, read by the
 * family itself. Health data is in clear and so is the IBAN: it is the family's own data and the
 * export exists to give it back whole (the masked form is included too). Left out: the password
 * hash, session and code hashes, the photos', documents' and attachments' bytes (metadata only;
 * they are downloaded one by one), the town hall's internal notes.
 */
export async function exportFamily(deps: Deps, tenantId: string, familyId: string) {
  const { db } = deps.database;
  const [family] = await db.select().from(families).where(and(eq(families.tenantId, tenantId), eq(families.id, familyId)));
  if (!family) throw notFound('Ce dossier famille est introuvable.');
  const [tenant] = await db.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));

  const kids = await db
    .select({ child: children, school: schools.name })
    .from(children)
    .leftJoin(schools, and(eq(schools.tenantId, children.tenantId), eq(schools.id, children.schoolId)))
    .where(and(eq(children.tenantId, tenantId), eq(children.familyId, familyId)))
    .orderBy(asc(children.birthDate));
  const childIds = kids.map((k) => k.child.id);
  const forChildren = childIds.length > 0;

  const guardianRows = await db.select().from(guardians).where(and(eq(guardians.tenantId, tenantId), eq(guardians.familyId, familyId)));
  const household = await db.select().from(householdMembers).where(and(eq(householdMembers.tenantId, tenantId), eq(householdMembers.familyId, familyId)));
  const persons = forChildren ? await db.select().from(pickupPersons).where(and(eq(pickupPersons.tenantId, tenantId), inArray(pickupPersons.childId, childIds))) : [];
  const enrollmentRows = forChildren
    ? await db
        .select({ id: enrollments.id, childId: enrollments.childId, service: services.label, startDate: enrollments.startDate, endDate: enrollments.endDate })
        .from(enrollments)
        .innerJoin(services, and(eq(services.tenantId, enrollments.tenantId), eq(services.id, enrollments.serviceId)))
        .where(and(eq(enrollments.tenantId, tenantId), inArray(enrollments.childId, childIds)))
        .orderBy(asc(enrollments.startDate))
    : [];
  const bookingRows = forChildren
    ? await db
        .select({
          id: bookings.id,
          childId: bookings.childId,
          service: services.label,
          day: bookings.day,
          state: bookings.state,
          absenceReason: absenceReasons.label,
          channel: bookings.channel,
          createdAt: bookings.createdAt,
          updatedAt: bookings.updatedAt,
        })
        .from(bookings)
        .innerJoin(services, and(eq(services.tenantId, bookings.tenantId), eq(services.id, bookings.serviceId)))
        .leftJoin(absenceReasons, and(eq(absenceReasons.tenantId, bookings.tenantId), eq(absenceReasons.id, bookings.absenceReasonId)))
        .where(and(eq(bookings.tenantId, tenantId), inArray(bookings.childId, childIds)))
        .orderBy(asc(bookings.day), asc(services.label))
    : [];
  const bookingEventRows = forChildren
    ? await db
        .select({
          id: bookingEvents.id,
          bookingId: bookingEvents.bookingId,
          childId: bookingEvents.childId,
          action: bookingEvents.action,
          fromState: bookingEvents.fromState,
          toState: bookingEvents.toState,
          channel: bookingEvents.channel,
          at: bookingEvents.at,
        })
        .from(bookingEvents)
        .where(and(eq(bookingEvents.tenantId, tenantId), inArray(bookingEvents.childId, childIds)))
        .orderBy(asc(bookingEvents.at), asc(bookingEvents.seq))
    : [];
  const fileEvents = await db
    .select({ id: familyFileEvents.id, childId: familyFileEvents.childId, group: familyFileEvents.fieldGroup, action: familyFileEvents.action, fields: familyFileEvents.fields, channel: familyFileEvents.channel, at: familyFileEvents.at })
    .from(familyFileEvents)
    .where(and(eq(familyFileEvents.tenantId, tenantId), eq(familyFileEvents.familyId, familyId)))
    .orderBy(asc(familyFileEvents.at));
  const requests = await db
    .select()
    .from(changeRequests)
    .where(and(eq(changeRequests.tenantId, tenantId), eq(changeRequests.familyId, familyId)))
    .orderBy(asc(changeRequests.requestedAt));
  const documentRows = await db
    .select(documentColumns)
    .from(documents)
    .where(and(eq(documents.tenantId, tenantId), eq(documents.familyId, familyId)))
    .orderBy(asc(documents.uploadedAt));
  // The conversations with the town hall, without the town hall's internal notes (they are not
  // about the family's data but the agents' work) and without the files' bytes.
  const talks = await db
    .select({ id: conversations.id, topic: conversations.topic, subject: conversations.subject, startedBy: conversations.startedBy, status: conversations.status, createdAt: conversations.createdAt })
    .from(conversations)
    .where(and(eq(conversations.tenantId, tenantId), eq(conversations.familyId, familyId)))
    .orderBy(asc(conversations.createdAt));
  const talkIds = talks.map((t) => t.id);
  const written = talkIds.length
    ? await db
        .select({ id: messages.id, conversationId: messages.conversationId, author: messages.author, body: messages.body, sentAt: messages.sentAt })
        .from(messages)
        .where(and(eq(messages.tenantId, tenantId), inArray(messages.conversationId, talkIds), eq(messages.internal, false)))
        .orderBy(asc(messages.seq))
    : [];
  const files = talkIds.length
    ? await db
        .select({ messageId: messageAttachments.messageId, name: messageAttachments.name, mime: messageAttachments.mime, size: messageAttachments.size })
        .from(messageAttachments)
        .where(and(eq(messageAttachments.tenantId, tenantId), inArray(messageAttachments.conversationId, talkIds)))
    : [];
  const sessions = await db
    .select({ createdAt: familySessions.createdAt, lastSeenAt: familySessions.lastSeenAt, expiresAt: familySessions.expiresAt, revokedAt: familySessions.revokedAt })
    .from(familySessions)
    .where(and(eq(familySessions.tenantId, tenantId), eq(familySessions.familyId, familyId)))
    .orderBy(asc(familySessions.createdAt));

  const { passwordHash: _hash, ibanSealed, ...familyData } = withoutTenant(family);
  return {
    exportedAt: deps.clock.now().toISOString(),
    commune: tenant?.name ?? null,
    family: { ...familyData, iban: ibanSealed ? deps.encryption.decrypt(ibanSealed) : null },
    guardians: guardianRows.map(withoutTenant),
    household: household.map(withoutTenant),
    children: kids.map(({ child, school }) => {
      const { photo, healthSealed, ...rest } = withoutTenant(child);
      return { ...rest, school, hasPhoto: photo !== null, health: openHealth(deps.encryption, healthSealed) };
    }),
    pickupPersons: persons.map(withoutTenant),
    enrollments: enrollmentRows,
    bookings: bookingRows,
    bookingEvents: bookingEventRows,
    familyFileEvents: fileEvents,
    changeRequests: requests.map(({ valuesSealed, tenantId: _t, decidedBy: _staff, ...request }) => ({
      ...request,
      values: JSON.parse(deps.encryption.decrypt(valuesSealed)) as { old: unknown; new: unknown },
    })),
    documents: documentRows,
    conversations: talks.map((talk) => ({
      ...talk,
      messages: written
        .filter((m) => m.conversationId === talk.id)
        .map(({ conversationId: _c, ...m }) => ({ ...m, attachments: files.filter((f) => f.messageId === m.id).map(({ messageId: _m, ...f }) => f) })),
    })),
    sessions,
  };
}
