import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { families, tenants } from '../../db/schema/index.js';
import { rowsOf } from '../../db/rows.js';
import { notFound } from '../../errors.js';
import { queueMail } from '../../mail/outbox.js';
import { calendarColumns, calendarOf, serviceColumns, serviceOf, type Calendar, type CalendarRow, type Service, type ServiceRow } from './calendar.js';

/** Who reads or writes a planning: a family for its own children, or town staff for any child. */
export type Actor =
  | { kind: 'family'; familyId: string }
  | { kind: 'staff'; staffUserId: string };

/** The commune a batch is written for: its name signs the mails. */
export interface Town {
  id: string;
  name: string;
}

interface Enrollment {
  service_id: string;
  start_date: string;
  end_date: string | null;
}

/** Whether one of a child's enrolments covers that service on that day. */
export const enrolledOn = (list: Enrollment[], serviceId: string, day: string) =>
  list.some((e) => e.service_id === serviceId && e.start_date <= day && (e.end_date === null || day <= e.end_date));

export interface ScopeChild {
  id: string;
  familyId: string;
  firstName: string;
  schoolId: string | null;
  enrolled: (serviceId: string, day: string) => boolean;
}

/** Everything a batch of changes needs, loaded once inside the transaction. */
export interface Scope {
  tenantId: string;
  now: Date;
  actor: Actor;
  services: Map<string, Service>;
  calendar: Calendar;
  children: Map<string, ScopeChild>;
  schoolCapacities: Map<string, number>;
  /** `kind` names the family's e-mail choice that lets it through: answers to requests, waiting-list places. */
  mails: { familyId: string; kind: 'booking' | 'waitlist'; subject: string; text: string }[];
}

interface ScopeRow extends CalendarRow {
  services: ServiceRow[];
  caps: { service_id: string; school_id: string; capacity: number }[];
  children: { id: string; family_id: string; first_name: string; school_id: string | null }[];
  enrollments: (Enrollment & { child_id: string })[];
}

/**
 * Everything a batch of changes needs, in one round trip. The services are read FOR SHARE, so an
 * administrator changing a capacity waits for the bookings in flight (and they for the change).
 */
export async function loadScope(tx: Tx, tenantId: string, actor: Actor, childIds: string[], days: string[], now: Date): Promise<Scope> {
  const from = days.reduce((a, b) => (a < b ? a : b));
  const to = days.reduce((a, b) => (a > b ? a : b));
  const familyId = actor.kind === 'family' ? actor.familyId : null;
  const ids = sql`array[${sql.join(childIds.map((id) => sql`${id}::uuid`), sql`, `)}]`;
  const [row] = await rowsOf<ScopeRow>(tx, sql`
    with locked_services as (
      select ${serviceColumns} from services where tenant_id = ${tenantId} and active for share)
    select
      (select coalesce(json_agg(x order by x.position, x.label), '[]') from locked_services x) as services,
      ${calendarColumns(tenantId, from, to)},
      (select coalesce(json_agg(c), '[]') from (
         select service_id, school_id, capacity from service_school_capacities where tenant_id = ${tenantId}) c) as caps,
      (select coalesce(json_agg(h), '[]') from (
         select id, family_id, first_name, school_id from children
          where tenant_id = ${tenantId} and id = any(${ids}) and (${familyId}::uuid is null or family_id = ${familyId}::uuid)) h) as children,
      (select coalesce(json_agg(e), '[]') from (
         select child_id, service_id, start_date, end_date from enrollments
          where tenant_id = ${tenantId} and child_id = any(${ids}) and start_date <= ${to} and (end_date is null or end_date >= ${from})) e) as enrollments`);
  const kids = new Map<string, ScopeChild>();
  for (const child of row.children) {
    const mine = row.enrollments.filter((e) => e.child_id === child.id);
    kids.set(child.id, {
      id: child.id,
      familyId: child.family_id,
      firstName: child.first_name,
      schoolId: child.school_id,
      enrolled: (serviceId, day) => enrolledOn(mine, serviceId, day),
    });
  }
  if (childIds.some((id) => !kids.has(id))) throw notFound('Cet enfant est introuvable.');
  return {
    tenantId,
    now,
    actor,
    services: new Map(row.services.map((s) => [s.id, serviceOf(s)])),
    calendar: calendarOf(row),
    children: kids,
    schoolCapacities: new Map(row.caps.map((c) => [`${c.service_id}|${c.school_id}`, c.capacity])),
    mails: [],
  };
}

/** The mails a batch gathered, queued in its transaction: they leave only if the batch commits. Answers how many were queued. */
export async function sendQueuedMails(tx: Tx, scope: Scope, townName: string) {
  let queued = 0;
  for (const mail of scope.mails) {
    const [family] = await tx
      .select({ email: families.email, name: families.name, bookings: families.mailBookings, waitlist: families.mailWaitlist })
      .from(families)
      .where(and(eq(families.tenantId, scope.tenantId), eq(families.id, mail.familyId)));
    if (!family?.email || !family[mail.kind === 'booking' ? 'bookings' : 'waitlist']) continue;
    await queueMail(tx, { tenantId: scope.tenantId, to: family.email, subject: `${townName} – ${mail.subject}`, text: mail.text.replace('Bonjour,', `Bonjour ${family.name},`) }, scope.now);
    queued++;
  }
  return queued;
}

/** The commune of a staff member, for the writes whose mails carry its name. */
export async function townOf(db: Db, tenantId: string): Promise<Town> {
  const [tenant] = await db.select({ id: tenants.id, name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound('Cette commune est introuvable.');
  return tenant;
}
