/**
 * One child as the town hall handles it: found by name, enrolled in services, and booked,
 * cancelled or declared absent on behalf of the family.
 */
import type { BookingChange, ChangeResult } from '../../api/planning.js';
import { request, segment } from './client.js';
import type { ChildEnrollments, ChildMatch, Enrollment, EnrollmentEndBody, EnrollmentInput, StaffAbsence, StaffAbsenceWithdrawal, StaffChangesBody, StaffPlanning, StaffPlanningCell } from '../../../../server/src/contracts/staff/index.js';

export type { ChildEnrollments, ChildMatch, Enrollment, EnrollmentInput, StaffAbsence, StaffPlanning, StaffPlanningCell };

export const searchChildren = (text: string, signal?: AbortSignal) => request<ChildMatch[]>('get', `children?q=${encodeURIComponent(text)}`, { signal });
export const getEnrollments = (childId: string, signal?: AbortSignal) => request<ChildEnrollments>('get', `children/${segment(childId)}/enrollments`, { signal });
export const addEnrollment = (childId: string, input: EnrollmentInput) =>
  request<ChildEnrollments>('post', `children/${segment(childId)}/enrollments`, { body: input });
export const endEnrollment = (enrollmentId: string, endDate: string) =>
  request<ChildEnrollments>('post', `enrollments/${segment(enrollmentId)}/end`, { body: { endDate } satisfies EnrollmentEndBody });

export const getChildPlanning = (childId: string, range: { from: string; to: string }, signal?: AbortSignal) =>
  request<StaffPlanning>('get', `children/${segment(childId)}/planning?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`, { signal });
/** Never retried here: after a network failure the caller sends the same body with the same key. */
export const submitBookingChanges = (changes: readonly BookingChange[], idempotencyKey: string, signal?: AbortSignal) =>
  request<ChangeResult>('post', 'bookings/changes', { body: { changes } satisfies StaffChangesBody, headers: { 'Idempotency-Key': idempotencyKey }, signal });
export const declareBookingAbsence = (absence: StaffAbsence, idempotencyKey: string, signal?: AbortSignal) =>
  request<ChangeResult>('post', 'bookings/absences', { body: absence, headers: { 'Idempotency-Key': idempotencyKey }, signal });
export const withdrawBookingAbsence = (withdrawal: StaffAbsenceWithdrawal, idempotencyKey: string, signal?: AbortSignal) =>
  request<ChangeResult>('post', 'bookings/absences/withdrawal', { body: withdrawal, headers: { 'Idempotency-Key': idempotencyKey }, signal });
