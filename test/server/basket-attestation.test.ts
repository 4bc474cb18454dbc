import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/client.js';
import { call, makeContext, openTestDatabase, seedStaff, type TestContext } from './helpers.js';
import { adminCall, staffCookie } from './admin-fixtures.js';
import { pdfText } from './pdf-text.js';
import { notificationPath, providerCall, seedInvoice, systempayIpn } from './payment-fixtures.js';
import { changes } from './planning-fixtures.js';
import { book, checkout, creditCagnotte, seedBasketFamily, seedBasketTown, type BasketTown } from './basket-fixtures.js';

// The attestation de paiement of a basket paid at booking lists the days it paid; the one of the
// solde paid alone says so.

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

const EMAIL = { email: 'payeur@exemple.fr' };

async function payOnline(town: BasketTown, token: string) {
  const res = await checkout(ctx, town, token, { regieId: town.regie.id, ...EMAIL });
  expect(res.status).toBe(201);
  const { payment } = (await res.json()) as { payment: { paymentId: string; amountCents: number; redirect: { fields: Record<string, string> } } };
  expect((await providerCall(ctx, notificationPath(town as never, 'systempay'), { form: systempayIpn(payment.redirect.fields, 'AUTHORISED') })).status).toBe(200);
  return payment;
}

const attestationText = async (town: BasketTown, token: string, paymentId: string) => {
  const res = await call(ctx, 'GET', `${town.base}/paiements/${paymentId}/attestation.pdf`, { token });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  return (await pdfText(new Uint8Array(await res.arrayBuffer()))).replace(/[\u00a0\u202f]/g, ' ');
};

describe('the attestation of a basket or solde payment', () => {
  it('lists each paid day — child, service, date, price — with the cagnotte used and the solde paid with it', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const town = await seedBasketTown(ctx);
    const family = await seedBasketFamily(ctx, town);
    const lea = family.children[0]!;
    await seedInvoice(ctx, { ...town, regie: town.regie } as never, family.family.id, 1000);
    await creditCagnotte(ctx, town, family.family.id, 300);
    await changes(ctx, town, family.token, [book(lea.id, town.cantine, '2026-09-10'), book(lea.id, town.cantine, '2026-09-11')]);
    const payment = await payOnline(town, family.token);
    expect(payment.amountCents).toBe(830 - 300 + 1000);

    const text = await attestationText(town, family.token, payment.paymentId);
    expect(text.replace(/\n/g, ' ')).toContain('atteste avoir reçu un paiement en ligne de 15,30 €');
    expect(text.replace(/\n/g, ' ')).toContain('en règlement des réservations listées ci-dessous.');
    expect(text).toContain('Réservations payées');
    expect(text).toMatch(new RegExp(`${lea.firstName} – [^\\n]+ – [^\\n]*10[^\\n]*\\n4,15 €`));
    expect(text).toMatch(new RegExp(`${lea.firstName} – [^\\n]+ – [^\\n]*11[^\\n]*\\n4,15 €`));
    expect(text).toMatch(/Cagnotte utilisée\n[−-] 3,00 €/);
    expect(text).toContain('Règlement du solde\n10,00 €');
    expect(text).not.toContain('Facture réglée');

    const other = await seedBasketFamily(ctx, town);
    expect((await call(ctx, 'GET', `${town.base}/paiements/${payment.paymentId}/attestation.pdf`, { token: other.token })).status).toBe(404);
  });

  it('says "Règlement du solde" for the solde paid alone', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const town = await seedBasketTown(ctx);
    const family = await seedBasketFamily(ctx, town);
    await seedInvoice(ctx, { ...town, regie: town.regie } as never, family.family.id, 2000);
    const payment = await payOnline(town, family.token);
    const text = await attestationText(town, family.token, payment.paymentId);
    expect(text.replace(/\n/g, ' ')).toContain('atteste avoir reçu un paiement en ligne de 20,00 €');
    expect(text.replace(/\n/g, ' ')).toContain('en règlement du solde du compte de la famille.');
    expect(text).toContain('Règlement du solde\n20,00 €');
    expect(text).not.toContain('Réservations payées');
  });

  it('the staff payments journal lists basket and solde payments, labelled "Panier" and "Règlement du solde"', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const town = await seedBasketTown(ctx);
    const family = await seedBasketFamily(ctx, town);
    await changes(ctx, town, family.token, [book(family.children[0]!.id, town.cantine, '2026-09-10')]);
    const basket = await payOnline(town, family.token);
    await seedInvoice(ctx, { ...town, regie: town.regie } as never, family.family.id, 2000);
    const debt = await payOnline(town, family.token);
    const staff = await seedStaff(ctx, town.tenant.id, 'agent');
    const cookie = await staffCookie(ctx, staff.email, staff.password);
    const res = await adminCall(ctx, 'GET', '/payments', { cookie });
    expect(res.status).toBe(200);
    const list = (await res.json()).payments as { id: string; label: string; invoice: unknown; amountCents: number; status: string }[];
    expect(list.find((p) => p.id === basket.paymentId)).toMatchObject({ label: 'Panier', invoice: null, amountCents: 415, status: 'paid' });
    expect(list.find((p) => p.id === debt.paymentId)).toMatchObject({ label: 'Règlement du solde', invoice: null, amountCents: 2000, status: 'paid' });
  });
});
