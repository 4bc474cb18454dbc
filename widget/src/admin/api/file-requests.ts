/** The changes parents ask for in their family file, accepted or refused by the town hall. */
import { request, segment } from './client.js';
import type { ChangeDecision, ChangeRequest, DecideChangeBody, FieldChange } from '../../../../server/src/contracts/staff/index.js';

export type { ChangeDecision, ChangeRequest, FieldChange };

export const getChangeRequests = (signal?: AbortSignal) => request<ChangeRequest[]>('get', 'change-requests', { signal });
/** The values in clear; for health values the server records the read with the staff member's name. */
export const getChangeRequestValues = (requestId: string, signal?: AbortSignal) =>
  request<ChangeRequest>('get', `change-requests/${segment(requestId)}/values`, { signal });
/** Accepts or refuses one request; the answer is the queue left to handle. */
export const decideChangeRequest = (requestId: string, decision: ChangeDecision, note?: string) =>
  request<ChangeRequest[]>('post', `change-requests/${segment(requestId)}/decide`, { body: (note ? { decision, note } : { decision }) satisfies DecideChangeBody });
