/**
 * One child as the town hall handles it: found by name, enrolled in services, and booked,
 * cancelled or declared absent on behalf of the family.
 */
import type { BookingChange, ChangeResult, Planning, PlanningCell } from '../../api/planning.js';
import { request, segment } from './client.js';

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

export const searchChildren = (text: string, signal?: AbortSignal) => request<ChildMatch[]>('get', `children?q=${encodeURIComponent(text)}`, { signal });
export const getEnrollments = (childId: string, signal?: AbortSignal) => request<ChildEnrollments>('get', `children/${segment(childId)}/enrollments`, { signal });
export const addEnrollment = (childId: string, input: { serviceId: string; startDate: string; endDate: string | null }) =>
  request<ChildEnrollments>('post', `children/${segment(childId)}/enrollments`, { body: input });
export const endEnrollment = (enrollmentId: string, endDate: string) =>
  request<ChildEnrollments>('post', `enrollments/${segment(enrollmentId)}/end`, { body: { endDate } });

export const getChildPlanning = (childId: string, range: { from: string; to: string }, signal?: AbortSignal) =>
  request<StaffPlanning>('get', `children/${segment(childId)}/planning?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`, { signal });
/** Never retried here: after a network failure the caller sends the same body with the same key. */
export const submitBookingChanges = (changes: readonly BookingChange[], idempotencyKey: string, signal?: AbortSignal) =>
  request<ChangeResult>('post', 'bookings/changes', { body: { changes }, headers: { 'Idempotency-Key': idempotencyKey }, signal });
export const declareBookingAbsence = (absence: StaffAbsence, idempotencyKey: string, signal?: AbortSignal) =>
  request<ChangeResult>('post', 'bookings/absences', { body: absence, headers: { 'Idempotency-Key': idempotencyKey }, signal });
