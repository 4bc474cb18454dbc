/**
 * Credit notes: the only correction of a published invoice. A credit note is itself a numbered,
 * immutable invoice (same sequence as the invoices of its régie) whose lines are negative. It
 * credits the family's account, and reduces what remains to pay on the invoice that holds the
 * debt (the invoice itself, or the later one its balance was carried to): `paid_cents` counts the
 * payments and the credit notes applied; fully offset, that invoice is cancelled. What exceeds the
 * remaining amount stays in the account as a credit, deducted from the next invoice.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { invoiceLines, invoices, ledgerEntries } from '../../db/schema/index.js';
import { invoiceHoldingDebt, remainingCents } from './ledger.js';
import { transactionWithRetry } from '../../db/retry.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { ApiError, notFound, invalidField } from '../../errors.js';
import { parisDay } from '../../domain/dates.js';
import { formatEuros, multiplyCents, sumCents } from '../../domain/money.js';
import { invoiceNumber, payfipReference } from '../../domain/invoice-reference.js';
import { findRegie } from './regies.js';
import { audit } from '../../db/audit.js';
import { rowsOf } from '../../db/rows.js';
import type { CreditNoteRequest } from '../../contracts/staff/index.js';

type InvoiceRow = typeof invoices.$inferSelect;

async function lockInvoice(tx: Tx, tenantId: string, id: string): Promise<InvoiceRow | undefined> {
  const [row] = await tx.select().from(invoices).where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, id))).for('update');
  return row;
}

/** Issues a credit note on a published invoice. */
export async function issueCreditNote(deps: Pick<Deps, 'database' | 'clock'>, staff: StaffContext, invoiceId: string, input: CreditNoteRequest) {
  const now = deps.clock.now();
  const today = parisDay(now);
  return transactionWithRetry(deps.database.db, async (tx) => {
    const tenantId = staff.tenantId;
    const invoice = await lockInvoice(tx, tenantId, invoiceId);
    if (!invoice || invoice.status === 'draft') throw notFound('Cette facture est introuvable.');
    if (invoice.kind !== 'invoice') throw new ApiError(422, 'avoir', 'Un avoir ne peut pas lui-même faire l’objet d’un avoir.');
    const regie = await findRegie(tx, tenantId, invoice.regieId);

    // What is left to credit on this invoice: its own lines, less the credit notes already issued on it.
    const [credited] = await rowsOf<{ cents: number }>(
      tx,
      sql`select coalesce(sum(-lines_cents), 0)::int as cents from invoices where tenant_id = ${tenantId} and credited_invoice_id = ${invoice.id} and kind = 'credit_note'`,
    );
    const creditable = invoice.linesCents - Number(credited.cents);
    const holder = await invoiceHoldingDebt(tx, tenantId, invoice.id);
    const remaining = remainingCents(holder);

    const lines = input.lines?.length
      ? input.lines.map((line) => {
          const unitCents = -Math.abs(line.unitCents);
          return { label: line.label, quantity: line.quantity, unitCents, totalCents: multiplyCents(unitCents, line.quantity) };
        })
      : (() => {
          const amount = Math.min(creditable, remaining);
          if (amount <= 0) throw invalidField('lines', 'Il ne reste rien à payer sur cette facture : précisez les lignes de l’avoir.');
          return [{ label: `Avoir sur la facture ${invoice.number} – ${input.reason}`, quantity: 1, unitCents: -amount, totalCents: -amount }];
        })();
    const amount = -sumCents(lines.map((l) => l.totalCents));
    if (amount <= 0) throw invalidField('lines', 'Le montant de l’avoir doit être positif.');
    if (amount > creditable) {
      throw invalidField('lines', `L’avoir dépasse ce qui peut encore être crédité sur cette facture (${formatEuros(Math.max(creditable, 0))}).`);
    }

    const year = Number(today.slice(0, 4));
    const [sequence] = await rowsOf<{ last: number }>(
      tx,
      sql`insert into invoice_sequences (tenant_id, regie_id, year, last) values (${tenantId}, ${regie.id}, ${year}, 1)
          on conflict (tenant_id, regie_id, year) do update set last = invoice_sequences.last + 1 returning last`,
    );
    const seq = Number(sequence.last);
    const number = invoiceNumber(regie.code, year, seq);
    const [note] = await tx
      .insert(invoices)
      .values({
        tenantId,
        regieId: regie.id,
        familyId: invoice.familyId,
        kind: 'credit_note',
        creditedInvoiceId: invoice.id,
        status: 'paid',
        year,
        sequence: seq,
        number,
        refdet: payfipReference(regie.code, year, seq),
        label: `Avoir sur la facture ${invoice.number} – ${input.reason}`,
        periodStart: invoice.periodStart,
        periodEnd: invoice.periodEnd,
        issueDate: today,
        dueDate: today,
        linesCents: -amount,
        previousBalanceCents: 0,
        totalCents: -amount,
        paidAt: now,
        createdAt: now,
        publishedAt: now,
      })
      .returning();
    await tx.insert(invoiceLines).values(lines.map((line, index) => ({ tenantId, invoiceId: note.id, position: index + 1, ...line })));
    await tx.insert(ledgerEntries).values({
      tenantId,
      familyId: invoice.familyId,
      regieId: regie.id,
      kind: 'credit_note',
      invoiceId: note.id,
      label: `Avoir ${number} sur la facture ${invoice.number}`,
      amountCents: -amount,
      at: now,
    });

    if (holder.status === 'unpaid') {
      const applied = Math.min(amount, remaining);
      const paidCents = holder.paidCents + applied;
      await tx
        .update(invoices)
        .set({ paidCents, ...(paidCents >= holder.totalCents ? { status: 'cancelled' as const } : {}) })
        .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, holder.id)));
    }
    await audit(tx, staff, 'avoir_emis', note.id, { avoir: number, facture: invoice.number, amountCents: amount });

    const [after] = await tx.select().from(invoices).where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, holder.id)));
    return {
      id: note.id,
      kind: 'credit_note' as const,
      number,
      refdet: note.refdet,
      label: note.label,
      reason: input.reason,
      status: note.status,
      family: { id: invoice.familyId },
      regie: { id: regie.id, code: regie.code, name: regie.name },
      issueDate: today,
      dueDate: today,
      linesCents: -amount,
      previousBalanceCents: 0,
      totalCents: -amount,
      paidCents: 0,
      remainingCents: 0,
      lines: lines.map((line, index) => ({ position: index + 1, ...line })),
      creditedInvoice: { id: invoice.id, number: invoice.number },
      /** The invoice whose remaining amount the credit reduced (the credited one, or the one its balance was carried to). */
      appliedTo: { id: after.id, number: after.number, status: after.status, remainingCents: remainingCents(after) },
    };
  });
}
