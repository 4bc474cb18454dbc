/**
 * Online payment: the commune's provider and its identifiers, the payments journal (online or
 * recorded at the town hall) and the provider messages that were refused.
 */
import { query, request, segment } from './client.js';
import type { Environment, PaymentEventView, PaymentSettings, PaymentSettingsInput, PaymentsJournal, PaymentUnlocked, Provider, RejectedEvents, RejectedProviderEvent, StaffPayment, StaffPaymentStatus as PaymentStatus } from '../../../../server/src/contracts/staff/index.js';

export type { Environment, PaymentEventView, PaymentSettings, PaymentSettingsInput, PaymentsJournal, Provider, RejectedEvents, RejectedProviderEvent, StaffPayment, PaymentStatus };

export const getPaymentSettings = (signal?: AbortSignal) => request<PaymentSettings>('get', 'payment-settings', { signal });
export const savePaymentSettings = (input: PaymentSettingsInput) => request<PaymentSettings>('put', 'payment-settings', { body: input });
export const getPayments = async (filter: { status?: string; flagged?: string }, signal?: AbortSignal) =>
  (await request<PaymentsJournal>('get', `payments${query(filter)}`, { signal })).payments;
/** An admin found the money of a payment à vérifier: it is settled and the payer gets the ticket. */
export const confirmPayment = (id: string) => request<{ id: string; status: PaymentStatus }>('post', `payments/${segment(id)}/confirm`);
/** An admin found no money for a payment à vérifier: it is refused. */
export const rejectPayment = (id: string) => request<{ id: string; status: PaymentStatus }>('post', `payments/${segment(id)}/reject`);
/** An admin lets the family pay the invoice again at once; the attempt stays pending. */
export const unlockPayment = (id: string) => request<PaymentUnlocked>('post', `payments/${segment(id)}/unlock`);
/** The commune's refused provider messages, newest first (50 by default, at most 200). */
export const getRejectedEvents = async (limit?: number, signal?: AbortSignal) =>
  (await request<RejectedEvents>('get', `payment-events/rejected${query({ limit: limit === undefined ? undefined : String(limit) })}`, { signal })).events;
