/**
 * What the commune offers and when: services and their schools, the calendar (periods,
 * closures, public holidays, the official .ics), absence reasons, the bookings waiting for the
 * town hall, and the headcounts of a day.
 */
import type { DeadlineRule } from '../../../../server/src/domain/deadlines.js';
import type { Weekday } from '../../../../server/src/domain/dates.js';
import { request, segment, staffUrl } from './client.js';

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

export const getSchools = (signal?: AbortSignal) => request<School[]>('get', 'schools', { signal });
export const getServices = (signal?: AbortSignal) => request<StaffService[]>('get', 'services', { signal });
export const createService = (input: ServiceInput) => request<StaffService>('post', 'services', { body: input });
export const updateService = (serviceId: string, change: Partial<ServiceInput> & { active?: boolean }) =>
  request<StaffService>('patch', `services/${segment(serviceId)}`, { body: change });
export const deactivateService = (serviceId: string) => request<StaffService>('delete', `services/${segment(serviceId)}`);

export const getPeriods = (signal?: AbortSignal) => request<Period[]>('get', 'calendar/periods', { signal });
export const createPeriod = (input: Omit<Period, 'id'>) => request<Period[]>('post', 'calendar/periods', { body: input });
export const deletePeriod = (periodId: string) => request<Period[]>('delete', `calendar/periods/${segment(periodId)}`);
export const getClosures = (signal?: AbortSignal) => request<Closure[]>('get', 'calendar/closures', { signal });
export const createClosure = (input: Omit<Closure, 'id' | 'serviceLabel'>) => request<Closure[]>('post', 'calendar/closures', { body: input });
export const deleteClosure = (closureId: string) => request<Closure[]>('delete', `calendar/closures/${segment(closureId)}`);
export const getHolidays = (signal?: AbortSignal) => request<HolidayYear>('get', 'calendar/holidays', { signal });
export const setAlsaceMoselle = (alsaceMoselle: boolean) => request<{ alsaceMoselle: boolean }>('patch', 'calendar/options', { body: { alsaceMoselle } });
export const previewCalendarImport = (ics: string, zone: string) => request<ImportPreview>('post', 'calendar/import/preview', { body: { ics, zone } });
export const applyCalendarImport = (ics: string, zone: string) =>
  request<{ imported: number; replaced: number; periods: Period[] }>('post', 'calendar/import', { body: { ics, zone } });

export const getReasons = (signal?: AbortSignal) => request<AbsenceReason[]>('get', 'absence-reasons', { signal });
export const createReason = (label: string, billed: boolean) => request<AbsenceReason[]>('post', 'absence-reasons', { body: { label, billed } });
export const updateReason = (reasonId: string, change: Partial<Pick<AbsenceReason, 'label' | 'billed' | 'active'>>) =>
  request<AbsenceReason[]>('patch', `absence-reasons/${segment(reasonId)}`, { body: change });

export const getRequests = (signal?: AbortSignal) => request<PendingRequest[]>('get', 'requests', { signal });
export const decideRequests = (bookingIds: string[], decision: 'approve' | 'refuse') =>
  request<Decision>('post', 'requests/decide', { body: { bookingIds, decision } });

export const getHeadcounts = (day: string, signal?: AbortSignal) => request<Headcounts>('get', `headcounts?day=${encodeURIComponent(day)}`, { signal });
export const headcountsCsvUrl = (day: string) => staffUrl(`headcounts.csv?day=${encodeURIComponent(day)}`);
