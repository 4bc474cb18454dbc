import { and, asc, eq, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Deps } from '../../deps.js';
import { families, familyFileEvents, invoices, ledgerEntries, payments, regies } from '../../db/schema/index.js';
import { parisDay } from '../../domain/dates.js';
import { ApiError } from '../../errors.js';
import { PAYMENT_IN_PROGRESS_MS } from '../../domain/online-payment.js';
import { holdsInvoice } from './payment-hold.js';
import { onlinePaymentSummary } from '../payment-settings/service.js';
import { familyBalance, paymentMethodLabel, remainingCents } from './ledger.js';
import type * as Contract from '../../contracts/index.js';

// ---------------------------------------------------------------------------------------------
// What parents see of their account: invoices to pay and already paid, the statement with its
// running balance, whether online payment is offered, and the invoice e-mail subscription.
// ---------------------------------------------------------------------------------------------

/**
 * The contract's shapes, but for two columns the database leaves empty until an invoice is
 * published or a payment settled: only published invoices and settled payments are listed, which
 * the query's types cannot tell.
 */
export type InvoicePayment = Omit<Contract.InvoicePayment, 'paidAt'> & { paidAt: string | null };
export type InvoiceSummary = Omit<Contract.InvoiceSummary, 'refdet' | 'payments'> & { refdet: string | null; payments: InvoicePayment[] };
export type Invoices = Omit<Contract.Invoices, 'toPay' | 'paid'> & { toPay: InvoiceSummary[]; paid: InvoiceSummary[] };

const carried = alias(invoices, 'carried_to');

/** Ledger entries of the same instant: the debt first (an invoice, the days of a paid basket), then what settles it. */
const KIND_ORDER = sql`case ${ledgerEntries.kind} when 'invoice' then 0 when 'basket' then 0 when 'credit_note' then 1 else 2 end`;

/** GET /factures: everything in a handful of queries, whatever the number of invoices. */
export async function listFamilyInvoices(deps: Deps, tenantId: string, familyId: string): Promise<Invoices> {
  const { db } = deps.database;
  const now = deps.clock.now();

  const [rows, paymentRows, entries, onlinePayment, notifications, balanceCents] = await Promise.all([
    db
      .select({
        id: invoices.id,
        kind: invoices.kind,
        number: invoices.number,
        refdet: invoices.refdet,
        label: invoices.label,
        regieCode: regies.code,
        regieName: regies.name,
        periodStart: invoices.periodStart,
        periodEnd: invoices.periodEnd,
        issueDate: invoices.issueDate,
        dueDate: invoices.dueDate,
        linesCents: invoices.linesCents,
        previousBalanceCents: invoices.previousBalanceCents,
        totalCents: invoices.totalCents,
        paidCents: invoices.paidCents,
        status: invoices.status,
        carriedTo: carried.number,
      })
      .from(invoices)
      .innerJoin(regies, and(eq(regies.tenantId, invoices.tenantId), eq(regies.id, invoices.regieId)))
      .leftJoin(carried, and(eq(carried.tenantId, invoices.tenantId), eq(carried.id, invoices.carriedToInvoiceId)))
      .where(and(eq(invoices.tenantId, tenantId), eq(invoices.familyId, familyId), ne(invoices.status, 'draft')))
      .orderBy(asc(invoices.dueDate), asc(invoices.number)),
    db
      .select({
        id: payments.id,
        invoiceId: payments.invoiceId,
        status: payments.status,
        createdAt: payments.createdAt,
        method: payments.method,
        amountCents: payments.amountCents,
        paidAt: payments.paidAt,
        payerName: payments.payerName,
        authorisationNumber: payments.authorisationNumber,
      })
      .from(payments)
      .where(
        and(
          eq(payments.tenantId, tenantId),
          eq(payments.familyId, familyId),
          or(eq(payments.status, 'paid'), holdsInvoice(now)),
        ),
      )
      .orderBy(asc(payments.paidAt), asc(payments.createdAt)),
    db
      .select({ at: ledgerEntries.at, label: ledgerEntries.label, amountCents: ledgerEntries.amountCents })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.tenantId, tenantId), eq(ledgerEntries.familyId, familyId)))
      .orderBy(asc(ledgerEntries.at), asc(KIND_ORDER), asc(ledgerEntries.id)),
    onlinePaymentSummary(deps, tenantId),
    readNotifications(deps, tenantId, familyId),
    familyBalance(deps.database.db, tenantId, familyId),
  ]);

  const paidByInvoice = new Map<string, InvoicePayment[]>();
  /** Invoices held by an online attempt, and when a new one becomes possible. */
  const retryAt = new Map<string, number>();
  for (const p of paymentRows) {
    // Basket and debt payments (pay at booking) belong to no invoice.
    if (!p.invoiceId) continue;
    if (p.status === 'pending') {
      retryAt.set(p.invoiceId, Math.max(retryAt.get(p.invoiceId) ?? 0, p.createdAt.getTime() + PAYMENT_IN_PROGRESS_MS));
      continue;
    }
    const list = paidByInvoice.get(p.invoiceId) ?? [];
    list.push({
      id: p.id,
      method: p.method,
      methodLabel: paymentMethodLabel(p.method),
      amountCents: p.amountCents,
      paidAt: p.paidAt?.toISOString() ?? null,
      payerName: p.payerName,
      authorisationNumber: p.authorisationNumber,
      attestation: p.method === 'online',
    });
    paidByInvoice.set(p.invoiceId, list);
  }

  const today = parisDay(now);
  const toPay: InvoiceSummary[] = [];
  const paid: InvoiceSummary[] = [];
  for (const row of rows) {
    const remaining = remainingCents(row);
    const summary: InvoiceSummary = {
      id: row.id,
      kind: row.kind,
      number: row.number!,
      refdet: row.refdet,
      label: row.label,
      regie: { code: row.regieCode, name: row.regieName },
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      issueDate: row.issueDate,
      dueDate: row.dueDate,
      linesCents: row.linesCents,
      previousBalanceCents: row.previousBalanceCents,
      totalCents: row.totalCents,
      paidCents: row.paidCents,
      remainingCents: remaining,
      status: row.status as InvoiceSummary['status'],
      carriedTo: row.carriedTo,
      overdue: remaining > 0 && row.dueDate < today,
      paymentInProgress: retryAt.has(row.id),
      paymentRetryAt: retryAt.has(row.id) ? new Date(retryAt.get(row.id)!).toISOString() : null,
      payments: paidByInvoice.get(row.id) ?? [],
    };
    (row.status === 'unpaid' && remaining > 0 ? toPay : paid).push(summary);
  }
  paid.sort((a, b) => (a.issueDate === b.issueDate ? b.number.localeCompare(a.number) : b.issueDate.localeCompare(a.issueDate)));

  let running = 0;
  const statement = entries.map((entry) => {
    running += entry.amountCents;
    return {
      at: entry.at.toISOString(),
      label: entry.label,
      debitCents: entry.amountCents > 0 ? entry.amountCents : 0,
      creditCents: entry.amountCents < 0 ? -entry.amountCents : 0,
      balanceCents: running,
    };
  });

  return { balanceCents, toPay, paid, statement, onlinePayment, notifications };
}

