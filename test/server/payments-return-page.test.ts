import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedOrigins } from '../../server/src/db/schema/index.js';
import type { Database } from '../../server/src/db/client.js';
import { chooseReturnPage } from '../../server/src/modules/payments/return-url.js';
import { makeContext, openTestDatabase, ORIGIN, type TestContext } from './helpers.js';
import { FakePayfip, paymentOf, providerCall, RETURN_URL, returnPath, seedInvoice, seedPaymentTown, startPayment, type PaymentTown } from './payment-fixtures.js';

let database: Database;
let ctx: TestContext;
const payfip = new FakePayfip();

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database, { fetch: payfip.fetch });
});
afterAll(() => database.close());

const SCHOOLS = 'https://ecoles.ville-test.fr';

describe('choosing the page a payment comes back to', () => {
  const allowed = [ORIGIN, SCHOOLS, 'http://localhost:5180'];

  it('keeps the page the payment was started from when its origin is allowed, without its fragment', () => {
    expect(chooseReturnPage(`${SCHOOLS}/paiement?onglet=factures#ancien`, allowed, RETURN_URL)).toBe(`${SCHOOLS}/paiement?onglet=factures`);
    expect(chooseReturnPage(`${ORIGIN}/enfance/mon-espace`, allowed, RETURN_URL)).toBe(`${ORIGIN}/enfance/mon-espace`);
    expect(chooseReturnPage('http://localhost:5180/factures.html', allowed, RETURN_URL)).toBe('http://localhost:5180/factures.html');
  });

  it('falls back to the configured page for anything else: no open redirect', () => {
    for (const page of [
      undefined,
      '',
      'https://evil.example/factures',
      'https://www.ville-test.fr.evil.example/factures',
      'https://www.ville-test.fr@evil.example/factures',
      'https://parent:secret@www.ville-test.fr/factures',
      'http://www.ville-test.fr/factures',
      'https://www.ville-test.fr:8443/factures',
      '//evil.example/factures',
      '/enfance/factures',
      'javascript:alert(1)',
      'data:text/html,<p>x</p>',
      'http://localhost:5181/factures.html',
    ]) {
      expect(chooseReturnPage(page, allowed, RETURN_URL), String(page)).toBe(RETURN_URL);
    }
  });
});

describe('the payer comes back to the page the payment was started from', () => {
  let town: PaymentTown;

  beforeAll(async () => {
    town = await seedPaymentTown(ctx, 'payfip');
    await database.db.insert(allowedOrigins).values({ tenantId: town.tenant.id, origin: SCHOOLS });
  });

  async function payFrom(returnPage?: string) {
    const invoice = await seedInvoice(ctx, town, town.family.familyId);
    const res = await startPayment(ctx, town, { invoiceId: invoice.id, email: 'payeur@exemple.fr', ...(returnPage === undefined ? {} : { returnPage }) });
    expect(res.status).toBe(201);
    const start = (await res.json()) as { paymentId: string; redirect: { url: string } };
    const back = await providerCall(ctx, returnPath(town, 'payfip', start.paymentId), {
      headers: { 'Sec-Fetch-Mode': 'navigate' },
      form: { idop: payfip.operationOf(start.redirect.url).idOp },
    });
    expect(back.status).toBe(303);
    return { paymentId: start.paymentId, location: back.headers.get('location') };
  }

  it('goes back to a page of another allowed site of the commune, with the result in the fragment', async () => {
    const { paymentId, location } = await payFrom(`${SCHOOLS}/inscriptions/factures.html#portail-paiement=ancien`);
    expect(location).toBe(`${SCHOOLS}/inscriptions/factures.html#portail-paiement=${paymentId}`);
    expect((await paymentOf(ctx, paymentId)).returnPage).toBe(`${SCHOOLS}/inscriptions/factures.html`);
  });

  it('goes back to the configured page when the page is on a site the commune has not allowed', async () => {
    const { paymentId, location } = await payFrom('https://evil.example/phishing');
    expect(location).toBe(`${RETURN_URL}#portail-paiement=${paymentId}`);
  });

  it('goes back to the configured page when the widget sends no page', async () => {
    const { paymentId, location } = await payFrom();
    expect(location).toBe(`${RETURN_URL}#portail-paiement=${paymentId}`);
  });

  it('refuses an absurdly long page address with a French 422 and starts nothing', async () => {
    const invoice = await seedInvoice(ctx, town, town.family.familyId);
    const res = await startPayment(ctx, town, { invoiceId: invoice.id, email: 'payeur@exemple.fr', returnPage: `${SCHOOLS}/${'a'.repeat(2100)}` });
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain('trop longue');
  });
});
