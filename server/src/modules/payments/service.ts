import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { invoices, families, paymentEvents, payments, type PaymentStatus } from '../../db/schema/index.js';
import { ApiError } from '../../errors.js';
import { familyOfPayment, invoiceOfPayment } from './joins.js';
import { pollPayment } from './notifications.js';
import { retryAt } from '../../domain/online-payment.js';
import type * as Contract from '../../contracts/index.js';

// The reads of online and offline payments: the family's view of one, the staff's list.

/**
 * The contract's answer, but for the invoice number: the column is empty on a draft, which no
 * payment can reach, and the query cannot tell.
 */
export type PaymentView = Omit<Contract.PaymentView, 'invoice'> & { invoice: Omit<Contract.PaymentView['invoice'], 'number'> & { number: string | null } };

/** A payment of the family, its verified state (a pending one is first asked of its provider when it can be). */
export async function paymentView(deps: Deps, tenantId: string, familyId: string, paymentId: string): Promise<PaymentView> {
  const { db } = deps.database;
  const load = async () => {
    const [row] = await db
      .select({ payment: payments, invoiceId: invoices.id, invoiceNumber: invoices.number, invoiceLabel: invoices.label })
      .from(payments)
      .innerJoin(invoices, invoiceOfPayment)
      .where(and(eq(payments.tenantId, tenantId), eq(payments.familyId, familyId), eq(payments.id, paymentId)));
    if (!row) throw new ApiError(404, 'paiement_introuvable', 'Ce paiement est introuvable.');
    return row;
  };
  let row = await load();
  let abandoned = false;
  if (row.payment.status === 'pending') {
    abandoned = (await pollPayment(deps, row.payment)).abandoned;
    row = await load();
  }
  const p = row.payment;
  return {
    id: p.id,
    status: p.status,
    amountCents: p.amountCents,
    invoice: { id: row.invoiceId, number: row.invoiceNumber, label: row.invoiceLabel },
    paidAt: p.paidAt?.toISOString() ?? null,
    authorisationNumber: p.authorisationNumber,
    transactionId: p.transactionId,
    provider: p.provider,
    flaggedLate: p.flaggedLate,
    abandoned: p.status === 'pending' && abandoned,
    retryAt: retryAt(p, deps.clock.now())?.toISOString() ?? null,
  };
}

/** The staff's list: online and offline payments with their events, newest first. */
export async function listPayments(deps: Deps, tenantId: string, filter: { status?: PaymentStatus; flagged?: boolean }) {
  const { db } = deps.database;
  const now = deps.clock.now();
  const rows = await db
    .select({ payment: payments, invoiceNumber: invoices.number, familyNumber: families.familyNumber, familyName: families.name })
    .from(payments)
    .leftJoin(invoices, invoiceOfPayment)
    .innerJoin(families, familyOfPayment)
    .where(
      and(
        eq(payments.tenantId, tenantId),
        filter.status ? eq(payments.status, filter.status) : undefined,
        filter.flagged === undefined ? undefined : eq(payments.flaggedLate, filter.flagged),
      ),
    )
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(500);
  const ids = rows.map((r) => r.payment.id);
  const events = ids.length
    ? await db
        .select()
        .from(paymentEvents)
        .where(and(eq(paymentEvents.tenantId, tenantId), inArray(paymentEvents.paymentId, ids)))
        .orderBy(paymentEvents.at, paymentEvents.id)
    : [];
  const byPayment = new Map<string, typeof events>();
  for (const e of events) {
    const list = byPayment.get(e.paymentId!) ?? [];
    list.push(e);
    byPayment.set(e.paymentId!, list);
  }
  return {
    payments: rows.map(({ payment: p, invoiceNumber, familyNumber, familyName }) => ({
      id: p.id,
      method: p.method,
      provider: p.provider,
      environment: p.environment,
      status: p.status,
      amountCents: p.amountCents,
      reference: p.reference,
      providerOperationId: p.providerOperationId,
      authorisationNumber: p.authorisationNumber,
      transactionId: p.transactionId,
      payerEmail: p.payerEmail,
      payerName: p.payerName,
      flaggedLate: p.flaggedLate,
      heldUntil: retryAt(p, now)?.toISOString() ?? null,
      releasedAt: p.releasedAt?.toISOString() ?? null,
      paidAt: p.paidAt?.toISOString() ?? null,
      createdAt: p.createdAt.toISOString(),
      invoice: p.invoiceId ? { id: p.invoiceId, number: invoiceNumber } : null,
      label: p.invoiceId ? `Facture n° ${invoiceNumber ?? ''}`.trim() : p.purpose === 'basket' ? 'Panier' : 'Règlement du solde',
      family: { id: p.familyId, number: familyNumber, name: familyName },
      events: (byPayment.get(p.id) ?? []).map((e) => ({ source: e.source, outcome: e.outcome, reason: e.reason, summary: e.summary, at: e.at.toISOString() })),
    })),
  };
}
