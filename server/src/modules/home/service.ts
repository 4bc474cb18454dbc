/** The parents' home: balance due, the coming week's bookings per child, requests awaiting the town. */
import { and, asc, eq, gte, inArray, lte, or } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { bookings, changeRequests, children, services } from '../../db/schema/index.js';
import { addDays, parisDay } from '../../domain/dates.js';
import { familyBalance } from '../billing/ledger.js';
import { GROUP_LABELS, isFamilyGroup } from '../families/policy.js';
import { childOfBooking, serviceOfBooking } from '../planning/joins.js';
import type { HomeSummary, PendingRequest, UpcomingChild, UpcomingService } from '../../contracts/index.js';

/** How many days the home looks ahead, today included: one week is what a parent plans around. */
const WINDOW_DAYS = 7;
const SHOWN_STATES = ['booked', 'requested', 'waitlisted', 'absent'] as const;

export async function homeSummary(deps: Deps, tenantId: string, familyId: string): Promise<HomeSummary> {
  const { db } = deps.database;
  const from = parisDay(deps.clock.now());
  const to = addDays(from, WINDOW_DAYS - 1);
  const [balanceCents, kids, planned, fileRequests] = await Promise.all([
    familyBalance(db, tenantId, familyId),
    db
      .select({ id: children.id, firstName: children.firstName })
      .from(children)
      .where(and(eq(children.tenantId, tenantId), eq(children.familyId, familyId)))
      .orderBy(children.birthDate, children.firstName),
    db
      .select({ childId: bookings.childId, firstName: children.firstName, day: bookings.day, label: services.label, state: bookings.state })
      .from(bookings)
      .innerJoin(children, childOfBooking)
      .innerJoin(services, serviceOfBooking)
      .where(
        and(
          eq(bookings.tenantId, tenantId),
          eq(children.familyId, familyId),
          gte(bookings.day, from),
          inArray(bookings.state, [...SHOWN_STATES]),
          // The week for the bookings; requests awaiting the town, however far ahead.
          or(lte(bookings.day, to), eq(bookings.state, 'requested')),
        ),
      )
      .orderBy(asc(bookings.day), asc(services.position), asc(services.label)),
    db
      .select({ group: changeRequests.fieldGroup, childName: children.firstName })
      .from(changeRequests)
      .leftJoin(children, and(eq(children.tenantId, changeRequests.tenantId), eq(children.id, changeRequests.childId)))
      .where(and(eq(changeRequests.tenantId, tenantId), eq(changeRequests.familyId, familyId), eq(changeRequests.status, 'pending')))
      .orderBy(asc(changeRequests.requestedAt)),
  ]);

  const upcoming: UpcomingChild[] = kids.map((kid) => ({ childId: kid.id, firstName: kid.firstName, days: [] }));
  for (const row of planned) {
    if (row.day > to) continue;
    const child = upcoming.find((c) => c.childId === row.childId);
    if (!child) continue;
    let day = child.days.find((d) => d.day === row.day);
    if (!day) child.days.push((day = { day: row.day, services: [] }));
    day.services.push({ label: row.label, state: row.state as UpcomingService['state'] });
  }

  const pending: PendingRequest[] = [
    ...planned.filter((row) => row.state === 'requested').map((row) => ({ kind: 'booking' as const, label: `${row.label} – ${row.firstName}`, day: row.day })),
    ...fileRequests
      .filter((row) => isFamilyGroup(row.group))
      .map((row) => {
        const group = GROUP_LABELS[row.group as keyof typeof GROUP_LABELS];
        return { kind: 'file' as const, label: row.childName ? `${group} – ${row.childName}` : group, day: null };
      }),
  ];
  return { balanceCents, from, to, upcoming, pending };
}
