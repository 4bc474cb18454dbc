/**
 * What the commune offers and when: services and their schools, the calendar (periods, closures,
 * public holidays, the official .ics), absence reasons, the bookings waiting for the town hall,
 * the headcounts of a day, and one child's enrollments and grid handled on the family's behalf.
 */
import type { Channel, Planning, PlanningCell } from '../planning.js';

/** ISO weekday: 1 is Monday, 7 is Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * A booking or cancellation deadline, in the words towns use. Times are "HH:MM", Europe/Paris.
 * - none: no deadline (until the day itself has passed).
 * - days_before: "J-n à HH:MM": n open days before the day (n = 0: the day itself), counting back
 *   over open days only; `skip` says which days are not open (week-ends, public holidays, chosen weekdays).
 * - weekday_before: "le <jour> précédent à HH:MM": the latest such weekday strictly before the day.
 * - weekday_previous_week: "le <jour> de la semaine précédente à HH:MM": that weekday in the ISO week before.
 * - day_of_previous_month: "le n du mois précédent à HH:MM" (n past the month's end means its last day).
 */
export type DeadlineRule =
  | { kind: 'none' }
  | { kind: 'days_before'; days: number; time: string; skip: { weekends: boolean; holidays: boolean; weekdays: Weekday[] } }
  | { kind: 'weekday_before'; weekday: Weekday; time: string }
  | { kind: 'weekday_previous_week'; weekday: Weekday; time: string }
  | { kind: 'day_of_previous_month'; day: number; time: string };

export interface School {
  id: string;
  name: string;
}

/** GET /services; POST, PATCH and DELETE /services/{id} answer the service. */
export interface StaffService {
  id: string;
  label: string;
  groupLabel: string;
  position: number;
  weekdays: Weekday[];
  periodKind: 'school' | 'holidays' | 'all';
  capacity: number | null;
  schoolCapacities: { schoolId: string; schoolName: string; capacity: number }[];
  bookingDeadline: DeadlineRule;
  bookingRule: string;
  cancellationDeadline: DeadlineRule;
  cancellationRule: string;
  needsApproval: boolean;
  priceCents: number;
  /** Invoiced monthly, or paid at booking through the basket (the server always sends it). */
  billingMode?: 'monthly' | 'prepaid';
  /** Opening hours (Europe/Paris), the times of the families' calendar feeds; null: the whole day. */
  hours?: { start: string; end: string } | null;
  /** Where the service takes place when it is not the child's school. */
  place?: string | null;
  active: boolean;
}

/** POST /services (placed last unless a `position` is given); PATCH /services/{id} takes any part of it, and `active`. */
export type ServiceInput = Omit<StaffService, 'id' | 'bookingRule' | 'cancellationRule' | 'active' | 'position' | 'schoolCapacities' | 'billingMode' | 'hours' | 'place'> & {
  hours?: { start: string; end: string } | null;
  place?: string | null;
  position?: number;
  /** `monthly` when omitted; refused (409) while the service has unpaid basket lines. */
  billingMode?: 'monthly' | 'prepaid';
  schoolCapacities: { schoolId: string; capacity: number }[];
};

export type ServiceChange = Partial<ServiceInput> & { active?: boolean };

/** GET /calendar/periods; POST and DELETE answer the list as it now stands. */
export interface Period {
  id: string;
  label: string;
  kind: 'school' | 'holidays';
  startDate: string;
  endDate: string;
}

export type PeriodInput = Omit<Period, 'id'>;

/** GET /calendar/closures; POST and DELETE answer the list as it now stands. */
export interface Closure {
  id: string;
  serviceId: string | null;
  serviceLabel: string | null;
  startDate: string;
  endDate: string;
  reason: string;
}

export type ClosureInput = Omit<Closure, 'id' | 'serviceLabel'>;

/** GET /calendar/holidays: the public holidays of the current school year. */
export interface HolidayYear {
  schoolYear: string;
  alsaceMoselle: boolean;
  holidays: { date: string; name: string }[];
}

/** PATCH /calendar/options. */
export interface CalendarOptions {
  alsaceMoselle: boolean;
}

/** POST /calendar/import/preview and /calendar/import: the official .ics and the zone to read. */
export interface CalendarImportBody {
  ics: string;
  zone: string;
}

export interface ImportPreview {
  zone: string;
  from: string;
  to: string;
  periods: PeriodInput[];
  replaced: Period[];
}

