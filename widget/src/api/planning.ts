import { call, postOnce, type ApiClient } from './client.js';

/** Shapes and calls of the "Planning (bookings)" section of docs/api.md. Dates are `YYYY-MM-DD`. */

export type CellState = 'none' | 'booked' | 'requested' | 'waitlisted' | 'refused' | 'cancelled' | 'absent';

export interface PlanningChild {
  id: string;
  firstName: string;
  lastName: string;
  school: string;
  className: string;
}

export interface PlanningDay {
  date: string;
  closed: { reason: string } | null;
}

export interface PlanningService {
  id: string;
  label: string;
  group: string;
  needsApproval: boolean;
  bookingRule: string;
  cancellationRule: string;
}

export interface PlanningCell {
  serviceId: string;
  date: string;
  state: CellState;
  /** The service runs that day for this child. */
  open: boolean;
  closedReason: string | null;
  /** The child is enrolled in the service that day (a closed cell may be either). */
  enrolled: boolean;
  waitlistPosition: number | null;
  absenceReason: string | null;
  canBook: boolean;
  canCancel: boolean;
  canDeclareAbsence: boolean;
  /** Instants (ISO-8601 with offset). */
  bookUntil: string | null;
  cancelUntil: string | null;
  lockedReason: string | null;
}

export interface Planning {
  child: PlanningChild;
  from: string;
  to: string;
  /** The town's calendar day (Europe/Paris), from the server's clock. */
  today: string;
  days: PlanningDay[];
  services: PlanningService[];
  cells: PlanningCell[];
}

export type ChangeAction = 'book' | 'cancel';

export interface BookingChange {
  childId: string;
  serviceId: string;
  date: string;
  action: ChangeAction;
}

export type ResultStatus = 'booked' | 'requested' | 'waitlisted' | 'cancelled' | 'absent' | 'refused' | 'unchanged';

export interface BookingResult {
  childId: string;
  serviceId: string;
  date: string;
  action: ChangeAction | 'absence';
  status: ResultStatus;
  reason: string | null;
  serviceLabel: string;
}

export interface ChangeResult {
  results: BookingResult[];
  applied: number;
  refused: number;
}

export interface AbsenceReason {
  id: string;
  label: string;
}

export interface AbsenceDeclaration {
  childId: string;
  serviceId: string;
  date: string;
  reasonId: string;
}

export interface HistoryEntry {
  date: string;
  serviceLabel: string;
  action: string;
  channel: 'internet' | 'mairie';
  by: string;
  at: string;
}

export function getPlanning(
  client: ApiClient,
  query: { childId: string; from: string; to: string },
  signal?: AbortSignal,
): Promise<Planning> {
  return call(() => client.http.get('planning', { searchParams: query, signal }).json<Planning>());
}

export function submitChanges(
  client: ApiClient,
  changes: readonly BookingChange[],
  idempotencyKey: string,
  signal?: AbortSignal,
): Promise<ChangeResult> {
  return postOnce(client, 'planning/changes', { changes }, idempotencyKey, signal);
}

export function declareAbsence(
  client: ApiClient,
  absence: AbsenceDeclaration,
  idempotencyKey: string,
  signal?: AbortSignal,
): Promise<ChangeResult> {
  return postOnce(client, 'planning/absences', absence, idempotencyKey, signal);
}

export function getAbsenceReasons(client: ApiClient, signal?: AbortSignal): Promise<AbsenceReason[]> {
  return call(() => client.http.get('planning/absence-reasons', { signal }).json<AbsenceReason[]>());
}

export function getHistory(client: ApiClient, childId: string, signal?: AbortSignal): Promise<HistoryEntry[]> {
  return call(() =>
    client.http.get('planning/history', { searchParams: { childId }, signal }).json<HistoryEntry[]>(),
  );
}
