import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { paymentSettings } from '../../server/src/db/schema/index.js';
import { call, makeContext, openTestDatabase, seedStaff, type TestContext } from './helpers.js';
import { adminCall, staffCookie } from './admin-fixtures.js';
import { FakePayfip, invoiceOf, ledgerOfPayment, notificationPath, paymentOf, providerCall, returnPath, seedInvoice, seedPaymentTown, startOk, startPayment, ticketsTo, type PaymentTown } from './payment-fixtures.js';

// TIPI (legacy PayFiP form) signs nothing: anyone holding the refdet, amount and numcli of their own
// redirect can post a "paid" result. Such a result never settles on its own: the payment waits
// for the régie (`to_verify`), unless PayFiP's web service confirms the operation.

let database: Database;
let ctx: TestContext;
const payfip = new FakePayfip();

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database, { fetch: payfip.fetch });
});
afterAll(() => database.close());

const EMAIL = 'payeur@exemple.fr';

/** A TIPI attempt of a fresh invoice, and the result fields its own redirect lets the payer forge. */
async function tipiAttempt(town?: PaymentTown) {
  town ??= await seedPaymentTown(ctx, 'tipi');
  const invoice = await seedInvoice(ctx, town, town.family.familyId, 2500);
  const start = await startOk(ctx, town, invoice.id, EMAIL);
  const params = Object.fromEntries(new URL(start.redirect.url).searchParams);
  const result = (resultrans: string, extra: Record<string, string> = {}) => ({
    numcli: params.numcli,
    exer: params.exer,
    refdet: params.refdet,
    montant: params.montant,
    resultrans,
    numauto: 'A12345',
    dattrans: '07092026',
    heurtrans: '1005',
    mel: EMAIL,
    saisie: 'T',
    ...extra,
  });
  return { town, invoice, start, params, result };
}

async function staffOf(town: PaymentTown, role: 'admin' | 'agent') {
  const staff = await seedStaff(ctx, town.tenant.id, role);
  return staffCookie(ctx, staff.email, staff.password);
}

describe('a TIPI success message alone never settles', () => {
  it('keeps a forged P notification from a script à vérifier: invoice unpaid, no ledger entry, no ticket', async () => {
    const { town, invoice, start, result } = await tipiAttempt();
    const res = await providerCall(ctx, notificationPath(town, 'tipi'), { form: result('P') });
    expect(res.status).toBe(200);
    expect(await paymentOf(ctx, start.paymentId)).toMatchObject({ status: 'to_verify', paidAt: null });
    expect((await invoiceOf(ctx, invoice.id)).status).toBe('unpaid');
    expect(await ledgerOfPayment(ctx, start.paymentId)).toEqual([]);
    expect(await ticketsTo(ctx, town.tenant.id, EMAIL)).toEqual([]);

    // The parent's page says it is being checked, and a second payment is not offered meanwhile.
    const view = await (await call(ctx, 'GET', `${town.base}/paiements/${start.paymentId}`, { token: town.family.token })).json();
    expect(view).toMatchObject({ status: 'to_verify', paidAt: null, retryAt: null });
    const again = await startPayment(ctx, town, { invoiceId: invoice.id, email: EMAIL });
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe('paiement_a_verifier');
  });

  it('does the same for a V result posted to the return address by something other than a browser', async () => {
    const { town, start, result } = await tipiAttempt();
    const res = await providerCall(ctx, returnPath(town, 'tipi', start.paymentId), { form: result('V') });
    expect(res.status).toBe(303);
    expect((await paymentOf(ctx, start.paymentId)).status).toBe('to_verify');
    // Sent again: still one payment waiting, nothing mailed.
    await providerCall(ctx, notificationPath(town, 'tipi'), { form: result('P') });
    expect((await paymentOf(ctx, start.paymentId)).status).toBe('to_verify');
    expect(await ticketsTo(ctx, town.tenant.id, EMAIL)).toEqual([]);
  });

  it('still lets an abandon cancel the pending payment', async () => {
    const { town, start, result } = await tipiAttempt();
    expect((await providerCall(ctx, notificationPath(town, 'tipi'), { form: result('A') })).status).toBe(200);
    expect((await paymentOf(ctx, start.paymentId)).status).toBe('cancelled');
  });
});

describe('verification through PayFiP’s web service', () => {
  async function webserviceTown() {
    const town = await seedPaymentTown(ctx, 'tipi');
    await database.db.update(paymentSettings).set({ config: { numcli: '090909', saisie: 'T', verification: 'webservice' } }).where(eq(paymentSettings.tenantId, town.tenant.id));
    return town;
  }
  const operation = (idOp: string, params: Record<string, string>, state: { resultrans: string; refdet?: string; montant?: string }) =>
    payfip.operations.set(idOp, { idOp, request: { ...params, objet: 'Cantine' }, state: { numauto: '112233-tip', ...state } });

  it('settles once PayFiP confirms the operation the message names, and mails the ticket', async () => {
    const { town, invoice, start, params, result } = await tipiAttempt(await webserviceTown());
    operation('cc0cb210-1cd4-11ea-8cca-0000000ab001', params, { resultrans: 'P' });
    expect((await providerCall(ctx, notificationPath(town, 'tipi'), { form: result('P', { idop: 'cc0cb210-1cd4-11ea-8cca-0000000ab001' }) })).status).toBe(200);
    expect(await paymentOf(ctx, start.paymentId)).toMatchObject({ status: 'paid', authorisationNumber: '112233-tip' });
    expect((await invoiceOf(ctx, invoice.id)).status).toBe('paid');
    expect(await ticketsTo(ctx, town.tenant.id, EMAIL)).toHaveLength(1);
  });

  it('leaves it à vérifier when the message names no operation, or one PayFiP does not confirm for this payment', async () => {
    const town = await webserviceTown();
    const plain = await tipiAttempt(town);
    await providerCall(ctx, notificationPath(town, 'tipi'), { form: plain.result('P') });
    expect((await paymentOf(ctx, plain.start.paymentId)).status).toBe('to_verify');

    const other = await tipiAttempt(town);
    operation('cc0cb210-1cd4-11ea-8cca-0000000ab002', other.params, { resultrans: 'P', refdet: 'AUTREDETTE123' });
    operation('cc0cb210-1cd4-11ea-8cca-0000000ab003', other.params, { resultrans: 'R' });
    await providerCall(ctx, notificationPath(town, 'tipi'), { form: other.result('P', { idop: 'cc0cb210-1cd4-11ea-8cca-0000000ab002' }) });
    await providerCall(ctx, notificationPath(town, 'tipi'), { form: other.result('P', { idop: 'cc0cb210-1cd4-11ea-8cca-0000000ab003' }) });
    await providerCall(ctx, notificationPath(town, 'tipi'), { form: other.result('P', { idop: 'cc0cb210-1cd4-11ea-8cca-0000000ab999' }) });
    expect((await paymentOf(ctx, other.start.paymentId)).status).toBe('to_verify');
    expect(await ticketsTo(ctx, town.tenant.id, EMAIL)).toEqual([]);
  });
});

