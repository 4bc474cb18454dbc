import type { Db, Tx } from '../../db/client.js';
import { paymentEvents } from '../../db/schema/index.js';
import type { PaymentProvider } from '../../db/schema/billing.js';

/** `staff`: the régie confirmed or rejected a payment à vérifier. */
export type EventSource = 'start' | 'notification' | 'return' | 'poll' | 'staff';
export type EventOutcome = 'applied' | 'unchanged' | 'pending' | 'rejected' | 'late';

/** Every start, message and poll of an online payment leaves one event, refused ones included. */
export async function recordEvent(
  tx: Tx | Db,
  tenantId: string,
  event: { paymentId: string | null; provider: PaymentProvider; source: EventSource; outcome: EventOutcome; reason?: string | null; summary?: Record<string, string>; at: Date },
) {
  await tx.insert(paymentEvents).values({ tenantId, ...event, reason: event.reason ?? null, summary: event.summary ?? {} });
}
