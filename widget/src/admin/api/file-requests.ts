/** The changes parents ask for in their family file, accepted or refused by the town hall. */
import { request, segment } from './client.js';

export interface FieldChange {
  old: unknown;
  new: unknown;
}

export interface ChangeRequest {
  id: string;
  familyId: string;
  familyName: string;
  familyNumber: string;
  childId: string | null;
  childName: string | null;
  group: string;
  groupLabel: string;
  status: 'pending' | 'accepted' | 'refused';
  requestedAt: string;
  decidedAt: string | null;
  decisionNote: string | null;
  /** Field → old and new value; both null while `masked` (health values, shown on request). */
  fields: Record<string, FieldChange>;
  masked: boolean;
}

export type ChangeDecision = 'accept' | 'refuse';

export const getChangeRequests = (signal?: AbortSignal) => request<ChangeRequest[]>('get', 'change-requests', { signal });
/** The values in clear; for health values the server records the read with the staff member's name. */
export const getChangeRequestValues = (requestId: string, signal?: AbortSignal) =>
  request<ChangeRequest>('get', `change-requests/${segment(requestId)}/values`, { signal });
/** Accepts or refuses one request; the answer is the queue left to handle. */
export const decideChangeRequest = (requestId: string, decision: ChangeDecision, note?: string) =>
  request<ChangeRequest[]>('post', `change-requests/${segment(requestId)}/decide`, { body: note ? { decision, note } : { decision } });