async function readNotifications(deps: Deps, tenantId: string, familyId: string): Promise<Contract.Notifications> {
  const [row] = await deps.database.db
    .select({ enabled: families.invoiceNotifications, email: families.email, extraEmails: families.notificationEmails })
    .from(families)
    .where(and(eq(families.tenantId, tenantId), eq(families.id, familyId)));
  if (!row) throw new ApiError(404, 'introuvable', 'Cette famille est introuvable.');
  return { enabled: row.enabled, email: row.email, extraEmails: row.extraEmails };
}

/**
 * "Me prévenir par mail de la mise en ligne de ma facture": on or off, and up to three more
 * addresses besides the family e-mail (which is the town's record, changed in the family file).
 * The change is written in the family file history, by field name only.
 */
export async function updateNotifications(deps: Deps, tenantId: string, familyId: string, wanted: { enabled: boolean; extraEmails: string[] }): Promise<Contract.Notifications> {
  return deps.database.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ enabled: families.invoiceNotifications, email: families.email, extraEmails: families.notificationEmails })
      .from(families)
      .where(and(eq(families.tenantId, tenantId), eq(families.id, familyId)))
      .for('update');
    if (!row) throw new ApiError(404, 'introuvable', 'Cette famille est introuvable.');
    if (row.email && wanted.extraEmails.includes(row.email)) {
      const message = 'Cette adresse est déjà celle de votre famille : elle reçoit les avis sans être ajoutée.';
      throw new ApiError(422, 'validation', 'Certaines informations sont manquantes ou invalides.', { fields: { [`extraEmails.${wanted.extraEmails.indexOf(row.email)}`]: message } });
    }
    const changed = [
      ...(row.enabled !== wanted.enabled ? ['invoiceNotifications'] : []),
      ...(row.extraEmails.join('\n') !== wanted.extraEmails.join('\n') ? ['emails'] : []),
    ];
    if (changed.length) {
      await tx
        .update(families)
        .set({ invoiceNotifications: wanted.enabled, notificationEmails: wanted.extraEmails })
        .where(and(eq(families.tenantId, tenantId), eq(families.id, familyId)));
      await tx.insert(familyFileEvents).values({ tenantId, familyId, fieldGroup: 'notifications', action: 'modifie', fields: changed, channel: 'internet', at: deps.clock.now() });
    }
    return { enabled: wanted.enabled, email: row.email, extraEmails: wanted.extraEmails };
  });
}
