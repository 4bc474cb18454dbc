/**
 * What the régie's staff read: invoicing runs with their invoices and lines, and the invoices of
 * the commune with what remains to pay on each.
 */
import { and, asc, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { families, invoiceLines, invoices, invoicingRuns, payments, regies, type InvoiceStatus } from '../../db/schema/index.js';
import { notFound } from '../../errors.js';
import { paymentMethodLabel, remainingCents } from './ledger.js';
import { containing } from '../../db/like.js';

/** Invoices listed at most per request. */
const MAX_INVOICES = 500;

const iso = (date: Date | null) => date?.toISOString() ?? null;

type RunRow = typeof invoicingRuns.$inferSelect;

const runView = (run: RunRow, regie: { id: string; code: string; name: string }) => ({
  id: run.id,
  regieId: run.regieId,
  regie,
  month: run.periodStart.slice(0, 7),
  periodStart: run.periodStart,
  periodEnd: run.periodEnd,
  label: run.label,
  state: run.state,
  issueDate: run.issueDate,
  dueDate: run.dueDate,
  invoiceCount: run.invoiceCount,
  totalCents: run.totalCents,
  createdAt: run.createdAt.toISOString(),
  publishedAt: iso(run.publishedAt),
});

export async function listRuns(db: Db | Tx, tenantId: string, regieId?: string) {
  const rows = await db
    .select({ run: invoicingRuns, regie: { id: regies.id, code: regies.code, name: regies.name } })
    .from(invoicingRuns)
    .innerJoin(regies, and(eq(regies.tenantId, invoicingRuns.tenantId), eq(regies.id, invoicingRuns.regieId)))
    .where(and(eq(invoicingRuns.tenantId, tenantId), regieId ? eq(invoicingRuns.regieId, regieId) : undefined))
    .orderBy(desc(invoicingRuns.periodStart), desc(invoicingRuns.createdAt));
  return rows.map((r) => runView(r.run, r.regie));
}

export async function readRunSummary(db: Db | Tx, tenantId: string, runId: string) {
  const [row] = await db
    .select({ run: invoicingRuns, regie: { id: regies.id, code: regies.code, name: regies.name } })
    .from(invoicingRuns)
    .innerJoin(regies, and(eq(regies.tenantId, invoicingRuns.tenantId), eq(regies.id, invoicingRuns.regieId)))
    .where(and(eq(invoicingRuns.tenantId, tenantId), eq(invoicingRuns.id, runId)));
  if (!row) throw notFound('Cette facturation est introuvable.');
  return runView(row.run, row.regie);
}

/** A run with its invoices (in family-number order) and their lines. */
export async function readRun(db: Db | Tx, tenantId: string, runId: string) {
  const run = await readRunSummary(db, tenantId, runId);
  const [rows, lines] = await Promise.all([
    db
      .select({ invoice: invoices, family: { id: families.id, number: families.familyNumber, name: families.name } })
      .from(invoices)
      .innerJoin(families, and(eq(families.tenantId, invoices.tenantId), eq(families.id, invoices.familyId)))
      .where(and(eq(invoices.tenantId, tenantId), eq(invoices.runId, runId)))
      .orderBy(asc(families.familyNumber)),
    db
      .select()
      .from(invoiceLines)
      .where(and(eq(invoiceLines.tenantId, tenantId), sql`${invoiceLines.invoiceId} in (select id from invoices where tenant_id = ${tenantId} and run_id = ${runId})`))
      .orderBy(asc(invoiceLines.invoiceId), asc(invoiceLines.position)),
  ]);
  const byInvoice = new Map<string, typeof lines>();
  for (const line of lines) byInvoice.set(line.invoiceId, [...(byInvoice.get(line.invoiceId) ?? []), line]);
  return {
    ...run,
    invoices: rows.map(({ invoice, family }) => ({
      ...invoiceFigures(invoice),
      family,
      lines: (byInvoice.get(invoice.id) ?? []).map(lineView),
    })),
  };
}

const lineView = (line: typeof invoiceLines.$inferSelect) => ({
  position: line.position,
  label: line.label,
  quantity: line.quantity,
  unitCents: line.unitCents,
  totalCents: line.totalCents,
  childId: line.childId,
  serviceId: line.serviceId,
});

type InvoiceRow = typeof invoices.$inferSelect;

const invoiceFigures = (invoice: InvoiceRow) => ({
  id: invoice.id,
  kind: invoice.kind,
  number: invoice.number,
  refdet: invoice.refdet,
  label: invoice.label,
  status: invoice.status,
  periodStart: invoice.periodStart,
  periodEnd: invoice.periodEnd,
  issueDate: invoice.issueDate,
  dueDate: invoice.dueDate,
  linesCents: invoice.linesCents,
  previousBalanceCents: invoice.previousBalanceCents,
  totalCents: invoice.totalCents,
  paidCents: invoice.paidCents,
  remainingCents: remainingCents(invoice),
  creditedInvoiceId: invoice.creditedInvoiceId,
  carriedToInvoiceId: invoice.carriedToInvoiceId,
  publishedAt: iso(invoice.publishedAt),
});

export interface InvoiceFilter {
  familyId?: string;
  status?: Exclude<InvoiceStatus, 'draft'>;
  /** An invoice number, or a family's name or number. */
  q?: string;
}

/** Invoices with the family and régie they belong to; each reader narrows them. */
const invoicesWithFamily = (db: Db | Tx) =>
  db
    .select({
      invoice: invoices,
      family: { id: families.id, number: families.familyNumber, name: families.name },
      regie: { id: regies.id, code: regies.code, name: regies.name },
    })
    .from(invoices)
    .innerJoin(families, and(eq(families.tenantId, invoices.tenantId), eq(families.id, invoices.familyId)))
    .innerJoin(regies, and(eq(regies.tenantId, invoices.tenantId), eq(regies.id, invoices.regieId)));

/** Published invoices and credit notes of the commune, newest first. */
export async function listInvoices(db: Db | Tx, tenantId: string, filter: InvoiceFilter) {
  const like = filter.q ? containing(filter.q) : null;
  const rows = await invoicesWithFamily(db)
    .where(
      and(
        eq(invoices.tenantId, tenantId),
        sql`${invoices.status} <> 'draft'`,
        filter.familyId ? eq(invoices.familyId, filter.familyId) : undefined,
        filter.status ? eq(invoices.status, filter.status) : undefined,
        like ? or(ilike(invoices.number, like), ilike(families.name, like), ilike(families.familyNumber, like)) : undefined,
      ),
    )
    .orderBy(desc(invoices.issueDate), desc(invoices.number))
    .limit(MAX_INVOICES);
  return rows.map(({ invoice, family, regie }) => ({ ...invoiceFigures(invoice), family, regie }));
}

/** One published invoice with its lines and payments. */
export async function readInvoice(db: Db | Tx, tenantId: string, invoiceId: string) {
  const [row] = await invoicesWithFamily(db)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId), sql`${invoices.status} <> 'draft'`));
  if (!row) throw notFound('Cette facture est introuvable.');
  const [lines, paid] = await Promise.all([
    db.select().from(invoiceLines).where(and(eq(invoiceLines.tenantId, tenantId), eq(invoiceLines.invoiceId, invoiceId))).orderBy(asc(invoiceLines.position)),
    db
      .select()
      .from(payments)
      .where(and(eq(payments.tenantId, tenantId), eq(payments.invoiceId, invoiceId), inArray(payments.status, ['paid'])))
      .orderBy(asc(payments.paidAt)),
  ]);
  return {
    ...invoiceFigures(row.invoice),
    family: row.family,
    regie: row.regie,
    lines: lines.map(lineView),
    payments: paid.map((p) => ({
      id: p.id,
      method: p.method,
      methodLabel: paymentMethodLabel(p.method),
      amountCents: p.amountCents,
      paidAt: iso(p.paidAt),
      payerName: p.payerName,
      authorisationNumber: p.authorisationNumber,
      flaggedLate: p.flaggedLate,
    })),
  };
}
