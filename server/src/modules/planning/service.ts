import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import {
  absenceReasons,
  bookingEvents,
  bookings,
  capacityUsage,
  children,
  families,
  schools,
  services,
  type BookingState,
} from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { ApiError, notFound } from '../../http/errors.js';
import { eachDay, formatDayLong, parisDay } from '../../domain/dates.js';
import { describeDeadline } from '../../domain/deadlines.js';
import { queueMail } from '../../mail/outbox.js';
import { transactionWithRetry } from '../../db/retry.js';
import { rowsOf } from '../../db/rows.js';
import { idempotent, type Idempotent } from '../../db/idempotency.js';
import { calendarColumns, calendarOf, dayClosure, serviceColumns, serviceOf, type Calendar, type CalendarRow, type Service, type ServiceRow } from './calendar.js';
import { cellRules, isHeld, type ActorKind, type CellState } from './rules.js';

export type Actor =
  | { kind: 'family'; familyId: string }
  | { kind: 'staff'; staffUserId: string };


const channelOf = (actor: Actor) => (actor.kind === 'staff' ? 'mairie' : 'internet');
const actorKind = (actor: Actor): ActorKind => actor.kind;

interface ChildRow {
  id: string;
  familyId: string;
  firstName: string;
  lastName: string;
  schoolId: string | null;
  school: string | null;
  className: string | null;
}

