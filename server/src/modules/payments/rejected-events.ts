import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { families, invoices, paymentEvents, payments } from '../../db/schema/index.js';
import { familyOfPayment, invoiceOfPayment, paymentOfEvent } from './joins.js';
import type { RejectedEvents, RejectedProviderEvent } from '../../contracts/staff/index.js';

export const REJECTED_EVENTS_DEFAULT_LIMIT = 50;
export const REJECTED_EVENTS_MAX_LIMIT = 200;

/** Messages received from a provider (or the payer's browser coming back), as opposed to our own start requests. */
const RECEIVED_SOURCES = ['notification', 'return', 'poll'] as const;

/**
 * The commune's refused provider messages, newest first, whether or not they could be tied to a
 * payment: forged or tampered notifications leave no trace anywhere else on the staff screens.
 */
export async function listRejectedEvents(db: Db, tenantId: string, limit = REJECTED_EVENTS_DEFAULT_LIMIT): Promise<RejectedEvents> {
  const rows = await db
    .select({
      event: paymentEvents,
      paymentId: payments.id,
      invoiceNumber: invoices.number,
      familyName: families.name,
    })
    .from(paymentEvents)
    .leftJoin(payments, paymentOfEvent)
    .leftJoin(invoices, invoiceOfPayment)
    .leftJoin(families, familyOfPayment)
    .where(and(eq(paymentEvents.tenantId, tenantId), eq(paymentEvents.outcome, 'rejected'), inArray(paymentEvents.source, [...RECEIVED_SOURCES])))
    .orderBy(desc(paymentEvents.at), desc(paymentEvents.id))
    .limit(Math.min(Math.max(1, Math.trunc(limit)), REJECTED_EVENTS_MAX_LIMIT));
  return {
    events: rows.map(({ event: e, paymentId, invoiceNumber, familyName }) => ({
      id: e.id,
      at: e.at.toISOString(),
      provider: e.provider,
      source: e.source as RejectedProviderEvent['source'],
      reason: e.reason,
      summary: e.summary,
      payment: paymentId ? { id: paymentId, invoiceNumber: invoiceNumber ?? null, familyName: familyName ?? '' } : null,
    })),
  };
}
