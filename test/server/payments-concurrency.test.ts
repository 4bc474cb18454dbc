import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/client.js';
import { makeContext, openTestDatabase, type TestContext } from './helpers.js';
import {
  FakePayfip,
  invoiceOf,
  ledgerOfPayment,
  notificationPath,
  payboxQuery,
  paymentOf,
  providerCall,
  returnPath,
  seedInvoice,
  seedPaymentTown,
  startOk,
  systempayIpn,
  ticketsTo,
  trail,
} from './payment-fixtures.js';

/**
 * Exactly once under real concurrency. PGlite has a single connection, so these run where they
 * prove something: on PostgreSQL (TEST_DATABASE_URL, as in CI).
 */
const onPostgres = process.env.TEST_DB === 'postgres';

let database: Database;
let ctx: TestContext;
const payfip = new FakePayfip();

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database, { fetch: payfip.fetch });
});
afterAll(() => database.close());

const count = (list: string[], entry: string) => list.filter((e) => e === entry).length;

describe.runIf(onPostgres)('one payment, many messages at once (PostgreSQL)', () => {
  it('Systempay: 20 concurrent notifications and 5 returns give one paid payment, one ledger entry, one ticket', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 4150);
    const start = await startOk(ctx, town, invoice.id);
    const ipn = systempayIpn(start.redirect.fields, 'AUTHORISED');
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, () => providerCall(ctx, notificationPath(town, 'systempay'), { form: ipn })),
      ...Array.from({ length: 5 }, () => providerCall(ctx, returnPath(town, 'systempay', start.paymentId), { query: new URLSearchParams(ipn).toString() })),
    ]);
    expect(answers.slice(0, 20).map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.slice(20).map((a) => a.status)).toEqual(Array(5).fill(303));

    expect(await paymentOf(ctx, start.paymentId)).toMatchObject({ status: 'paid', flaggedLate: false });
    expect(await invoiceOf(ctx, invoice.id)).toMatchObject({ status: 'paid', paidCents: 4150 });
    expect(await ledgerOfPayment(ctx, start.paymentId)).toHaveLength(1);
    expect(await ticketsTo(ctx, town.tenant.id, 'payeur@exemple.fr')).toHaveLength(1);
    const events = await trail(ctx, start.paymentId);
    expect(events.filter((e) => e.endsWith(':applied'))).toHaveLength(1);
    expect(events.filter((e) => e.endsWith(':unchanged'))).toHaveLength(24);
  });

  it('PayFiP: 20 concurrent notifications and 5 returns, each verified at PayFiP, settle once', async () => {
    const town = await seedPaymentTown(ctx, 'payfip');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 3000);
    const start = await startOk(ctx, town, invoice.id);
    const op = payfip.operationOf(start.redirect.url);
    op.state = { resultrans: 'P', numauto: '445566' };
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, () => providerCall(ctx, notificationPath(town, 'payfip'), { form: { idop: op.idOp } })),
      ...Array.from({ length: 5 }, () => providerCall(ctx, returnPath(town, 'payfip', start.paymentId))),
    ]);
    expect(answers.slice(0, 20).every((a) => a.status === 200)).toBe(true);
    expect(await paymentOf(ctx, start.paymentId)).toMatchObject({ status: 'paid' });
    expect(await ledgerOfPayment(ctx, start.paymentId)).toHaveLength(1);
    expect(await ticketsTo(ctx, town.tenant.id, 'payeur@exemple.fr')).toHaveLength(1);
    expect(count(await trail(ctx, start.paymentId), 'notification:applied') + count(await trail(ctx, start.paymentId), 'return:applied')).toBe(1);
  });

  it('Paybox: a paid and a cancelled message racing never leave the payment unpaid once paid', async () => {
    const town = await seedPaymentTown(ctx, 'paybox');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 1999);
    const start = await startOk(ctx, town, invoice.id);
    const reference = start.redirect.fields.PBX_CMD;
    const paid = payboxQuery({ montant: '1999', reference, autorisation: 'XXXXXX', erreur: '00000' });
    const cancelled = payboxQuery({ montant: '1999', reference, erreur: '00001' });
    await Promise.all(Array.from({ length: 20 }, (_, i) => providerCall(ctx, notificationPath(town, 'paybox'), { query: i % 2 ? paid : cancelled })));
    // Whatever came first, a verified paid message wins over a cancellation, and counts once.
    expect((await paymentOf(ctx, start.paymentId)).status).toBe('paid');
    expect(await ledgerOfPayment(ctx, start.paymentId)).toHaveLength(1);
  });
});