export interface CalendarImported {
  imported: number;
  replaced: number;
  periods: Period[];
}

/** GET /absence-reasons; POST and PATCH answer the list as it now stands. */
export interface AbsenceReason {
  id: string;
  label: string;
  billed: boolean;
  position: number;
  active: boolean;
}

export interface AbsenceReasonInput {
  label: string;
  billed: boolean;
}

export type AbsenceReasonChange = Partial<Pick<AbsenceReason, 'label' | 'billed' | 'active'>>;

/** GET /requests: the bookings waiting for the town hall's approval. */
export interface PendingRequest {
  bookingId: string;
  date: string;
  serviceLabel: string;
  childFirstName: string;
  childLastName: string;
  familyName: string;
  requestedAt: string;
}

/** POST /requests/decide. */
export interface DecideRequestsBody {
  bookingIds: string[];
  decision: 'approve' | 'refuse';
}

/** What became of each decided booking, and the queue left to handle. */
export interface Decision {
  outcomes: { bookingId: string; status: 'booked' | 'waitlisted' | 'refused' | 'unchanged' }[];
  requests: PendingRequest[];
}

export interface HeadcountRow {
  serviceId: string;
  serviceLabel: string;
  school: string;
  diet: string;
  dietLabel: string;
  booked: number;
  absent: number;
  waitlisted: number;
  requested: number;
  /** Days of a prepaid service held in a basket not paid yet (their places taken; `booked` are the sold ones). Always sent by the server. */
  held?: number;
}

/** A service's totals on the day. */
export interface HeadcountService extends Pick<HeadcountRow, 'serviceId' | 'serviceLabel' | 'booked' | 'absent' | 'waitlisted' | 'requested' | 'held'> {}

/** A child expected on the day (or declared absent), as the canteen and the care staff list them. */
export interface HeadcountChild {
  serviceId: string;
  childId: string;
  firstName: string;
  lastName: string;
  school: string;
  className: string | null;
  diet: string;
  dietLabel: string;
  /** A PAI (projet d'accueil individualisé) is active: the flag only, the details stay in the child's file. */
  pai: boolean;
  /** At least one allergy is recorded. */
  allergies: boolean;
  absent: boolean;
}

/**
 * GET /headcounts?day=: who eats and stays where, by service, school and diet, the totals per
 * service, and the children's names. Without a day: the next day on which children are expected.
 */
export interface Headcounts {
  day: string;
  rows: HeadcountRow[];
  services: HeadcountService[];
  totals: Pick<HeadcountRow, 'booked' | 'absent' | 'waitlisted' | 'requested' | 'held'>;
  children: HeadcountChild[];
}

/** GET /children?q=: children found by name. */
export interface ChildMatch {
  id: string;
  firstName: string;
  lastName: string;
  familyName: string;
  familyNumber: string;
  school: string | null;
  className: string | null;
}

export interface Enrollment {
  id: string;
  serviceId: string;
  serviceLabel: string;
  startDate: string;
  endDate: string | null;
}

/** GET and POST /children/{id}/enrollments, POST /enrollments/{id}/end. */
export interface ChildEnrollments {
  child: { id: string; firstName: string; lastName: string; familyName: string; school: string | null; className: string | null; diet: string };
  enrollments: Enrollment[];
}

export interface EnrollmentInput {
  serviceId: string;
  startDate: string;
  endDate: string | null;
}

export interface EnrollmentEndBody {
  endDate: string;
}

/** A cell of the staff grid: the parents' cell, plus the booking behind it and who made it. */
export interface StaffPlanningCell extends PlanningCell {
  bookingId: string | null;
  channel: Channel | null;
  /** Whether the parents could still make this change themselves (their deadlines not passed). */
  familyCanChange: boolean;
}

/** GET /children/{id}/planning: the parents' grid of one child as staff see it, no deadline binding them. */
export interface StaffPlanning extends Omit<Planning, 'child' | 'cells'> {
  child: ChildEnrollments['child'];
  cells: StaffPlanningCell[];
}

/**
 * POST /bookings/changes and /bookings/absences (each with an Idempotency-Key), on the family's
 * behalf: the parents' bodies, answered with their `ChangeResult`.
 */
export type { AbsenceDeclaration as StaffAbsence, AbsenceWithdrawal as StaffAbsenceWithdrawal, ChangesBody as StaffChangesBody } from '../planning.js';
