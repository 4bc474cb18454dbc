import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
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
  tenantEvents,
  trail,
  type PaymentTown,
} from './payment-fixtures.js';

/**
 * Messages that must change nothing: forged, tampered, about someone else's payment, replayed
 * onto another payment, or unreadable. Each is refused with a 4xx and kept in payment_events.
 */
let database: Database;
let ctx: TestContext;
const payfip = new FakePayfip();

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database, { fetch: payfip.fetch });
});
afterAll(() => database.close());

async function expectUntouched(town: PaymentTown, paymentId: string, invoiceId: string) {
  expect((await paymentOf(ctx, paymentId)).status).toBe('pending');
  expect((await invoiceOf(ctx, invoiceId)).status).toBe('unpaid');
  expect(await ledgerOfPayment(ctx, paymentId)).toEqual([]);
  void town;
}

async function refused(res: Response) {
  expect(res.status).toBe(400);
  expect(await res.text()).toMatch(/^Notification refusée : /);
}

describe('Systempay notifications that are refused', () => {
  it('refuses a forged signature, a changed amount and an unknown reference', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 4150);
    const start = await startOk(ctx, town, invoice.id);
    const form = start.redirect.fields;

    await refused(await providerCall(ctx, notificationPath(town, 'systempay'), { form: systempayIpn(form, 'AUTHORISED', {}, 'UneAutreCle12345') }));
    // Tampered after signing: the amount no longer matches the signature.
    const tampered = { ...systempayIpn(form, 'AUTHORISED'), vads_effective_amount: '100' };
    await refused(await providerCall(ctx, notificationPath(town, 'systempay'), { form: tampered }));
    // Genuinely signed (the key leaked?) but for another amount: still refused.
    await refused(await providerCall(ctx, notificationPath(town, 'systempay'), { form: systempayIpn(form, 'AUTHORISED', { vads_amount: '100', vads_effective_amount: '100' }) }));
    await refused(await providerCall(ctx, notificationPath(town, 'systempay'), { form: systempayIpn(form, 'AUTHORISED', { vads_trans_id: 'zzzzzz' }) }));
    await refused(await providerCall(ctx, notificationPath(town, 'systempay'), { form: systempayIpn(form, 'AUTHORISED', { vads_site_id: '87654321' }) }));

    await expectUntouched(town, start.paymentId, invoice.id);
    expect(await trail(ctx, start.paymentId)).toEqual([
      'notification:rejected:Identifiant de boutique différent.',
      'notification:rejected:Montant différent de celui du paiement.',
      'start:pending',
    ]);
    // Nothing unsigned is used to find a payment: badly signed ones are kept without one.
    const unattached = (await tenantEvents(ctx, town.tenant.id)).filter((e) => e.paymentId === null);
    expect(unattached.map((e) => [e.outcome, e.reason]).sort()).toEqual([
      ['rejected', 'Paiement inconnu pour cette référence.'],
      ['rejected', 'Signature invalide.'],
      ['rejected', 'Signature invalide.'],
    ]);
    expect(unattached.find((e) => e.reason === 'Paiement inconnu pour cette référence.')!.summary).toEqual({ reference: `20260907zzzzzz` });
  });

  it('refuses another commune’s genuine notification sent to this commune', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const other = await seedPaymentTown(ctx, 'systempay');
    const theirInvoice = await seedInvoice(ctx, other, other.family.familyId, 4150);
    const theirs = await startOk(ctx, other, theirInvoice.id);
    await refused(await providerCall(ctx, notificationPath(town, 'systempay'), { form: systempayIpn(theirs.redirect.fields, 'AUTHORISED') }));
    await expectUntouched(other, theirs.paymentId, theirInvoice.id);
    expect((await tenantEvents(ctx, town.tenant.id)).map((e) => [e.outcome, e.reason])).toEqual([['rejected', 'Paiement inconnu pour cette référence.']]);
  });

  it('refuses a genuine paid notification replayed onto another payment, and answers a duplicate once without a second entry', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const first = await seedInvoice(ctx, town, town.family.familyId, 4150);
    const second = await seedInvoice(ctx, town, town.family.familyId, 4150);
    const paid = await startOk(ctx, town, first.id);
    const ipn = systempayIpn(paid.redirect.fields, 'AUTHORISED');
    expect((await providerCall(ctx, notificationPath(town, 'systempay'), { form: ipn })).status).toBe(200);
    const target = await startOk(ctx, town, second.id);

    // Replayed on the other payment's return: the signed reference is not that payment's.
    const replay = await providerCall(ctx, returnPath(town, 'systempay', target.paymentId), { query: new URLSearchParams(ipn).toString() });
    expect(replay.status).toBe(303);
    await expectUntouched(town, target.paymentId, second.id);
    expect(await trail(ctx, target.paymentId)).toEqual(['return:rejected:Le résultat reçu concerne un autre paiement.', 'start:pending']);

    // The provider sending the same notification again is answered, and changes nothing.
    expect((await providerCall(ctx, notificationPath(town, 'systempay'), { form: ipn })).status).toBe(200);
    expect(await ledgerOfPayment(ctx, paid.paymentId)).toHaveLength(1);
    expect(await trail(ctx, paid.paymentId)).toEqual(['notification:applied', 'notification:unchanged', 'start:pending']);
  });
});

