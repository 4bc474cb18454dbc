import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/client.js';
import { recordOfflinePayment } from '../../server/src/modules/billing/offline-payments.js';
import { call, makeContext, openTestDatabase, seedStaff, type TestContext } from './helpers.js';
import { pdfText } from './pdf-text.js';
import { seedSignedFamily } from './family-fixtures.js';
import {
  FakePayfip,
  notificationPath,
  providerCall,
  seedInvoice,
  seedPaymentTown,
  startOk,
  systempayIpn,
  type PaymentTown,
} from './payment-fixtures.js';

// The attestation de paiement a parent downloads after an online payment: only for the family's
// own payments the provider confirmed.

let database: Database;
let ctx: TestContext;
const payfip = new FakePayfip();

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database, { fetch: payfip.fetch });
});
afterAll(() => database.close());

const attestation = (town: PaymentTown, paymentId: string, token = town.family.token) => call(ctx, 'GET', `${town.base}/paiements/${paymentId}/attestation.pdf`, { token });
const textOf = async (res: Response) => (await pdfText(new Uint8Array(await res.arrayBuffer()))).replace(/[\u00a0\u202f]/g, ' ');

/** A Systempay payment of a fresh invoice, paid by the signed notification. */
async function paidBySystempay(town: PaymentTown) {
  const invoice = await seedInvoice(ctx, town, town.family.familyId, 4150, 'Cantine et périscolaire – septembre 2026');
  const start = await startOk(ctx, town, invoice.id, 'claire.martin@exemple.fr');
  const res = await providerCall(ctx, notificationPath(town, 'systempay'), { form: systempayIpn(start.redirect.fields, 'AUTHORISED') });
  expect(res.status).toBe(200);
  return { invoice, start };
}

describe('GET /paiements/{id}/attestation.pdf', () => {
  it('states who paid whom, when, how much, for which invoice, with the provider’s references', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const { invoice, start } = await paidBySystempay(town);
    const res = await attestation(town, start.paymentId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="attestation-paiement-${invoice.number}.pdf"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await textOf(res);
    expect(text).toContain('Attestation de paiement');
    expect(text.replace(/\n/g, ' ')).toContain(
      `Régie périscolaire (${town.tenant.name}) atteste avoir reçu un paiement en ligne de 41,50 € le 7 septembre 2026 à 10:00, en règlement de la facture n° ${invoice.number}.`,
    );
    expect(text).toContain('Montant payé\n41,50 €');
    expect(text).toContain('Date du paiement\n7 septembre 2026 à 10:00');
    expect(text).toMatch(/Payé par\n.+ – claire\.martin@exemple\.fr\n/);
    expect(text).toContain(`Encaissé par\nRégie périscolaire – ${town.tenant.name}`);
    expect(text).toContain(`Facture\nn° ${invoice.number}`);
    expect(text).toContain('Libellé\nCantine et périscolaire – septembre 2026');
    expect(text).toContain('Période\ndu 1er septembre 2026 au 30 septembre 2026');
    expect(text).toContain('Prestataire\nSystempay');
    expect(text).toContain(`Référence du paiement\n20260907${start.redirect.fields.vads_trans_id}`);
    expect(text).toContain('Numéro d’autorisation\n3fb0de');
    expect(text).toContain('Référence de la transaction\nb6a2d8c4e1f0493aa5c7d9e2f1a3b4c5');
  });

  it('names the PayFiP operation the payment was made under', async () => {
    const town = await seedPaymentTown(ctx, 'payfip');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 2500);
    const start = await startOk(ctx, town, invoice.id);
    const op = payfip.operationOf(start.redirect.url);
    op.state = { resultrans: 'P', numauto: '112233445566-tip' };
    expect((await providerCall(ctx, notificationPath(town, 'payfip'), { form: { idOp: op.idOp } })).status).toBe(200);
    const text = await textOf(await attestation(town, start.paymentId));
    expect(text).toContain('Prestataire\nPayFiP (DGFiP)');
    expect(text).toContain('Numéro d’autorisation\n112233445566-tip');
    expect(text).toContain(`Référence de la transaction\n${op.idOp}`);
    expect(text).toContain('Montant payé\n25,00 €');
  });

  it('is 404 for another family’s payment, another commune’s and a malformed id', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const { start } = await paidBySystempay(town);
    const sameTown = await seedSignedFamily(ctx, town);
    const elsewhere = await seedPaymentTown(ctx, 'systempay');
    for (const res of [
      await attestation(town, start.paymentId, sameTown.token),
      await call(ctx, 'GET', `${elsewhere.base}/paiements/${start.paymentId}/attestation.pdf`, { token: elsewhere.family.token }),
      await attestation(town, 'pas-un-id'),
    ]) {
      expect(res.status).toBe(404);
      expect((await res.json()).code).toBe('paiement_introuvable');
    }
    expect((await call(ctx, 'GET', `${town.base}/paiements/${start.paymentId}/attestation.pdf`)).status).toBe(401);
  });

  it('says why there is none for a payment not confirmed, not paid, or made at the town hall', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const pendingInvoice = await seedInvoice(ctx, town, town.family.familyId, 4150);
    const pending = await startOk(ctx, town, pendingInvoice.id);
    const waiting = await attestation(town, pending.paymentId);
    expect(waiting.status).toBe(409);
    expect(await waiting.json()).toMatchObject({ code: 'paiement_non_confirme', message: 'Ce paiement n’est pas encore confirmé : l’attestation sera disponible dès sa confirmation.' });

    await providerCall(ctx, notificationPath(town, 'systempay'), { form: systempayIpn(pending.redirect.fields, 'REFUSED') });
    const refused = await attestation(town, pending.paymentId);
    expect(refused.status).toBe(409);
    expect((await refused.json()).code).toBe('paiement_non_abouti');

    const chequeInvoice = await seedInvoice(ctx, town, town.family.familyId, 1200);
    const admin = await seedStaff(ctx, town.tenant.id, 'admin');
    const staff = { sessionId: 'test', staffUserId: admin.user.id, tenantId: town.tenant.id, role: 'admin' as const, email: admin.email, displayName: 'Admin' };
    const cheque = await recordOfflinePayment(ctx.deps, staff, chequeInvoice.id, { method: 'cheque', amountCents: 1200, paidOn: '2026-09-05', payerName: 'Mme Martin', note: null });
    const offline = await attestation(town, cheque.id);
    expect(offline.status).toBe(409);
    expect((await offline.json()).code).toBe('attestation_indisponible');
  });

  it('is offered from the family’s paid invoices for online payments only', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const { invoice, start } = await paidBySystempay(town);
    const list = await (await call(ctx, 'GET', `${town.base}/factures`, { token: town.family.token })).json();
    const paid = list.paid.find((i: { id: string }) => i.id === invoice.id);
    expect(paid.payments).toEqual([expect.objectContaining({ id: start.paymentId, method: 'online', attestation: true })]);
  });
});
