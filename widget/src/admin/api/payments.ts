/**
 * Online payment: the commune's provider and its identifiers, the payments journal (online or
 * recorded at the town hall) and the provider messages that were refused.
 */
import { query, request } from './client.js';
import type { Environment, PaymentEventView, PaymentSettings, PaymentSettingsInput, PaymentsJournal, Provider, RejectedEvents, RejectedProviderEvent, StaffPayment, StaffPaymentStatus as PaymentStatus } from '../../../../server/src/contracts/staff/index.js';

export type { Environment, PaymentEventView, PaymentSettings, PaymentSettingsInput, PaymentsJournal, Provider, RejectedEvents, RejectedProviderEvent, StaffPayment, PaymentStatus };

export const getPaymentSettings = (signal?: AbortSignal) => request<PaymentSettings>('get', 'payment-settings', { signal });
export const savePaymentSettings = (input: PaymentSettingsInput) => request<PaymentSettings>('put', 'payment-settings', { body: input });
export const getPayments = async (filter: { status?: string; flagged?: string }, signal?: AbortSignal) =>
  (await request<PaymentsJournal>('get', `payments${query(filter)}`, { signal })).payments;
/** The commune's refused provider messages, newest first (50 by default, at most 200). */
export const getRejectedEvents = async (limit?: number, signal?: AbortSignal) =>
  (await request<RejectedEvents>('get', `payment-events/rejected${query({ limit: limit === undefined ? undefined : String(limit) })}`, { signal })).events;