async function loadChild(db: Db | Tx, tenantId: string, childId: string, familyId?: string): Promise<ChildRow> {
  const [child] = await db
    .select({
      id: children.id,
      familyId: children.familyId,
      firstName: children.firstName,
      lastName: children.lastName,
      schoolId: children.schoolId,
      school: schools.name,
      className: children.className,
    })
    .from(children)
    .leftJoin(schools, and(eq(schools.tenantId, children.tenantId), eq(schools.id, children.schoolId)))
    .where(and(eq(children.tenantId, tenantId), eq(children.id, childId), familyId ? eq(children.familyId, familyId) : undefined));
  if (!child) throw notFound('Cet enfant est introuvable.');
  return child;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

interface PlanningRow extends CalendarRow {
  child: { id: string; first_name: string; last_name: string; class_name: string | null; school: string | null; family_id: string; family_name: string } | null;
  services: ServiceRow[];
  enrollments: { service_id: string; start_date: string; end_date: string | null }[];
  bookings: { id: string; service_id: string; day: string; state: BookingState; channel: 'internet' | 'mairie'; absence_reason: string | null; position: number | null }[];
}

/**
 * Everything the grid of one child needs, in one round trip: the page is read far more often
 * than it is written, by every family at once before a deadline.
 */
async function loadPlanningData(db: Db, tenantId: string, familyId: string | null, childId: string, from: string, to: string): Promise<PlanningRow> {
  const [row] = await rowsOf<PlanningRow>(db, sql`
    select
      (select json_build_object('id', c.id, 'first_name', c.first_name, 'last_name', c.last_name, 'class_name', c.class_name, 'school', s.name,
                                'family_id', f.id, 'family_name', f.name)
         from children c join families f on f.tenant_id = c.tenant_id and f.id = c.family_id
         left join schools s on s.tenant_id = c.tenant_id and s.id = c.school_id
        where c.tenant_id = ${tenantId} and c.id = ${childId} and (${familyId}::uuid is null or c.family_id = ${familyId}::uuid)) as child,
      (select coalesce(json_agg(x order by x.position, x.label), '[]') from (
         select ${serviceColumns} from services where tenant_id = ${tenantId} and active) x) as services,
      ${calendarColumns(tenantId, from, to)},
      (select coalesce(json_agg(e), '[]') from (
         select service_id, start_date, end_date from enrollments
          where tenant_id = ${tenantId} and child_id = ${childId} and start_date <= ${to} and (end_date is null or end_date >= ${from})) e) as enrollments,
      (select coalesce(json_agg(b), '[]') from (
         select b.id, b.service_id, b.day, b.state, b.channel, r.label as absence_reason,
                case when b.state = 'waitlisted' then (
                  select count(*)::int from bookings w where w.tenant_id = b.tenant_id and w.service_id = b.service_id
                     and w.day = b.day and w.state = 'waitlisted' and w.queued_at <= b.queued_at) end as position
           from bookings b left join absence_reasons r on r.tenant_id = b.tenant_id and r.id = b.absence_reason_id
          where b.tenant_id = ${tenantId} and b.child_id = ${childId} and b.day between ${from} and ${to}) b) as bookings`);
  return row;
}

/**
 * The grid of one child between two days: every service × day, with what can be done and until
 * when. Parents see their own children only; staff see any child of the commune, are not bound by
 * the parents' deadlines, and also get the booking id, its channel and whether the family could
 * still make the change itself.
 */
export async function readPlanning(deps: Deps, tenantId: string, viewer: Actor, childId: string, from: string, to: string) {
  const now = deps.clock.now();
  const staff = viewer.kind === 'staff';
  const data = await loadPlanningData(deps.database.db, tenantId, staff ? null : viewer.familyId, childId, from, to);
  if (!data.child) throw notFound('Cet enfant est introuvable.');
  const serviceList = data.services.map(serviceOf);
  const calendar = calendarOf(data);
  const isEnrolled = (serviceId: string, day: string) =>
    data.enrollments.some((e) => e.service_id === serviceId && e.start_date <= day && (e.end_date === null || day <= e.end_date));
  const byCell = new Map(data.bookings.map((r) => [`${r.service_id}|${r.day}`, r]));
  const days = eachDay(from, to);
  const dayInfo = days.map((date) => {
    const reason = dayClosure(calendar, date);
    return { date, closed: reason ? { reason } : null };
  });
  const cells = serviceList.flatMap((service) =>
    days.map((date) => {
      const row = byCell.get(`${service.id}|${date}`);
      const state: CellState = row?.state ?? 'none';
      const enrolled = isEnrolled(service.id, date);
      const rules = cellRules(service, date, state, calendar, enrolled, now, viewer.kind);
      const cell = {
        serviceId: service.id,
        date,
        state,
        open: rules.open,
        enrolled,
        closedReason: rules.closedReason,
        waitlistPosition: row?.position ?? null,
        absenceReason: row?.absence_reason ?? null,
        canBook: rules.canBook,
        canCancel: rules.canCancel,
        canDeclareAbsence: rules.canDeclareAbsence,
        bookUntil: iso(rules.bookUntil),
        cancelUntil: iso(rules.cancelUntil),
        lockedReason: rules.lockedReason,
      };
      if (!staff) return cell;
      // Staff see when they step in after the parents' deadline.
      const family = cellRules(service, date, state, calendar, enrolled, now, 'family');
      return { ...cell, bookingId: row?.id ?? null, channel: row?.channel ?? null, familyCanChange: isHeld(state) ? family.canCancel : family.canBook };
    }),
  );
  const child = data.child;
  return {
    child: {
      id: child.id,
      firstName: child.first_name,
      lastName: child.last_name,
      school: child.school,
      className: child.class_name,
      ...(staff ? { familyId: child.family_id, familyName: child.family_name } : {}),
    },
    from,
    to,
    today: parisDay(now),
    days: dayInfo,
    services: serviceList.map((s) => ({
      id: s.id,
      label: s.label,
      group: s.groupLabel,
      needsApproval: s.needsApproval,
      bookingRule: describeDeadline(s.bookingDeadline),
      cancellationRule: describeDeadline(s.cancellationDeadline),
    })),
    cells,
  };
}

export interface Change {
  childId: string;
  serviceId: string;
  date: string;
  action: 'book' | 'cancel';
}

export interface ChangeOutcome {
  childId: string;
  serviceId: string;
  date: string;
  action: 'book' | 'cancel' | 'absence';
  status: 'booked' | 'requested' | 'waitlisted' | 'cancelled' | 'absent' | 'refused' | 'unchanged';
  reason: string | null;
  serviceLabel: string;
}

export interface ChangeAnswer {
  results: ChangeOutcome[];
  applied: number;
  refused: number;
}

/** Everything a batch of changes needs, loaded once inside the transaction. */
interface Scope {
  tenantId: string;
  now: Date;
  actor: Actor;
  services: Map<string, Service>;
  calendar: Calendar;
  children: Map<string, ChildRow & { enrolled: (serviceId: string, day: string) => boolean }>;
  schoolCapacities: Map<string, number>;
  mails: { familyId: string; subject: string; text: string }[];
}

interface ScopeRow extends CalendarRow {
  services: ServiceRow[];
  caps: { service_id: string; school_id: string; capacity: number }[];
  children: { id: string; family_id: string; first_name: string; last_name: string; school_id: string | null; class_name: string | null }[];
  enrollments: { child_id: string; service_id: string; start_date: string; end_date: string | null }[];
}

/**
 * Everything a batch of changes needs, in one round trip. The services are read FOR SHARE, so an
 * administrator changing a capacity waits for the bookings in flight (and they for the change).
 */
async function loadScope(tx: Tx, tenantId: string, actor: Actor, childIds: string[], days: string[], now: Date): Promise<Scope> {
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
         select id, family_id, first_name, last_name, school_id, class_name from children
          where tenant_id = ${tenantId} and id = any(${ids}) and (${familyId}::uuid is null or family_id = ${familyId}::uuid)) h) as children,
      (select coalesce(json_agg(e), '[]') from (
         select child_id, service_id, start_date, end_date from enrollments
          where tenant_id = ${tenantId} and child_id = any(${ids}) and start_date <= ${to} and (end_date is null or end_date >= ${from})) e) as enrollments`);
  const kids = new Map<string, ChildRow & { enrolled: (serviceId: string, day: string) => boolean }>();
  for (const child of row.children) {
    const mine = row.enrollments.filter((e) => e.child_id === child.id);
    kids.set(child.id, {
      id: child.id,
      familyId: child.family_id,
      firstName: child.first_name,
      lastName: child.last_name,
      schoolId: child.school_id,
      school: null,
      className: child.class_name,
      enrolled: (serviceId, day) => mine.some((e) => e.service_id === serviceId && e.start_date <= day && (e.end_date === null || day <= e.end_date)),
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

/** The capacity counters a child's booking uses: the service's, and its school's when capped. */
function placeScopes(scope: Scope, service: Service, schoolId: string | null): { key: string; capacity: number }[] {
  const result: { key: string; capacity: number }[] = [];
  if (service.capacity !== null) result.push({ key: 'all', capacity: service.capacity });
  const schoolCap = schoolId ? scope.schoolCapacities.get(`${service.id}|${schoolId}`) : undefined;
  if (schoolCap !== undefined && schoolId) result.push({ key: schoolId, capacity: schoolCap });
  return result;
}

/**
 * Takes one place in every counter, or none: each counter is a conditional upsert, so two
 * transactions can never both take the last place.
 */
async function takePlace(tx: Tx, scope: Scope, service: Service, day: string, schoolId: string | null): Promise<boolean> {
  const taken: string[] = [];
  for (const counter of placeScopes(scope, service, schoolId)) {
    const ok =
      counter.capacity > 0 &&
      (
        await tx
          .insert(capacityUsage)
          .values({ tenantId: scope.tenantId, serviceId: service.id, day, scope: counter.key, used: 1 })
          .onConflictDoUpdate({
            target: [capacityUsage.tenantId, capacityUsage.serviceId, capacityUsage.day, capacityUsage.scope],
            set: { used: sql`${capacityUsage.used} + 1` },
            setWhere: sql`${capacityUsage.used} < ${counter.capacity}`,
          })
          .returning({ used: capacityUsage.used })
      ).length === 1;
    if (!ok) {
      for (const key of taken) await releaseCounter(tx, scope.tenantId, service.id, day, key);
      return false;
    }
    taken.push(counter.key);
  }
  return true;
}

async function releaseCounter(tx: Tx, tenantId: string, serviceId: string, day: string, key: string) {
  await tx
    .update(capacityUsage)
    .set({ used: sql`${capacityUsage.used} - 1` })
    .where(and(eq(capacityUsage.tenantId, tenantId), eq(capacityUsage.serviceId, serviceId), eq(capacityUsage.day, day), eq(capacityUsage.scope, key), sql`${capacityUsage.used} > 0`));
}

async function releasePlace(tx: Tx, scope: Scope, service: Service, day: string, schoolId: string | null) {
  for (const counter of placeScopes(scope, service, schoolId)) await releaseCounter(tx, scope.tenantId, service.id, day, counter.key);
}

const EVENT_LABEL: Record<string, string> = {
  booked: 'inscription',
  cancelled: 'annulation',
  absent: 'absence',
  requested: 'demande',
  waitlisted: 'liste d’attente',
  promoted: 'place attribuée',
  approved: 'demande acceptée',
  refused: 'demande refusée',
};

/**
 * Moves a booking to a new state and records the event in one statement (the history is never
 * out of step with the state).
 */
async function transition(
  tx: Tx,
  scope: Scope,
  booking: { id: string; childId: string },
  change: { action: keyof typeof EVENT_LABEL; from: CellState; to: BookingState; channel: 'internet' | 'mairie' | 'systeme' },
  extra: { absenceReasonId?: string | null; requeue?: boolean } = {},
) {
  const familyId = scope.actor.kind === 'family' && change.channel === 'internet' ? scope.actor.familyId : null;
  const staffUserId = scope.actor.kind === 'staff' && change.channel === 'mairie' ? scope.actor.staffUserId : null;
  const channel = change.channel === 'systeme' ? sql`bookings.channel` : sql`${channelOf(scope.actor)}`;
  const queuedAt = extra.requeue ? sql`nextval(pg_get_serial_sequence('bookings', 'queued_at'))` : sql`bookings.queued_at`;
  await tx.execute(sql`
    with moved as (
      update bookings set state = ${change.to}, absence_reason_id = ${extra.absenceReasonId ?? null}, channel = ${channel},
             updated_at = ${scope.now.toISOString()}::timestamptz, queued_at = ${queuedAt}
       where tenant_id = ${scope.tenantId} and id = ${booking.id}
      returning id, child_id)
    insert into booking_events (tenant_id, booking_id, child_id, action, from_state, to_state, channel, family_id, staff_user_id, at)
    select ${scope.tenantId}, id, child_id, ${change.action}, ${change.from === 'none' ? null : change.from}, ${change.to}, ${change.channel},
           ${familyId}::uuid, ${staffUserId}::uuid, ${scope.now.toISOString()}::timestamptz
      from moved`);
}

/** Locks the booking row of a cell, creating it (as "cancelled", i.e. nothing held) when asked to. */
async function lockCell(tx: Tx, scope: Scope, childId: string, serviceId: string, day: string, create: boolean) {
  if (create) {
    // One statement creates the row or locks the existing one, and says which it was.
    const [row] = await rowsOf<{ id: string; state: BookingState; childId: string; created: boolean }>(tx, sql`
      insert into bookings (tenant_id, child_id, service_id, day, state, channel, created_at, updated_at)
      values (${scope.tenantId}, ${childId}, ${serviceId}, ${day}, 'cancelled', ${channelOf(scope.actor)}, ${scope.now.toISOString()}::timestamptz, ${scope.now.toISOString()}::timestamptz)
      on conflict (tenant_id, child_id, service_id, day) do update set updated_at = bookings.updated_at
      returning id, state, child_id as "childId", (xmax = 0) as created`);
    return row;
  }
  const [row] = await tx
    .select({ id: bookings.id, state: bookings.state, childId: bookings.childId })
    .from(bookings)
    .where(and(eq(bookings.tenantId, scope.tenantId), eq(bookings.childId, childId), eq(bookings.serviceId, serviceId), eq(bookings.day, day)))
    .for('update');
  return row ? { ...row, created: false } : undefined;
}

const refused = (change: Change, service: Service | undefined, reason: string): ChangeOutcome => ({
  ...change,
  status: 'refused',
  reason,
  serviceLabel: service?.label ?? '',
});

async function waitlistPosition(tx: Tx, tenantId: string, serviceId: string, day: string, bookingId: string) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(bookings)
    .where(
      and(
        eq(bookings.tenantId, tenantId),
        eq(bookings.serviceId, serviceId),
        eq(bookings.day, day),
        eq(bookings.state, 'waitlisted'),
        sql`${bookings.queuedAt} <= (select queued_at from bookings where id = ${bookingId})`,
      ),
    );
  return row.n;
}

async function applyOne(tx: Tx, scope: Scope, change: Change): Promise<ChangeOutcome> {
  const service = scope.services.get(change.serviceId)!;
  const child = scope.children.get(change.childId)!;
  const enrolled = child.enrolled(service.id, change.date);
  const outcome = (status: ChangeOutcome['status'], reason: string | null = null): ChangeOutcome => ({ ...change, status, reason, serviceLabel: service.label });
  const judge = (state: CellState) => cellRules(service, change.date, state, scope.calendar, enrolled, scope.now, actorKind(scope.actor));

  if (change.action === 'book') {
    // Nothing booked yet is the common case: what would refuse it is known before touching a row.
    const early = judge('none');
    if (!early.canBook) {
      const held = await lockCell(tx, scope, child.id, service.id, change.date, false);
      if (held && isHeld(held.state)) return outcome('unchanged');
      return refused(change, service, early.lockedReason ?? early.closedReason ?? 'Ce jour ne peut pas être réservé.');
    }
    const cell = (await lockCell(tx, scope, child.id, service.id, change.date, true))!;
    const state: CellState = cell.created ? 'none' : cell.state;
    if (isHeld(state)) return outcome('unchanged');
    if (service.needsApproval && scope.actor.kind === 'family') {
      await transition(tx, scope, cell, { action: 'requested', from: state, to: 'requested', channel: channelOf(scope.actor) });
      return outcome('requested', 'Demande transmise à la mairie, qui doit la valider.');
    }
    if (await takePlace(tx, scope, service, change.date, child.schoolId)) {
      await transition(tx, scope, cell, { action: 'booked', from: state, to: 'booked', channel: channelOf(scope.actor) });
      return outcome('booked');
    }
    await transition(tx, scope, cell, { action: 'waitlisted', from: state, to: 'waitlisted', channel: channelOf(scope.actor) }, { requeue: true });
    const position = await waitlistPosition(tx, scope.tenantId, service.id, change.date, cell.id);
    return outcome('waitlisted', `Complet : inscription en liste d’attente (position ${position}).`);
  }

  const cell = await lockCell(tx, scope, child.id, service.id, change.date, false);
  const state: CellState = cell?.state ?? 'none';
  if (!cell || state === 'cancelled' || state === 'refused') return outcome('unchanged');
  const rules = judge(state);
  if (!rules.canCancel) return refused(change, service, rules.lockedReason ?? 'Cette réservation ne peut plus être annulée.');
  await transition(tx, scope, cell, { action: 'cancelled', from: state, to: 'cancelled', channel: channelOf(scope.actor) });
  if (state === 'booked') {
    await releasePlace(tx, scope, service, change.date, child.schoolId);
    await promoteWaitlisted(tx, scope, service, change.date);
  }
  return outcome('cancelled');
}

/** A place freed up: the first child on the waiting list who fits gets it, and the family is told. */
async function promoteWaitlisted(tx: Tx, scope: Scope, service: Service, day: string) {
  const waiting = await tx
    .select({ id: bookings.id, childId: bookings.childId, schoolId: children.schoolId, familyId: children.familyId, firstName: children.firstName })
    .from(bookings)
    .innerJoin(children, and(eq(children.tenantId, bookings.tenantId), eq(children.id, bookings.childId)))
    .where(and(eq(bookings.tenantId, scope.tenantId), eq(bookings.serviceId, service.id), eq(bookings.day, day), eq(bookings.state, 'waitlisted')))
    .orderBy(asc(bookings.queuedAt))
    .limit(50)
    .for('update', { of: bookings });
  for (const candidate of waiting) {
    if (!(await takePlace(tx, scope, service, day, candidate.schoolId))) continue;
    await transition(tx, scope, candidate, { action: 'promoted', from: 'waitlisted', to: 'booked', channel: 'systeme' });
    scope.mails.push({
      familyId: candidate.familyId,
      subject: `${service.label} du ${formatDayLong(day)} : une place s’est libérée`,
      text: `Bonjour,\n\nUne place s’est libérée : ${candidate.firstName} est désormais inscrit(e) à « ${service.label} » le ${formatDayLong(day)}.\nSi vous n’en avez plus besoin, pensez à annuler depuis le portail famille.`,
    });
    return;
  }
}

async function sendQueuedMails(tx: Tx, scope: Scope, townName: string) {
  for (const mail of scope.mails) {
    const [family] = await tx.select({ email: families.email, name: families.name }).from(families).where(and(eq(families.tenantId, scope.tenantId), eq(families.id, mail.familyId)));
    if (!family?.email) continue;
    await queueMail(tx, { tenantId: scope.tenantId, to: family.email, subject: `${townName} – ${mail.subject}`, text: mail.text.replace('Bonjour,', `Bonjour ${family.name},`) }, scope.now);
  }
}

/**
 * Cells the grid could never offer are bad input, refused as a whole: an unknown (or other
 * commune's) service is 404, a day outside every period of the school calendar is 422.
 */
function assertKnownCells(scope: Scope, list: { serviceId: string; date: string }[]) {
  for (const change of list) {
    if (!scope.services.has(change.serviceId)) throw notFound('Ce service est introuvable.');
  }
  const outside = list.find((c) => !scope.calendar.periods.some((p) => p.startDate <= c.date && c.date <= p.endDate));
  if (outside) {
    throw new ApiError(422, 'hors_calendrier', `Le ${formatDayLong(outside.date)} n’appartient à aucune période du calendrier scolaire.`);
  }
}

const order = (a: Change, b: Change) => (a.serviceId + a.date + a.childId < b.serviceId + b.date + b.childId ? -1 : 1);

/**
 * Applies a batch of changes in one transaction, each judged on its own by the same rules as the
 * grid. With an idempotency key, a replay answers the stored result and changes nothing.
 */
export async function applyChanges(deps: Deps, tenant: { id: string; name: string }, actor: Actor, changes: Change[], idem: Idempotent): Promise<ChangeAnswer> {
  const { db } = deps.database;
  let mailed = false;
  const answer = await idempotent<ChangeAnswer>(db, idem, (work) => transactionWithRetry(db, work), async (tx) => {
    const now = deps.clock.now();
    const unique = [...new Map(changes.map((c) => [`${c.childId}|${c.serviceId}|${c.date}`, c])).values()].sort(order);
    const scope = await loadScope(tx, tenant.id, actor, [...new Set(unique.map((c) => c.childId))], unique.map((c) => c.date), now);
    assertKnownCells(scope, unique);
    // The cells are distinct rows: their statements are pipelined on the transaction's connection
    // (sent in sorted order, so concurrent batches lock rows in the same order).
    const results = await Promise.all(unique.map((change) => applyOne(tx, scope, change)));
    await sendQueuedMails(tx, scope, tenant.name);
    mailed = scope.mails.length > 0;
    const result: ChangeAnswer = {
      results,
      applied: results.filter((r) => r.status !== 'refused' && r.status !== 'unchanged').length,
      refused: results.filter((r) => r.status === 'refused').length,
    };
    return { status: 200, answer: result, now };
  });
  if (mailed) deps.onMailQueued?.();
  return answer;
}

/** An absence on a booked day, with one of the commune's reasons; possible after the cancellation deadline. */
export async function declareAbsence(
  deps: Deps,
  tenant: { id: string; name: string },
  actor: Actor,
  input: { childId: string; serviceId: string; date: string; reasonId: string },
  idem: Idempotent,
): Promise<ChangeAnswer> {
  const { db } = deps.database;
  return idempotent<ChangeAnswer>(db, idem, (work) => transactionWithRetry(db, work), async (tx) => {
    const now = deps.clock.now();
    const scope = await loadScope(tx, tenant.id, actor, [input.childId], [input.date], now);
    assertKnownCells(scope, [input]);
    const [reason] = await tx
      .select({ id: absenceReasons.id, label: absenceReasons.label })
      .from(absenceReasons)
      .where(and(eq(absenceReasons.tenantId, tenant.id), eq(absenceReasons.id, input.reasonId), eq(absenceReasons.active, true)));
    const service = scope.services.get(input.serviceId);
    const base = { childId: input.childId, serviceId: input.serviceId, date: input.date, action: 'absence' as const, serviceLabel: service?.label ?? '' };
    let outcome: ChangeOutcome;
    const cell = service ? await lockCell(tx, scope, input.childId, input.serviceId, input.date, false) : undefined;
    const state: CellState = cell?.state ?? 'none';
    const rules = service ? cellRules(service, input.date, state, scope.calendar, true, now, actorKind(actor)) : null;
    if (!reason) outcome = { ...base, status: 'refused', reason: 'Ce motif d’absence n’existe pas.' };
    else if (!service || !cell || !rules) outcome = { ...base, status: 'refused', reason: 'Il n’y a pas de réservation ce jour-là : rien à déclarer.' };
    else if (state === 'absent') outcome = { ...base, status: 'unchanged', reason: null };
    else if (!rules.canDeclareAbsence) {
      outcome = { ...base, status: 'refused', reason: state === 'booked' ? 'Ce jour est passé : l’absence ne peut plus être déclarée en ligne.' : 'Il n’y a pas de réservation ce jour-là : rien à déclarer.' };
    } else {
      await transition(tx, scope, cell, { action: 'absent', from: state, to: 'absent', channel: channelOf(actor) }, { absenceReasonId: reason.id });
      outcome = { ...base, status: 'absent', reason: reason.label };
    }
    const result: ChangeAnswer = { results: [outcome], applied: outcome.status === 'absent' ? 1 : 0, refused: outcome.status === 'refused' ? 1 : 0 };
    return { status: 200, answer: result, now };
  });
}

export async function listAbsenceReasons(db: Db, tenantId: string) {
  return db
    .select({ id: absenceReasons.id, label: absenceReasons.label })
    .from(absenceReasons)
    .where(and(eq(absenceReasons.tenantId, tenantId), eq(absenceReasons.active, true)))
    .orderBy(asc(absenceReasons.position), asc(absenceReasons.label));
}

/** "Voir mes dernières modifications": what happened to a child's bookings, newest first. */
export async function history(deps: Deps, tenantId: string, familyId: string, childId: string) {
  const { db } = deps.database;
  await loadChild(db, tenantId, childId, familyId);
  const rows = await db
    .select({
      date: bookings.day,
      serviceLabel: services.label,
      action: bookingEvents.action,
      channel: bookingEvents.channel,
      familyName: families.name,
      at: bookingEvents.at,
    })
    .from(bookingEvents)
    .innerJoin(bookings, and(eq(bookings.tenantId, bookingEvents.tenantId), eq(bookings.id, bookingEvents.bookingId)))
    .innerJoin(services, and(eq(services.tenantId, bookings.tenantId), eq(services.id, bookings.serviceId)))
    .leftJoin(families, and(eq(families.tenantId, bookingEvents.tenantId), eq(families.id, bookingEvents.familyId)))
    .where(and(eq(bookingEvents.tenantId, tenantId), eq(bookingEvents.childId, childId)))
    .orderBy(desc(bookingEvents.at), desc(bookingEvents.seq))
    .limit(100);
  return rows.map((r) => ({
    date: r.date,
    serviceLabel: r.serviceLabel,
    action: EVENT_LABEL[r.action] ?? r.action,
    channel: r.channel === 'internet' ? 'internet' : 'mairie',
    by: r.channel === 'internet' ? (r.familyName ?? 'Famille') : 'Mairie',
    at: r.at.toISOString(),
  }));
}


export interface Decision {
  bookingIds: string[];
  decision: 'approve' | 'refuse';
}

/**
 * Staff answer to "demandes": approving takes a place (or the waiting list when the day is full),
 * refusing closes the request; the family is told by e-mail either way.
 */
export async function decideRequests(deps: Deps, tenant: { id: string; name: string }, staffUserId: string, input: Decision) {
  const { db } = deps.database;
  const result = await transactionWithRetry(db, async (tx) => {
    const now = deps.clock.now();
    const rows = await tx
      .select({ id: bookings.id, childId: bookings.childId, serviceId: bookings.serviceId, day: bookings.day, state: bookings.state })
      .from(bookings)
      .where(and(eq(bookings.tenantId, tenant.id), sql`${bookings.id} in ${input.bookingIds}`))
      .orderBy(asc(bookings.queuedAt))
      .for('update');
    const days = rows.map((r) => r.day);
    const scope = await loadScope(tx, tenant.id, { kind: 'staff', staffUserId }, [...new Set(rows.map((r) => r.childId))], days.length ? days : ['2000-01-01'], now);
    const outcomes: { bookingId: string; status: 'booked' | 'waitlisted' | 'refused' | 'unchanged' }[] = [];
    for (const row of rows) {
      const service = scope.services.get(row.serviceId);
      const child = scope.children.get(row.childId)!;
      if (row.state !== 'requested' || !service) {
        outcomes.push({ bookingId: row.id, status: 'unchanged' });
        continue;
      }
      let status: 'booked' | 'waitlisted' | 'refused';
      if (input.decision === 'refuse') status = 'refused';
      else status = (await takePlace(tx, scope, service, row.day, child.schoolId)) ? 'booked' : 'waitlisted';
      const action = input.decision === 'refuse' ? 'refused' : status === 'booked' ? 'approved' : 'waitlisted';
      await transition(tx, scope, row, { action, from: 'requested', to: status, channel: 'mairie' }, { requeue: status === 'waitlisted' });
      scope.mails.push({
        familyId: child.familyId,
        subject: `Votre demande pour ${service.label} du ${formatDayLong(row.day)}`,
        text:
          status === 'refused'
            ? `Bonjour,\n\nLa mairie n’a pas pu accepter la demande de ${child.firstName} pour « ${service.label} » le ${formatDayLong(row.day)}.\nPour toute question, contactez le service enfance.`
            : status === 'booked'
              ? `Bonjour,\n\nLa mairie a accepté la demande : ${child.firstName} est inscrit(e) à « ${service.label} » le ${formatDayLong(row.day)}.`
              : `Bonjour,\n\nLa mairie a accepté la demande de ${child.firstName} pour « ${service.label} » le ${formatDayLong(row.day)}, mais ce jour est complet : ${child.firstName} est en liste d’attente et vous serez prévenu(e) si une place se libère.`,
      });
      outcomes.push({ bookingId: row.id, status });
    }
    await sendQueuedMails(tx, scope, tenant.name);
    return { outcomes, mailed: scope.mails.length > 0 };
  });
  if (result.mailed) deps.onMailQueued?.();
  return result.outcomes;
}

/** The request queue for staff: pending "demandes", oldest first. */
export async function pendingRequests(db: Db, tenantId: string) {
  return db
    .select({
      bookingId: bookings.id,
      date: bookings.day,
      serviceLabel: services.label,
      childFirstName: children.firstName,
      childLastName: children.lastName,
      familyName: families.name,
      requestedAt: bookings.updatedAt,
    })
    .from(bookings)
    .innerJoin(services, and(eq(services.tenantId, bookings.tenantId), eq(services.id, bookings.serviceId)))
    .innerJoin(children, and(eq(children.tenantId, bookings.tenantId), eq(children.id, bookings.childId)))
    .innerJoin(families, and(eq(families.tenantId, children.tenantId), eq(families.id, children.familyId)))
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.state, 'requested')))
    .orderBy(asc(bookings.queuedAt))
    .limit(500);
}

/** Daily headcounts per service, school and diet (the canteen's meal order). */
export async function headcounts(db: Db, tenantId: string, day: string) {
  return db
    .select({
      serviceId: services.id,
      serviceLabel: services.label,
      school: sql<string>`coalesce(${schools.name}, 'Sans école')`,
      diet: children.diet,
      booked: sql<number>`count(*) filter (where ${bookings.state} = 'booked')::int`,
      absent: sql<number>`count(*) filter (where ${bookings.state} = 'absent')::int`,
      waitlisted: sql<number>`count(*) filter (where ${bookings.state} = 'waitlisted')::int`,
      requested: sql<number>`count(*) filter (where ${bookings.state} = 'requested')::int`,
    })
    .from(bookings)
    .innerJoin(services, and(eq(services.tenantId, bookings.tenantId), eq(services.id, bookings.serviceId)))
    .innerJoin(children, and(eq(children.tenantId, bookings.tenantId), eq(children.id, bookings.childId)))
    .leftJoin(schools, and(eq(schools.tenantId, children.tenantId), eq(schools.id, children.schoolId)))
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.day, day)))
    .groupBy(services.id, services.label, services.position, schools.name, children.diet)
    .orderBy(
      asc(services.position),
      asc(services.label),
      asc(sql`coalesce(${schools.name}, 'Sans école')`),
      // Standard meals first, then the special diets, as the kitchen reads the order.
      asc(sql`case ${children.diet} when 'standard' then 0 when 'sans_viande' then 1 when 'sans_gluten' then 2 else 3 end`),
    );
}
