import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { auditLog, invoices, ledgerEntries, payments } from '../../server/src/db/schema/index.js';
import { makeContext, openTestDatabase, type TestContext } from './helpers.js';
import { adminCall } from './admin-fixtures.js';
import { billingTown, book, canteenDays, invoiceMonth, invoiceOf, ledgerBalance } from './billing-fixtures.js';

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
  ctx.clock.set('2026-10-05T08:00:00Z');
});
afterAll(() => database.close());

const SEPTEMBER = canteenDays('2026-09');
const OCTOBER = canteenDays('2026-10');

/** A commune whose Martin family received its September invoice: 17 × 4,15 € = 70,55 €. */
async function invoicedTown(name?: string) {
  const town = await billingTown(ctx, name);
  await book(ctx, town.tenantId, town.martin.child['Léa'], town.cantine.id, SEPTEMBER);
  const run = await invoiceMonth(ctx, town.admin.cookie, town.regie.id, '2026-09');
  return { ...town, invoice: invoiceOf(run, town.martin.id)! };
}

const invoiceRow = async (id: string) => (await database.db.select().from(invoices).where(eq(invoices.id, id)))[0];

const pay = (town: Awaited<ReturnType<typeof invoicedTown>>, invoiceId: string, body: Record<string, unknown>, cookie = town.agent.cookie) =>
  adminCall(ctx, 'POST', `/invoices/${invoiceId}/payments`, { cookie, body });

