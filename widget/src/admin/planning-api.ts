/**
 * The staff planning API (services, calendar, reasons, enrollments, bookings, requests,
 * headcounts), same origin as the settings page. No Lit here; every read takes an AbortSignal.
 */
import type { DeadlineRule, Weekday } from '../../../server/src/domain/deadlines.js';
import type { BookingChange, ChangeResult, Planning, PlanningCell } from '../api/planning.js';
import { adminApiBase, request } from './api.js';

export type { DeadlineRule, Weekday };

export interface School {
  id: string;
  name: string;
}

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
  active: boolean;
}

export type ServiceInput = Omit<StaffService, 'id' | 'bookingRule' | 'cancellationRule' | 'active' | 'position' | 'schoolCapacities'> & {
  schoolCapacities: { schoolId: string; capacity: number }[];
};

export interface Period {
  id: string;
  label: string;
  kind: 'school' | 'holidays';
  startDate: string;
  endDate: string;
}

export interface Closure {
  id: string;
  serviceId: string | null;
  serviceLabel: string | null;
  startDate: string;
  endDate: string;
  reason: string;
}

export interface HolidayYear {
  schoolYear: string;
  alsaceMoselle: boolean;
  holidays: { date: string; name: string }[];
}

export interface ImportPreview {
  zone: string;
  from: string;
  to: string;
  periods: Omit<Period, 'id'>[];
  replaced: Period[];
}

export interface AbsenceReason {
  id: string;
  label: string;
  billed: boolean;
  position: number;
  active: boolean;
}

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

export interface ChildEnrollments {
  child: { id: string; firstName: string; lastName: string; familyName: string; school: string | null; className: string | null; diet: string };
  enrollments: Enrollment[];
}

/** A cell of the staff grid: the parents' cell, plus the booking behind it and who made it. */
export interface StaffPlanningCell extends PlanningCell {
  bookingId: string | null;
  channel: 'internet' | 'mairie' | null;
  /** Whether the parents could still make this change themselves (their deadlines not passed). */
  familyCanChange: boolean;
}

/** The parents' planning of one child as staff see it: no deadline binds them. */
export interface StaffPlanning extends Omit<Planning, 'child' | 'cells'> {
  child: ChildEnrollments['child'];
  cells: StaffPlanningCell[];
}

export interface StaffAbsence {
  childId: string;
  serviceId: string;
  date: string;
  reasonId: string;
}

export interface PendingRequest {
  bookingId: string;
  date: string;
  serviceLabel: string;
  childFirstName: string;
  childLastName: string;
  familyName: string;
  requestedAt: string;
}

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
}

export interface Headcounts {
  day: string;
  rows: HeadcountRow[];
  totals: Pick<HeadcountRow, 'booked' | 'absent' | 'waitlisted' | 'requested'>;
}

const id = (value: string) => encodeURIComponent(value);

export const getSchools = (signal?: AbortSignal) => request<School[]>('GET', '/schools', { signal });
export const getServices = (signal?: AbortSignal) => request<StaffService[]>('GET', '/services', { signal });
export const createService = (input: ServiceInput) => request<StaffService>('POST', '/services', { body: input });
export const updateService = (serviceId: string, change: Partial<ServiceInput> & { active?: boolean }) => request<StaffService>('PATCH', `/services/${id(serviceId)}`, { body: change });
export const deactivateService = (serviceId: string) => request<StaffService>('DELETE', `/services/${id(serviceId)}`);

export const getPeriods = (signal?: AbortSignal) => request<Period[]>('GET', '/calendar/periods', { signal });
export const createPeriod = (input: Omit<Period, 'id'>) => request<Period[]>('POST', '/calendar/periods', { body: input });
export const deletePeriod = (periodId: string) => request<Period[]>('DELETE', `/calendar/periods/${id(periodId)}`);
export const getClosures = (signal?: AbortSignal) => request<Closure[]>('GET', '/calendar/closures', { signal });
export const createClosure = (input: Omit<Closure, 'id' | 'serviceLabel'>) => request<Closure[]>('POST', '/calendar/closures', { body: input });
export const deleteClosure = (closureId: string) => request<Closure[]>('DELETE', `/calendar/closures/${id(closureId)}`);
export const getHolidays = (signal?: AbortSignal) => request<HolidayYear>('GET', '/calendar/holidays', { signal });
export const setAlsaceMoselle = (alsaceMoselle: boolean) => request<{ alsaceMoselle: boolean }>('PATCH', '/calendar/options', { body: { alsaceMoselle } });
export const previewImport = (ics: string, zone: string) => request<ImportPreview>('POST', '/calendar/import/preview', { body: { ics, zone } });
export const applyImport = (ics: string, zone: string) => request<{ imported: number; replaced: number; periods: Period[] }>('POST', '/calendar/import', { body: { ics, zone } });

export const getReasons = (signal?: AbortSignal) => request<AbsenceReason[]>('GET', '/absence-reasons', { signal });
export const createReason = (label: string, billed: boolean) => request<AbsenceReason[]>('POST', '/absence-reasons', { body: { label, billed } });
export const updateReason = (reasonId: string, change: Partial<Pick<AbsenceReason, 'label' | 'billed' | 'active'>>) => request<AbsenceReason[]>('PATCH', `/absence-reasons/${id(reasonId)}`, { body: change });

export const searchChildren = (query: string, signal?: AbortSignal) => request<ChildMatch[]>('GET', `/children?q=${encodeURIComponent(query)}`, { signal });
export const getEnrollments = (childId: string, signal?: AbortSignal) => request<ChildEnrollments>('GET', `/children/${id(childId)}/enrollments`, { signal });
export const addEnrollment = (childId: string, input: { serviceId: string; startDate: string; endDate: string | null }) =>
  request<ChildEnrollments>('POST', `/children/${id(childId)}/enrollments`, { body: input });
export const endEnrollment = (enrollmentId: string, endDate: string) => request<ChildEnrollments>('POST', `/enrollments/${id(enrollmentId)}/end`, { body: { endDate } });

export const getChildPlanning = (childId: string, range: { from: string; to: string }, signal?: AbortSignal) =>
  request<StaffPlanning>('GET', `/children/${id(childId)}/planning?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`, { signal });
/** Never retried here: after a network failure the caller sends the same body with the same key. */
export const submitBookingChanges = (changes: readonly BookingChange[], idempotencyKey: string, signal?: AbortSignal) =>
  request<ChangeResult>('POST', '/bookings/changes', { body: { changes }, headers: { 'Idempotency-Key': idempotencyKey }, signal });
export const declareBookingAbsence = (absence: StaffAbsence, idempotencyKey: string, signal?: AbortSignal) =>
  request<ChangeResult>('POST', '/bookings/absences', { body: absence, headers: { 'Idempotency-Key': idempotencyKey }, signal });

export const getRequests = (signal?: AbortSignal) => request<PendingRequest[]>('GET', '/requests', { signal });
export const decideRequests = (bookingIds: string[], decision: 'approve' | 'refuse') => request<Decision>('POST', '/requests/decide', { body: { bookingIds, decision } });

export const getHeadcounts = (day: string, signal?: AbortSignal) => request<Headcounts>('GET', `/headcounts?day=${encodeURIComponent(day)}`, { signal });
export const headcountsCsvUrl = (day: string) => `${adminApiBase}/headcounts.csv?day=${encodeURIComponent(day)}`;
