import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { BookingState } from '../../db/schema/index.js';
import { rowsOf } from '../../db/rows.js';
import type { Deps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { eachDay, parisDay } from '../../domain/dates.js';
import { describeDeadline } from '../../domain/deadlines.js';
import { calendarColumns, calendarOf, dayClosure, serviceColumns, serviceOf, type CalendarRow, type ServiceRow } from './calendar.js';
import { waitlistPosition } from './capacity.js';
import { cellRules, isHeld, type CellState } from './rules.js';
import { enrolledOn, type Actor } from './scope.js';

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
                case when b.state = 'waitlisted' then ${waitlistPosition} end as position
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
      const enrolled = enrolledOn(data.enrollments, service.id, date);
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
      billingMode: s.billingMode,
      bookingRule: describeDeadline(s.bookingDeadline),
      cancellationRule: describeDeadline(s.cancellationDeadline),
    })),
    cells,
  };
}