describe('offline payments', () => {
  it('a cheque for the whole amount, recorded by an agent, settles the invoice and the account', async () => {
    const town = await invoicedTown();
    const res = await pay(town, town.invoice.id, { method: 'cheque', amountCents: 7055, paidOn: '2026-10-02', payerName: 'Mme Claire Martin', note: 'Chèque n° 1234567' });

    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      method: 'cheque',
      methodLabel: 'Chèque',
      status: 'paid',
      amountCents: 7055,
      paidAt: '2026-10-02T10:00:00.000Z',
      payerName: 'Mme Claire Martin',
      invoice: { id: town.invoice.id, status: 'paid', paidCents: 7055, remainingCents: 0 },
    });
    expect(await ledgerBalance(ctx, town.tenantId, town.martin.id)).toBe(0);
    const [payment] = await database.db.select().from(payments).where(eq(payments.invoiceId, town.invoice.id));
    expect(payment).toMatchObject({ method: 'cheque', status: 'paid', recordedBy: town.agent.user.id, note: 'Chèque n° 1234567', provider: null });
    const entries = await database.db.select().from(ledgerEntries).where(eq(ledgerEntries.paymentId, payment.id));
    expect(entries.map((e) => [e.kind, e.amountCents, e.label])).toEqual([['payment', -7055, 'Chèque – facture 2026-PERI-000001']]);
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.target, payment.id));
    expect(audit).toMatchObject({ action: 'paiement_enregistre', staffUserId: town.agent.user.id });

    const detail = await (await adminCall(ctx, 'GET', `/invoices/${town.invoice.id}`, { cookie: town.admin.cookie })).json();
    expect(detail.payments).toEqual([expect.objectContaining({ method: 'cheque', methodLabel: 'Chèque', amountCents: 7055, payerName: 'Mme Claire Martin' })]);
    const again = await pay(town, town.invoice.id, { method: 'cash', amountCents: 100, paidOn: '2026-10-02', payerName: 'Mme Martin' });
    expect(again.status).toBe(409);
  });

  it('partial payments reduce what remains until the invoice is paid', async () => {
    const town = await invoicedTown();
    expect((await pay(town, town.invoice.id, { method: 'cash', amountCents: 3000, paidOn: '2026-10-01', payerName: 'M. Martin' })).status).toBe(201);
    expect(await invoiceRow(town.invoice.id)).toMatchObject({ status: 'unpaid', paidCents: 3000 });
    expect(await ledgerBalance(ctx, town.tenantId, town.martin.id)).toBe(4055);
    const listed = await (await adminCall(ctx, 'GET', `/invoices?familyId=${town.martin.id}`, { cookie: town.agent.cookie })).json();
    expect(listed[0]).toMatchObject({ status: 'unpaid', paidCents: 3000, remainingCents: 4055 });

    const rest = await pay(town, town.invoice.id, { method: 'direct_debit', amountCents: 4055, paidOn: '2026-10-05', payerName: 'M. Martin' });
    expect((await rest.json()).invoice).toMatchObject({ status: 'paid', remainingCents: 0 });
    expect(await ledgerBalance(ctx, town.tenantId, town.martin.id)).toBe(0);
  });

  it('refuses an amount above what remains, a date in the future or a malformed body, and changes nothing', async () => {
    const town = await invoicedTown();
    const above = await pay(town, town.invoice.id, { method: 'cheque', amountCents: 7056, paidOn: '2026-10-02', payerName: 'Mme Martin' });
    expect(above.status).toBe(422);
    expect((await above.json()).message.replace(/[\u00a0\u202f]/g, ' ')).toBe('Le montant dépasse ce qui reste à payer sur cette facture (70,55 €).');
    const future = await pay(town, town.invoice.id, { method: 'cheque', amountCents: 100, paidOn: '2026-10-06', payerName: 'Mme Martin' });
    expect(future.status).toBe(422);
    expect((await future.json()).fields.paidOn).toMatch(/futur/);
    const zero = await pay(town, town.invoice.id, { method: 'cheque', amountCents: 0, paidOn: '2026-10-02', payerName: 'Mme Martin' });
    expect(zero.status).toBe(422);
    const online = await pay(town, town.invoice.id, { method: 'online', amountCents: 100, paidOn: '2026-10-02', payerName: 'Mme Martin' });
    expect(online.status).toBe(422);
    const notAnInvoice = await pay(town, '00000000-0000-4000-8000-000000000000', { method: 'cash', amountCents: 100, paidOn: '2026-10-02', payerName: 'Mme Martin' });
    expect(notAnInvoice.status).toBe(404);

    expect(await invoiceRow(town.invoice.id)).toMatchObject({ status: 'unpaid', paidCents: 0 });
    expect(await database.db.select().from(payments).where(eq(payments.invoiceId, town.invoice.id))).toEqual([]);
    expect(await ledgerBalance(ctx, town.tenantId, town.martin.id)).toBe(7055);
  });

  it('is taken on the invoice that now holds the debt once a balance was carried', async () => {
    const town = await invoicedTown();
    await book(ctx, town.tenantId, town.martin.child['Léa'], town.cantine.id, OCTOBER.slice(0, 2));
    const october = invoiceOf(await invoiceMonth(ctx, town.admin.cookie, town.regie.id, '2026-10'), town.martin.id)!;
    const onCarried = await pay(town, town.invoice.id, { method: 'cheque', amountCents: 100, paidOn: '2026-10-02', payerName: 'Mme Martin' });
    expect(onCarried.status).toBe(409);
    expect((await onCarried.json()).message).toContain(october.number!);

    const res = await pay(town, october.id, { method: 'cheque', amountCents: 7055 + 830, paidOn: '2026-10-05', payerName: 'Mme Martin' });
    expect((await res.json()).invoice).toMatchObject({ status: 'paid', remainingCents: 0 });
    expect(await ledgerBalance(ctx, town.tenantId, town.martin.id)).toBe(0);
  });
});