describe('the régie confirms or rejects a payment à vérifier', () => {
  it('lists it under the to_verify filter; an admin’s confirmation settles it once and mails one ticket', async () => {
    const { town, invoice, start, result } = await tipiAttempt();
    await providerCall(ctx, notificationPath(town, 'tipi'), { form: result('P') });
    const cookie = await staffOf(town, 'admin');

    const list = await (await adminCall(ctx, 'GET', '/payments?status=to_verify', { cookie })).json();
    expect(list.payments.map((p: { id: string }) => p.id)).toEqual([start.paymentId]);

    const first = await adminCall(ctx, 'POST', `/payments/${start.paymentId}/confirm`, { cookie });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ id: start.paymentId, status: 'paid' });
    const second = await adminCall(ctx, 'POST', `/payments/${start.paymentId}/confirm`, { cookie });
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ id: start.paymentId, status: 'paid' });

    expect(await paymentOf(ctx, start.paymentId)).toMatchObject({ status: 'paid', authorisationNumber: 'A12345' });
    expect((await invoiceOf(ctx, invoice.id)).status).toBe('paid');
    expect(await ledgerOfPayment(ctx, start.paymentId)).toHaveLength(1);
    expect(await ticketsTo(ctx, town.tenant.id, EMAIL)).toHaveLength(1);
    // Nothing left to reject once paid.
    expect((await adminCall(ctx, 'POST', `/payments/${start.paymentId}/reject`, { cookie })).status).toBe(409);
  });

  it('rejects it: refused, nothing credited, nothing mailed, and it can no longer be confirmed', async () => {
    const { town, invoice, start, result } = await tipiAttempt();
    await providerCall(ctx, notificationPath(town, 'tipi'), { form: result('P') });
    const cookie = await staffOf(town, 'admin');
    const res = await adminCall(ctx, 'POST', `/payments/${start.paymentId}/reject`, { cookie });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: start.paymentId, status: 'refused' });
    expect((await invoiceOf(ctx, invoice.id)).status).toBe('unpaid');
    expect(await ledgerOfPayment(ctx, start.paymentId)).toEqual([]);
    expect(await ticketsTo(ctx, town.tenant.id, EMAIL)).toEqual([]);
    const late = await adminCall(ctx, 'POST', `/payments/${start.paymentId}/confirm`, { cookie });
    expect(late.status).toBe(409);
    expect((await late.json()).code).toBe('paiement_non_a_verifier');
  });

  it('refuses an agent, another commune’s admin, a payment not à vérifier and a request from another origin', async () => {
    const { town, start, result } = await tipiAttempt();
    await providerCall(ctx, notificationPath(town, 'tipi'), { form: result('P') });
    const agent = await staffOf(town, 'agent');
    expect((await adminCall(ctx, 'POST', `/payments/${start.paymentId}/confirm`, { cookie: agent })).status).toBe(403);
    expect((await adminCall(ctx, 'POST', `/payments/${start.paymentId}/reject`, { cookie: agent })).status).toBe(403);

    const elsewhere = await seedPaymentTown(ctx, 'tipi');
    const otherAdmin = await staffOf(elsewhere, 'admin');
    expect((await adminCall(ctx, 'POST', `/payments/${start.paymentId}/confirm`, { cookie: otherAdmin })).status).toBe(404);
    expect((await adminCall(ctx, 'POST', `/payments/${start.paymentId}/reject`, { cookie: otherAdmin })).status).toBe(404);

    const admin = await staffOf(town, 'admin');
    expect((await adminCall(ctx, 'POST', `/payments/${start.paymentId}/confirm`, { cookie: admin, origin: 'https://evil.example' })).status).toBe(403);
    expect((await adminCall(ctx, 'POST', '/payments/pas-un-id/confirm', { cookie: admin })).status).toBe(404);

    const pending = await tipiAttempt(town);
    expect((await adminCall(ctx, 'POST', `/payments/${pending.start.paymentId}/confirm`, { cookie: admin })).status).toBe(409);
    expect((await paymentOf(ctx, pending.start.paymentId)).status).toBe('pending');
    expect((await paymentOf(ctx, start.paymentId)).status).toBe('to_verify');
    expect(await ticketsTo(ctx, town.tenant.id, EMAIL)).toEqual([]);
  });
});
