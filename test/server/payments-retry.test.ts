import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { auditLog } from '../../server/src/db/schema/index.js';
import { reconcilePayments } from '../../server/src/modules/payments/reconcile.js';
import { call, makeContext, openTestDatabase, seedStaff, type TestContext } from './helpers.js';
import { adminCall, staffCookie } from './admin-fixtures.js';
import {
  FakePayfip,
  invoiceOf,
  notificationPath,
  payboxQuery,
  paymentOf,
  providerCall,
  returnPath,
  seedInvoice,
  seedPaymentTown,
  startOk,
  startPayment,
  systempayIpn,
  trail,
  type PaymentTown,
} from './payment-fixtures.js';

// After an attempt that did not pay, when may the parent pay the invoice again? At once when the
// provider confirms the cancellation; otherwise at one exact time, said the same way everywhere,
// unless an admin unlocks the invoice sooner.

let database: Database;
let ctx: TestContext;
const payfip = new FakePayfip();

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database, { fetch: payfip.fetch });
});
afterAll(() => database.close());

const EMAIL = 'payeur@exemple.fr';
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const view = async (town: PaymentTown, id: string) => (await call(ctx, 'GET', `${town.base}/paiements/${id}`, { token: town.family.token })).json();
const listed = async (town: PaymentTown, invoiceId: string) => {
  const res = await call(ctx, 'GET', `${town.base}/factures`, { token: town.family.token });
  expect(res.status).toBe(200);
  return (await res.json()).toPay.find((i: { id: string }) => i.id === invoiceId);
};

async function staffOf(town: PaymentTown, role: 'admin' | 'agent') {
  const staff = await seedStaff(ctx, town.tenant.id, role);
  return staffCookie(ctx, staff.email, staff.password);
}

describe('the provider confirms the cancellation: the invoice can be paid again at once', () => {
  it('Systempay: the signed ABANDONED return closes the attempt', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 4150);
    const start = await startOk(ctx, town, invoice.id);
    const back = await providerCall(ctx, returnPath(town, 'systempay', start.paymentId), { query: new URLSearchParams(systempayIpn(start.redirect.fields, 'ABANDONED')).toString() });
    expect(back.status).toBe(303);
    expect(await view(town, start.paymentId)).toMatchObject({ status: 'cancelled', retryAt: null });
    expect(await listed(town, invoice.id)).toMatchObject({ paymentInProgress: false, paymentRetryAt: null });
    expect((await startOk(ctx, town, invoice.id)).paymentId).not.toBe(start.paymentId);
  });

  it('Paybox: the signed return with erreur 00001 closes the attempt', async () => {
    const town = await seedPaymentTown(ctx, 'paybox');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 1999);
    const start = await startOk(ctx, town, invoice.id);
    await providerCall(ctx, `${returnPath(town, 'paybox', start.paymentId)}&${payboxQuery({ montant: '1999', reference: start.redirect.fields.PBX_CMD, erreur: '00001' })}`);
    expect(await view(town, start.paymentId)).toMatchObject({ status: 'cancelled', retryAt: null });
    expect((await startOk(ctx, town, invoice.id)).paymentId).not.toBe(start.paymentId);
  });

  it('PayFiP: an A from the lookup releases the invoice; the attempt stays pending and is still resolved', async () => {
    const town = await seedPaymentTown(ctx, 'payfip');
    const invoice = await seedInvoice(ctx, town, town.family.familyId);
    const start = await startOk(ctx, town, invoice.id);
    const op = payfip.operationOf(start.redirect.url);
    op.state = { resultrans: 'A' };
    // The parent comes back: the return asks PayFiP, which says the payer left its page.
    await providerCall(ctx, returnPath(town, 'payfip', start.paymentId), { form: { idop: op.idOp } });
    expect(await view(town, start.paymentId)).toMatchObject({ status: 'pending', abandoned: true, retryAt: null });
    expect((await paymentOf(ctx, start.paymentId)).releasedAt).toEqual(ctx.clock.now());
    expect(await listed(town, invoice.id)).toMatchObject({ paymentInProgress: false, paymentRetryAt: null });

    const second = await startOk(ctx, town, invoice.id);
    expect(second.paymentId).not.toBe(start.paymentId);
    // The first operation is still asked about until PayFiP's 20 minutes are over, then closed.
    ctx.clock.advance(21 * 60 * 1000);
    try {
      payfip.operationOf(second.redirect.url).state = { resultrans: 'P', numauto: '998877' };
      await reconcilePayments(ctx.deps, ctx.clock.now(), { tenantId: town.tenant.id });
      expect((await paymentOf(ctx, start.paymentId)).status).toBe('cancelled');
      expect((await paymentOf(ctx, second.paymentId)).status).toBe('paid');
      expect((await invoiceOf(ctx, invoice.id)).status).toBe('paid');
    } finally {
      ctx.clock.set('2026-09-07T08:00:00Z');
    }
  });
});