describe('credit notes', () => {
  it('by default cancel what remains: numbered in the same sequence, credited to the account, the invoice cancelled', async () => {
    const town = await invoicedTown();
    const res = await adminCall(ctx, 'POST', `/invoices/${town.invoice.id}/credit-note`, { cookie: town.admin.cookie, body: { reason: 'Cantine fermée (grève)' } });

    expect(res.status).toBe(201);
    const note = await res.json();
    expect(note).toMatchObject({
      kind: 'credit_note',
      number: '2026-PERI-000002',
      refdet: '2026PERI000002',
      linesCents: -7055,
      totalCents: -7055,
      lines: [{ label: 'Avoir sur la facture 2026-PERI-000001 – Cantine fermée (grève)', quantity: 1, unitCents: -7055, totalCents: -7055 }],
      creditedInvoice: { id: town.invoice.id, number: '2026-PERI-000001' },
      appliedTo: { id: town.invoice.id, status: 'cancelled', remainingCents: 0 },
    });
    expect(await invoiceRow(town.invoice.id)).toMatchObject({ status: 'cancelled', totalCents: 7055, linesCents: 7055 });
    expect(await ledgerBalance(ctx, town.tenantId, town.martin.id)).toBe(0);
    const [credit] = await database.db.select().from(ledgerEntries).where(eq(ledgerEntries.invoiceId, note.id));
    expect(credit).toMatchObject({ kind: 'credit_note', amountCents: -7055 });

    const nothingLeft = await adminCall(ctx, 'POST', `/invoices/${town.invoice.id}/credit-note`, { cookie: town.admin.cookie, body: { reason: 'Encore' } });
    expect(nothingLeft.status).toBe(422);
    const onCredit = await adminCall(ctx, 'POST', `/invoices/${note.id}/credit-note`, { cookie: town.admin.cookie, body: { reason: 'Avoir d’avoir' } });
    expect(onCredit.status).toBe(422);
  });

  it('with lines reduce what remains; never more than the invoice’s own lines; admins only', async () => {
    const town = await invoicedTown();
    expect((await adminCall(ctx, 'POST', `/invoices/${town.invoice.id}/credit-note`, { cookie: town.agent.cookie, body: { reason: 'Erreur' } })).status).toBe(403);
    const tooMuch = await adminCall(ctx, 'POST', `/invoices/${town.invoice.id}/credit-note`, {
      cookie: town.admin.cookie,
      body: { reason: 'Erreur', lines: [{ label: 'Repas non servis', quantity: 18, unitCents: 415 }] },
    });
    expect(tooMuch.status).toBe(422);

    const res = await adminCall(ctx, 'POST', `/invoices/${town.invoice.id}/credit-note`, {
      cookie: town.admin.cookie,
      body: { reason: 'Sortie scolaire', lines: [{ label: 'Repas non servis – sortie du 24 septembre', quantity: 2, unitCents: 415 }] },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ linesCents: -830, appliedTo: { id: town.invoice.id, status: 'unpaid', remainingCents: 6225 } });
    expect(await ledgerBalance(ctx, town.tenantId, town.martin.id)).toBe(6225);

    const rest = await pay(town, town.invoice.id, { method: 'cheque', amountCents: 6225, paidOn: '2026-10-05', payerName: 'Mme Martin' });
    expect((await rest.json()).invoice).toMatchObject({ status: 'paid', remainingCents: 0 });
  });

  it('on a paid invoice leave a credit in the account, deducted from the next invoice', async () => {
    const town = await invoicedTown();
    await pay(town, town.invoice.id, { method: 'cash', amountCents: 7055, paidOn: '2026-10-02', payerName: 'Mme Martin' });
    const res = await adminCall(ctx, 'POST', `/invoices/${town.invoice.id}/credit-note`, {
      cookie: town.admin.cookie,
      body: { reason: 'Repas non servis', lines: [{ label: 'Grève du 17 septembre', quantity: 1, unitCents: 415 }] },
    });
    expect(await res.json()).toMatchObject({ linesCents: -415, appliedTo: { status: 'paid' } });
    expect(await ledgerBalance(ctx, town.tenantId, town.martin.id)).toBe(-415);

    await book(ctx, town.tenantId, town.martin.child['Léa'], town.cantine.id, OCTOBER.slice(0, 2));
    const october = invoiceOf(await invoiceMonth(ctx, town.admin.cookie, town.regie.id, '2026-10'), town.martin.id)!;
    expect(october).toMatchObject({ linesCents: 830, previousBalanceCents: -415, totalCents: 415 });
  });
});
