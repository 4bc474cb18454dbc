/**
 * What the commune offers and when: services and their schools, the calendar (periods,
 * closures, public holidays, the official .ics), absence reasons, the bookings waiting for the
 * town hall, and the headcounts of a day.
 */
import { request, segment, staffUrl } from './client.js';
import type { AbsenceReason, AbsenceReasonChange, AbsenceReasonInput, CalendarImportBody, CalendarImported, CalendarOptions, Closure, ClosureInput, DeadlineRule, DecideRequestsBody, Decision, HeadcountChild, HeadcountRow, HeadcountService, Headcounts, HolidayYear, ImportPreview, PendingRequest, Period, PeriodInput, School, ServiceChange, ServiceInput, StaffService, Weekday } from '../../../../server/src/contracts/staff/index.js';

export type { AbsenceReason, AbsenceReasonChange, CalendarImported, Closure, ClosureInput, Decision, DeadlineRule, HeadcountChild, HeadcountRow, HeadcountService, Headcounts, HolidayYear, ImportPreview, Period, PeriodInput, PendingRequest, School, ServiceChange, ServiceInput, StaffService, Weekday };

export const getSchools = (signal?: AbortSignal) => request<School[]>('get', 'schools', { signal });
export const getServices = (signal?: AbortSignal) => request<StaffService[]>('get', 'services', { signal });
export const createService = (input: ServiceInput) => request<StaffService>('post', 'services', { body: input });
export const updateService = (serviceId: string, change: ServiceChange) =>
  request<StaffService>('patch', `services/${segment(serviceId)}`, { body: change });
export const deactivateService = (serviceId: string) => request<StaffService>('delete', `services/${segment(serviceId)}`);

export const getPeriods = (signal?: AbortSignal) => request<Period[]>('get', 'calendar/periods', { signal });
export const createPeriod = (input: PeriodInput) => request<Period[]>('post', 'calendar/periods', { body: input });
export const deletePeriod = (periodId: string) => request<Period[]>('delete', `calendar/periods/${segment(periodId)}`);
export const getClosures = (signal?: AbortSignal) => request<Closure[]>('get', 'calendar/closures', { signal });
export const createClosure = (input: ClosureInput) => request<Closure[]>('post', 'calendar/closures', { body: input });
export const deleteClosure = (closureId: string) => request<Closure[]>('delete', `calendar/closures/${segment(closureId)}`);
export const getHolidays = (signal?: AbortSignal) => request<HolidayYear>('get', 'calendar/holidays', { signal });
export const setAlsaceMoselle = (alsaceMoselle: boolean) => request<CalendarOptions>('patch', 'calendar/options', { body: { alsaceMoselle } satisfies CalendarOptions });
export const previewCalendarImport = (ics: string, zone: string) => request<ImportPreview>('post', 'calendar/import/preview', { body: { ics, zone } satisfies CalendarImportBody });
export const applyCalendarImport = (ics: string, zone: string) =>
  request<CalendarImported>('post', 'calendar/import', { body: { ics, zone } satisfies CalendarImportBody });

export const getReasons = (signal?: AbortSignal) => request<AbsenceReason[]>('get', 'absence-reasons', { signal });
export const createReason = (label: string, billed: boolean) => request<AbsenceReason[]>('post', 'absence-reasons', { body: { label, billed } satisfies AbsenceReasonInput });
export const updateReason = (reasonId: string, change: AbsenceReasonChange) =>
  request<AbsenceReason[]>('patch', `absence-reasons/${segment(reasonId)}`, { body: change });

export const getRequests = (signal?: AbortSignal) => request<PendingRequest[]>('get', 'requests', { signal });
export const decideRequests = (bookingIds: string[], decision: 'approve' | 'refuse') =>
  request<Decision>('post', 'requests/decide', { body: { bookingIds, decision } satisfies DecideRequestsBody });

/** Without a day, the server answers for the next day on which children are expected. */
export const getHeadcounts = (day: string | null, signal?: AbortSignal) =>
  request<Headcounts>('get', day ? `headcounts?day=${encodeURIComponent(day)}` : 'headcounts', { signal });
export const headcountsCsvUrl = (day: string) => staffUrl(`headcounts.csv?day=${encodeURIComponent(day)}`);
