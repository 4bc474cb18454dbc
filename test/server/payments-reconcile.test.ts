import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/client.js';
import { reconcilePayments } from '../../server/src/modules/payments/reconcile.js';
import { makeContext, openTestDatabase, seedStaff, type TestContext } from './helpers.js';
import { adminCall, staffCookie } from './admin-fixtures.js';
import {
  FakePayfip,
  invoiceOf,
  ledgerOfPayment,
  notificationPath,
  paymentOf,
  providerCall,
  seedInvoice,
  seedPaymentTown,
  startOk,
  systempayIpn,
  ticketsTo,
  trail,
} from './payment-fixtures.js';

let database: Database;
let ctx: TestContext;
const payfip = new FakePayfip();
const MINUTE = 60 * 1000;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database, { fetch: payfip.fetch });
});
afterAll(() => database.close());
beforeEach(() => ctx.clock.set('2026-09-07T08:00:00Z'));

/** One run of the job at 08:00 + minutes, limited to the test's town (other test files share the database). */
const reconcileAt = (tenantId: string, minutes: number) => {
  ctx.clock.set(new Date(Date.parse('2026-09-07T08:00:00Z') + minutes * MINUTE));
  return reconcilePayments(ctx.deps, ctx.clock.now(), { tenantId });
};

describe('reconciliation of payments whose notification never came', () => {
  it('asks PayFiP about a pending payment and settles it once PayFiP says paid', async () => {
    const town = await seedPaymentTown(ctx, 'payfip');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 3000);
    const start = await startOk(ctx, town, invoice.id);
    const op = payfip.operationOf(start.redirect.url);
    op.state = { resultrans: 'P', numauto: '998877' };

    // Too early: the payer may still be typing their card number.
    await reconcileAt(town.tenant.id, 1);
    expect((await paymentOf(ctx, start.paymentId)).status).toBe('pending');

    await reconcileAt(town.tenant.id, 3);
    expect(await paymentOf(ctx, start.paymentId)).toMatchObject({ status: 'paid', authorisationNumber: '998877' });
    expect((await invoiceOf(ctx, invoice.id)).status).toBe('paid');
    expect(await ledgerOfPayment(ctx, start.paymentId)).toHaveLength(1);
    expect(await ticketsTo(ctx, town.tenant.id, 'payeur@exemple.fr')).toHaveLength(1);
    expect(await trail(ctx, start.paymentId)).toEqual(['poll:applied', 'start:pending']);

    // The late notification afterwards changes nothing.
    expect((await providerCall(ctx, notificationPath(town, 'payfip'), { form: { idop: op.idOp } })).status).toBe(200);
    expect(await ledgerOfPayment(ctx, start.paymentId)).toHaveLength(1);
    expect(await ticketsTo(ctx, town.tenant.id, 'payeur@exemple.fr')).toHaveLength(1);
  });

  it('keeps a P5 or abandoned (A) payment pending for 20 minutes, then closes it', async () => {
    const town = await seedPaymentTown(ctx, 'payfip');
    const unknown = await startOk(ctx, town, (await seedInvoice(ctx, town, town.family.familyId)).id);
    const abandoned = await startOk(ctx, town, (await seedInvoice(ctx, town, town.family.familyId)).id);
    const purged = await startOk(ctx, town, (await seedInvoice(ctx, town, town.family.familyId)).id);
    payfip.operationOf(abandoned.redirect.url).state = { resultrans: 'A' };
    payfip.operationOf(purged.redirect.url).state = { fault: 'P1' };

    await reconcileAt(town.tenant.id, 10);
    expect((await paymentOf(ctx, unknown.paymentId)).status).toBe('pending');
    expect((await paymentOf(ctx, abandoned.paymentId)).status).toBe('pending');
    expect((await paymentOf(ctx, purged.paymentId)).status).toBe('expired');

    await reconcileAt(town.tenant.id, 21);
    expect((await paymentOf(ctx, unknown.paymentId)).status).toBe('expired');
    expect((await paymentOf(ctx, abandoned.paymentId)).status).toBe('cancelled');
  });

  it('keeps a payment pending when PayFiP cannot be reached', async () => {
    const offline = makeContext(database);
    const town = await seedPaymentTown(ctx, 'payfip');
    const start = await startOk(ctx, town, (await seedInvoice(ctx, town, town.family.familyId)).id);
    offline.clock.set('2026-09-07T09:00:00Z');
    const counts = await reconcilePayments(offline.deps, offline.clock.now(), { tenantId: town.tenant.id });
    expect(counts).toMatchObject({ polled: 1, unavailable: 1, resolved: 0 });
    expect((await paymentOf(ctx, start.paymentId)).status).toBe('pending');
  });

  it('expires Systempay payments after two hours, yet still settles one whose verified notification comes later', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 4150);
    const start = await startOk(ctx, town, invoice.id);
    await reconcileAt(town.tenant.id, 119);
    expect((await paymentOf(ctx, start.paymentId)).status).toBe('pending');
    await reconcileAt(town.tenant.id, 121);
    expect((await paymentOf(ctx, start.paymentId)).status).toBe('expired');

    expect((await providerCall(ctx, notificationPath(town, 'systempay'), { form: systempayIpn(start.redirect.fields, 'AUTHORISED') })).status).toBe(200);
    expect(await paymentOf(ctx, start.paymentId)).toMatchObject({ status: 'paid', flaggedLate: false });
    expect((await invoiceOf(ctx, invoice.id)).status).toBe('paid');

    // The régie sees it in its list, with its history.
    const staff = await seedStaff(ctx, town.tenant.id, 'agent');
    const cookie = await staffCookie(ctx, staff.email, staff.password);
    const list = await (await adminCall(ctx, 'GET', '/payments?status=paid', { cookie })).json();
    const row = list.payments.find((p: { id: string }) => p.id === start.paymentId);
    expect(row).toMatchObject({ status: 'paid', provider: 'systempay', invoice: { number: invoice.number }, family: { name: 'Famille Martin' } });
    expect(row.events.map((e: { source: string; outcome: string }) => `${e.source}:${e.outcome}`).sort()).toEqual(['notification:applied', 'poll:applied', 'start:pending']);
    expect((await (await adminCall(ctx, 'GET', '/payments?flagged=true', { cookie })).json()).payments).toEqual([]);
    expect((await adminCall(ctx, 'GET', '/payments?status=volé', { cookie })).status).toBe(422);
  });
});
