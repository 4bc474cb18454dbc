import { call, postOnce, type ApiClient } from './client.js';
import type {
  AbsenceDeclaration,
  AbsenceReason,
  AbsenceWithdrawal,
  BookingChange,
  ChangeResult,
  ChangesBody,
  HistoryEntry,
  Planning,
  PlanningQuery,
} from '../../../server/src/contracts/index.js';

export type {
  AbsenceReason,
  BookingChange,
  BookingResult,
  CellState,
  ChangeResult,
  HistoryEntry,
  Planning,
  PlanningCell,
  PlanningDay,
  PlanningService,
} from '../../../server/src/contracts/index.js';

/** Calls of the "Planning (bookings)" section of docs/api.md. Dates are `YYYY-MM-DD`. */

export function getPlanning(
  client: ApiClient,
  query: PlanningQuery,
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
  return postOnce(client, 'planning/changes', { changes } satisfies ChangesBody, idempotencyKey, signal);
}

export function declareAbsence(
  client: ApiClient,
  absence: AbsenceDeclaration,
  idempotencyKey: string,
  signal?: AbortSignal,
): Promise<ChangeResult> {
  return postOnce(client, 'planning/absences', absence, idempotencyKey, signal);
}

export function withdrawAbsence(
  client: ApiClient,
  withdrawal: AbsenceWithdrawal,
  idempotencyKey: string,
  signal?: AbortSignal,
): Promise<ChangeResult> {
  return postOnce(client, 'planning/absences/withdrawal', withdrawal, idempotencyKey, signal);
}

export function getAbsenceReasons(client: ApiClient, signal?: AbortSignal): Promise<AbsenceReason[]> {
  return call(() => client.http.get('planning/absence-reasons', { signal }).json<AbsenceReason[]>());
}

export function getHistory(client: ApiClient, childId: string, signal?: AbortSignal): Promise<HistoryEntry[]> {
  return call(() =>
    client.http.get('planning/history', { searchParams: { childId }, signal }).json<HistoryEntry[]>(),
  );
}