describe('Paybox notifications that are refused', () => {
  it('refuses a signature by another key, a changed amount, a tampered query, and paid without authorisation', async () => {
    const town = await seedPaymentTown(ctx, 'paybox');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 1999);
    const start = await startOk(ctx, town, invoice.id);
    const reference = start.redirect.fields.PBX_CMD;
    const intruder = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;

    await refused(await providerCall(ctx, notificationPath(town, 'paybox'), { query: payboxQuery({ montant: '1999', reference, autorisation: 'XXXXXX', erreur: '00000' }, intruder) }));
    await refused(await providerCall(ctx, notificationPath(town, 'paybox'), { query: payboxQuery({ montant: '100', reference, autorisation: 'XXXXXX', erreur: '00000' }) }));
    const genuine = payboxQuery({ montant: '1999', reference, autorisation: 'XXXXXX', erreur: '00001' });
    await refused(await providerCall(ctx, notificationPath(town, 'paybox'), { query: genuine.replace('erreur=00001', 'erreur=00000') }));
    await refused(await providerCall(ctx, notificationPath(town, 'paybox'), { query: 'montant=1999&reference=x&erreur=00000' }));
    await expectUntouched(town, start.paymentId, invoice.id);

    // Signed by Paybox as paid but without an authorisation number: not a payment.
    expect((await providerCall(ctx, notificationPath(town, 'paybox'), { query: payboxQuery({ montant: '1999', reference, erreur: '00000' }) })).status).toBe(200);
    expect((await paymentOf(ctx, start.paymentId)).status).toBe('error');
    expect(await ledgerOfPayment(ctx, start.paymentId)).toEqual([]);
  });
});

describe('PayFiP and TIPI notifications that are refused', () => {
  it('refuses a notification without idOp, an unknown idOp, and an unreadable SOAP answer', async () => {
    const town = await seedPaymentTown(ctx, 'payfip');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 3000);
    const start = await startOk(ctx, town, invoice.id);
    const op = payfipOperation(start.redirect.url);

    await refused(await providerCall(ctx, notificationPath(town, 'payfip'), { form: { autre: 'chose' } }));
    await refused(await providerCall(ctx, notificationPath(town, 'payfip'), { form: { idop: 'inconnu-1234' } }));
    const soap = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><idOp>${op.idOp}</idOp>`;
    const garbled = await ctx.app.request(notificationPath(town, 'payfip'), { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: soap });
    await refused(garbled);
    op.state = { raw: '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><return><idOp>x</idOp><montant>' };
    await refused(await providerCall(ctx, notificationPath(town, 'payfip'), { form: { idop: op.idOp } }));
    // PayFiP unreachable is not the sender's fault: 503, so that the notification comes again.
    const offline = makeContext(database);
    expect((await providerCall(offline, notificationPath(town, 'payfip'), { form: { idop: op.idOp } })).status).toBe(503);
    op.state = { resultrans: 'P', numauto: '1', montant: '100' };
    await refused(await providerCall(ctx, notificationPath(town, 'payfip'), { form: { idop: op.idOp } }));
    op.state = { resultrans: 'P', numauto: '1', numcli: '111111' };
    await refused(await providerCall(ctx, notificationPath(town, 'payfip'), { query: `idOp=${op.idOp}` }));
    await expectUntouched(town, start.paymentId, invoice.id);
    expect(await trail(ctx, start.paymentId)).toEqual([
      'notification:rejected:Montant différent de celui du paiement.',
      'notification:rejected:Numéro client PayFiP différent.',
      'notification:rejected:PayFiP ne répond pas : résultat inconnu pour le moment.',
      'notification:rejected:Réponse PayFiP illisible.',
      'start:pending',
    ]);
  });

  it('refuses a TIPI result whose refdet, amount or numcli is not the payment’s', async () => {
    const town = await seedPaymentTown(ctx, 'tipi');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 2500);
    const start = await startOk(ctx, town, invoice.id);
    const refdet = new URL(start.redirect.url).searchParams.get('refdet')!;
    const base = { numcli: '090909', exer: '2026', refdet, montant: '2500', resultrans: 'P', numauto: 'A1' };
    await refused(await providerCall(ctx, notificationPath(town, 'tipi'), { form: { ...base, refdet: invoice.refdet! } }));
    await refused(await providerCall(ctx, notificationPath(town, 'tipi'), { form: { ...base, montant: '100' } }));
    await refused(await providerCall(ctx, notificationPath(town, 'tipi'), { form: { ...base, numcli: '111111' } }));
    await refused(await providerCall(ctx, notificationPath(town, 'tipi'), { form: { refdet } }));
    await expectUntouched(town, start.paymentId, invoice.id);
  });

  it('refuses a notification for a provider the commune does not use, and knows no unknown commune', async () => {
    const town = await seedPaymentTown(ctx, 'payfip');
    await refused(await providerCall(ctx, notificationPath(town, 'systempay'), { form: { vads_trans_id: '123456' } }));
    expect((await providerCall(ctx, '/v1/paiement/00000000-0000-4000-8000-000000000000/payfip/notification', { form: { idop: 'x' } })).status).toBe(404);
    expect((await providerCall(ctx, `/v1/paiement/${town.tenant.id}/stripe/notification`, { form: { idop: 'x' } })).status).toBe(404);
  });
});

const payfipOperation = (url: string) => payfip.operationOf(url);