describe('the outcome cannot be known: one exact time everywhere', () => {
  it('gives the same time in the 409, the invoice list and the payment', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 4150);
    const start = await startOk(ctx, town, invoice.id);
    // The payer closed Systempay's page: the browser never came back, nothing was notified.
    const again = await startPayment(ctx, town, { invoiceId: invoice.id, email: EMAIL });
    expect(again.status).toBe(409);
    const body = await again.json();
    expect(body.code).toBe('paiement_en_cours');
    // Started at 10:00 in Paris (08:00 UTC): a new payment from 10 h 20.
    expect(plain(body.message)).toBe('Un paiement en ligne de cette facture est déjà en cours. Attendez son résultat : vous pourrez réessayer à partir de 10 h 20.');
    const at = '2026-09-07T08:20:00.000Z';
    expect(await listed(town, invoice.id)).toMatchObject({ paymentInProgress: true, paymentRetryAt: at });
    expect(await view(town, start.paymentId)).toMatchObject({ status: 'pending', abandoned: false, retryAt: at });
  });
});

describe('an admin unlocks an invoice held by a pending attempt', () => {
  it('lets the family pay again at once, audited, without closing the attempt', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 4150);
    const start = await startOk(ctx, town, invoice.id);
    const admin = await staffOf(town, 'admin');

    const journal = await (await adminCall(ctx, 'GET', '/payments?status=pending', { cookie: admin })).json();
    expect(journal.payments.find((p: { id: string }) => p.id === start.paymentId)).toMatchObject({ heldUntil: '2026-09-07T08:20:00.000Z', releasedAt: null });

    ctx.clock.advance(5 * 60 * 1000);
    try {
      const res = await adminCall(ctx, 'POST', `/payments/${start.paymentId}/unlock`, { cookie: admin });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ id: start.paymentId, status: 'pending', releasedAt: '2026-09-07T08:05:00.000Z' });
      // A second click changes nothing.
      expect(await (await adminCall(ctx, 'POST', `/payments/${start.paymentId}/unlock`, { cookie: admin })).json()).toMatchObject({ releasedAt: '2026-09-07T08:05:00.000Z' });

      expect(await listed(town, invoice.id)).toMatchObject({ paymentInProgress: false, paymentRetryAt: null });
      expect(await view(town, start.paymentId)).toMatchObject({ status: 'pending', retryAt: null });
      const after = await (await adminCall(ctx, 'GET', '/payments?status=pending', { cookie: admin })).json();
      expect(after.payments.find((p: { id: string }) => p.id === start.paymentId)).toMatchObject({ heldUntil: null, releasedAt: '2026-09-07T08:05:00.000Z' });
      expect(await trail(ctx, start.paymentId)).toEqual(['staff:applied:Facture débloquée par la mairie : un nouveau paiement en ligne est possible.', 'start:pending']);
      const audited = await database.db.select().from(auditLog).where(and(eq(auditLog.tenantId, town.tenant.id), eq(auditLog.action, 'payment_unlocked')));
      expect(audited).toHaveLength(1);
      expect(audited[0]).toMatchObject({ target: start.paymentId, details: { provider: 'systempay', amountCents: 4150 } });

      const second = await startOk(ctx, town, invoice.id);
      // The first attempt's outcome still counts if Systempay ever sends it.
      const late = await providerCall(ctx, notificationPath(town, 'systempay'), { form: systempayIpn(start.redirect.fields, 'AUTHORISED') });
      expect(late.status).toBe(200);
      expect(await paymentOf(ctx, start.paymentId)).toMatchObject({ status: 'paid' });
      expect((await paymentOf(ctx, second.paymentId)).status).toBe('pending');
    } finally {
      ctx.clock.set('2026-09-07T08:00:00Z');
    }
  });

  it('is for admins of the commune, and only for an attempt that holds its invoice', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 4150);
    const start = await startOk(ctx, town, invoice.id);
    const agent = await staffOf(town, 'agent');
    const denied = await adminCall(ctx, 'POST', `/payments/${start.paymentId}/unlock`, { cookie: agent });
    expect(denied.status).toBe(403);
    expect((await denied.json()).code).toBe('droits_insuffisants');

    const elsewhere = await seedPaymentTown(ctx, 'systempay');
    const foreignAdmin = await staffOf(elsewhere, 'admin');
    expect((await adminCall(ctx, 'POST', `/payments/${start.paymentId}/unlock`, { cookie: foreignAdmin })).status).toBe(404);
    expect((await adminCall(ctx, 'POST', '/payments/pas-un-id/unlock', { cookie: foreignAdmin })).status).toBe(404);
    expect((await paymentOf(ctx, start.paymentId)).releasedAt).toBeNull();
    expect((await startPayment(ctx, town, { invoiceId: invoice.id, email: EMAIL })).status).toBe(409);

    // A closed attempt holds nothing: 409, nothing written.
    const admin = await staffOf(town, 'admin');
    await providerCall(ctx, notificationPath(town, 'systempay'), { form: systempayIpn(start.redirect.fields, 'REFUSED') });
    const closed = await adminCall(ctx, 'POST', `/payments/${start.paymentId}/unlock`, { cookie: admin });
    expect(closed.status).toBe(409);
    expect((await closed.json()).code).toBe('paiement_non_bloquant');
    expect((await paymentOf(ctx, start.paymentId)).releasedAt).toBeNull();
  });
});
