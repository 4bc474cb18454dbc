import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createHmac } from 'node:crypto';
import { invoices, payments } from '../../server/src/db/schema/index.js';
import type { Database } from '../../server/src/db/client.js';
import { settlePayment } from '../../server/src/modules/billing/ledger.js';
import { verifySystempaySignature } from '../../server/src/payments/systempay-signature.js';
import { call, makeContext, openTestDatabase, type TestContext } from './helpers.js';
import {
  balanceOf,
  configureProvider,
  FakePayfip,
  invoiceOf,
  ledgerOfPayment,
  notificationPath,
  PAYBOX_HMAC_KEY,
  payboxQuery,
  paymentOf,
  providerCall,
  RETURN_URL,
  returnPath,
  seedInvoice,
  seedPaymentTown,
  startOk,
  startPayment,
  SYSTEMPAY_KEY,
  systempayIpn,
  ticketsTo,
  trail,
} from './payment-fixtures.js';

let database: Database;
let ctx: TestContext;
const payfip = new FakePayfip();

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database, { fetch: payfip.fetch });
});
afterAll(() => database.close());

const view = async (town: Awaited<ReturnType<typeof seedPaymentTown>>, id: string) => {
  const res = await call(ctx, 'GET', `${town.base}/paiements/${id}`, { token: town.family.token });
  expect(res.status).toBe(200);
  return res.json();
};

describe('PayFiP web service, end to end', () => {
  it('registers the remaining amount at PayFiP, sends the payer to its page, and marks paid only once PayFiP confirms', async () => {
    const town = await seedPaymentTown(ctx, 'payfip', { regieNumcli: '123456' });
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 7055, 'Cantine – septembre 2026 (Léa & Hugo)');
    await database.db.update(invoices).set({ paidCents: 1000 }).where(eq(invoices.id, invoice.id));

    const start = await startOk(ctx, town, invoice.id, 'Payeur@Exemple.fr');
    expect(start).toMatchObject({ amountCents: 6055, provider: 'payfip', redirect: { method: 'GET', fields: {} } });
    const op = payfip.operationOf(start.redirect.url);
    expect(start.redirect.url).toBe(`https://www.payfip.gouv.fr/tpa/paiementws.web?idop=${op.idOp}`);
    expect(op.request).toEqual({
      exer: '2026',
      mel: 'payeur@exemple.fr',
      montant: '6055',
      numcli: '123456',
      objet: 'Cantine septembre 2026 Lea Hugo',
      refdet: invoice.refdet,
      saisie: 'T',
      urlnotif: `http://api.test/v1/paiement/${town.tenant.id}/payfip/notification`,
      urlredirect: `http://api.test/v1/paiement/${town.tenant.id}/payfip/retour?paiement=${start.paymentId}`,
    });
    expect(await paymentOf(ctx, start.paymentId)).toMatchObject({ status: 'pending', providerOperationId: op.idOp, reference: op.idOp, amountCents: 6055, payerEmail: 'payeur@exemple.fr' });

    // The payer is still on the PayFiP page: the lookup answers P5.
    const retryAt = new Date(ctx.clock.now().getTime() + 20 * 60_000).toISOString();
    expect(await view(town, start.paymentId)).toMatchObject({ status: 'pending', amountCents: 6055, invoice: { id: invoice.id, number: invoice.number }, abandoned: false, retryAt });

    // The payer leaves PayFiP's page without paying: still payable there for 20 minutes, so still
    // pending, but said so, and the invoice may be paid again at once.
    op.state = { resultrans: 'A' };
    expect(await view(town, start.paymentId)).toMatchObject({ status: 'pending', abandoned: true, retryAt: null });

    op.state = { resultrans: 'P', numauto: '112233445566-tip' };
    const notified = await providerCall(ctx, notificationPath(town, 'payfip'), { form: { idOp: op.idOp } });
    expect(notified.status).toBe(200);
    expect(await notified.text()).toBe('OK');

    expect(await view(town, start.paymentId)).toMatchObject({ status: 'paid', authorisationNumber: '112233445566-tip', transactionId: op.idOp, flaggedLate: false, abandoned: false, retryAt: null });
    expect(await invoiceOf(ctx, invoice.id)).toMatchObject({ status: 'paid', paidCents: 7055 });
    expect(await ledgerOfPayment(ctx, start.paymentId)).toHaveLength(1);
    expect(await balanceOf(ctx, town.family.familyId)).toBe(1000);

    const [ticket] = await ticketsTo(ctx, town.tenant.id, 'payeur@exemple.fr');
    expect(ticket.subject).toContain(invoice.number!);
    expect(ticket.text).toContain(`Facture : ${invoice.number}`);
    expect(ticket.text).toContain('60,55 €');
    expect(ticket.text).toContain('PayFiP (DGFiP)');
    expect(ticket.text).toContain('112233445566-tip');
    expect(ticket.text).toContain(op.idOp);
    // Every lookup went to PayFiP's own service; nothing was believed from the notification itself.
    expect(payfip.calls.filter((c) => c.operation === 'recupererDetailPaiementSecurise' && c.fields.idOp === op.idOp).length).toBeGreaterThanOrEqual(2);
  });

  it('lands the browser back on the town page with the payment id, without marking anything paid', async () => {
    const town = await seedPaymentTown(ctx, 'payfip');
    const invoice = await seedInvoice(ctx, town, town.family.familyId);
    const start = await startOk(ctx, town, invoice.id);
    const back = await providerCall(ctx, returnPath(town, 'payfip', start.paymentId), { form: { idop: payfip.operationOf(start.redirect.url).idOp } });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`${RETURN_URL}#portail-paiement=${start.paymentId}`);
    expect((await paymentOf(ctx, start.paymentId)).status).toBe('pending');
    expect(await trail(ctx, start.paymentId)).toEqual(['return:pending', 'start:pending']);
  });

  it('records the attempt as failed and tells the parent when PayFiP refuses or does not answer', async () => {
    const town = await seedPaymentTown(ctx, 'payfip');
    const invoice = await seedInvoice(ctx, town, town.family.familyId);
    for (const creation of ['A2', 'down']) {
      payfip.creation = creation;
      const res = await startPayment(ctx, town, { invoiceId: invoice.id, email: 'payeur@exemple.fr' });
      expect(res.status).toBe(502);
      expect(await res.json()).toMatchObject({ code: 'prestataire_indisponible' });
    }
    payfip.creation = 'ok';
    const rows = await database.db.select().from(payments).where(eq(payments.invoiceId, invoice.id));
    expect(rows.map((r) => r.status)).toEqual(['error', 'error']);
    // The failed attempts do not block a new one.
    expect((await startOk(ctx, town, invoice.id)).amountCents).toBe(7055);
  });
});

describe('TIPI (legacy PayFiP form), end to end', () => {
  it('sends a unique refdet per attempt and leaves a matching P result à vérifier by the régie', async () => {
    const town = await seedPaymentTown(ctx, 'tipi');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 2500);
    const first = await startOk(ctx, town, invoice.id);
    const url = new URL(first.redirect.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://www.payfip.gouv.fr/tpa/paiement.web');
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({ numcli: '090909', exer: '2026', montant: '2500', mel: 'payeur@exemple.fr', saisie: 'T', urlcl: `http://api.test${returnPath(town, 'tipi', first.paymentId)}` });
    expect(params.refdet).toMatch(new RegExp(`^${invoice.refdet}E1[A-Z0-9]{6}$`));

    // Refused, then a second attempt with its own refdet.
    const refusedRes = await providerCall(ctx, notificationPath(town, 'tipi'), { form: { numcli: '090909', exer: '2026', refdet: params.refdet, montant: '2500', resultrans: 'R', mel: 'payeur@exemple.fr', saisie: 'T' } });
    expect(refusedRes.status).toBe(200);
    expect((await paymentOf(ctx, first.paymentId)).status).toBe('refused');
    const second = await startOk(ctx, town, invoice.id);
    const refdet2 = new URL(second.redirect.url).searchParams.get('refdet')!;
    expect(refdet2).not.toBe(params.refdet);
    expect(refdet2.length).toBeLessThanOrEqual(30);

    // TIPI posts the result to urlcl from the payer's browser (display only: a parent could forge it)…
    const fromBrowser = await providerCall(ctx, returnPath(town, 'tipi', second.paymentId), {
      headers: { 'Sec-Fetch-Mode': 'navigate' },
      form: { numcli: '090909', exer: '2026', refdet: refdet2, montant: '2500', resultrans: 'P', numauto: 'FORGE', dattrans: '07092026', heurtrans: '1005', mel: 'payeur@exemple.fr', saisie: 'T' },
    });
    expect(fromBrowser.status).toBe(303);
    expect(fromBrowser.headers.get('location')).toContain(`#portail-paiement=${second.paymentId}`);
    expect((await paymentOf(ctx, second.paymentId)).status).toBe('pending');

    // … and from its server. Unsigned, so it only puts the payment à vérifier: the régie confirms it
    // (payments-tipi-verification.test.ts).
    const paid = await providerCall(ctx, returnPath(town, 'tipi', second.paymentId), {
      form: { numcli: '090909', exer: '2026', refdet: refdet2, montant: '2500', resultrans: 'P', numauto: 'A12345', dattrans: '07092026', heurtrans: '1005', mel: 'payeur@exemple.fr', saisie: 'T' },
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toContain(`#portail-paiement=${second.paymentId}`);
    expect(await paymentOf(ctx, second.paymentId)).toMatchObject({ status: 'to_verify', authorisationNumber: 'A12345', payerName: 'Famille Martin' });
    expect((await invoiceOf(ctx, invoice.id)).status).toBe('unpaid');
  });
});

describe('Systempay, end to end', () => {
  it('posts a signed form with every mandatory field and settles on a signed AUTHORISED notification', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 4150);
    const start = await startOk(ctx, town, invoice.id);
    expect(start.redirect).toMatchObject({ method: 'POST', url: 'https://paiement.systempay.fr/vads-payment/' });
    const form = start.redirect.fields;
    const back = `http://api.test${returnPath(town, 'systempay', start.paymentId)}`;
    expect(form).toMatchObject({
      vads_action_mode: 'INTERACTIVE',
      vads_amount: '4150',
      vads_ctx_mode: 'TEST',
      vads_currency: '978',
      vads_page_action: 'PAYMENT',
      vads_payment_config: 'SINGLE',
      vads_site_id: '12345678',
      vads_version: 'V2',
      vads_order_id: invoice.number,
      vads_cust_email: 'payeur@exemple.fr',
      vads_url_return: back,
      vads_url_success: back,
      vads_url_refused: back,
      vads_url_cancel: back,
      vads_url_check: `http://api.test${notificationPath(town, 'systempay')}`,
      vads_return_mode: 'GET',
      vads_trans_date: '20260907080000',
    });
    expect(form.vads_trans_id).toMatch(/^[0-8a-z][0-9a-z]{5}$/);
    expect(verifySystempaySignature(form, form.signature, SYSTEMPAY_KEY, 'HMAC-SHA-256')).toBe(true);
    expect((await paymentOf(ctx, start.paymentId)).reference).toBe(`20260907${form.vads_trans_id}`);

    const res = await providerCall(ctx, notificationPath(town, 'systempay'), { form: systempayIpn(form, 'AUTHORISED') });
    expect(res.status).toBe(200);
    expect(await paymentOf(ctx, start.paymentId)).toMatchObject({ status: 'paid', authorisationNumber: '3fb0de', providerOperationId: 'b6a2d8c4e1f0493aa5c7d9e2f1a3b4c5' });
    expect((await invoiceOf(ctx, invoice.id)).status).toBe('paid');

    // The browser return carries the same signed data: verified, nothing changes, back to the town page.
    const ret = await providerCall(ctx, returnPath(town, 'systempay', start.paymentId), { query: new URLSearchParams(systempayIpn(form, 'AUTHORISED')).toString() });
    expect(ret.status).toBe(303);
    expect(ret.headers.get('location')).toBe(`${RETURN_URL}#portail-paiement=${start.paymentId}`);
    expect(await trail(ctx, start.paymentId)).toEqual(['notification:applied', 'return:unchanged', 'start:pending']);
    expect(await ledgerOfPayment(ctx, start.paymentId)).toHaveLength(1);
    expect(await ticketsTo(ctx, town.tenant.id, 'payeur@exemple.fr')).toHaveLength(1);
  });

  it('never marks paid from a return alone, signed or not, until the notification says so', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 4150);
    const start = await startOk(ctx, town, invoice.id);
    const bare = await providerCall(ctx, returnPath(town, 'systempay', start.paymentId));
    expect(bare.status).toBe(303);
    const forged = systempayIpn(start.redirect.fields, 'AUTHORISED', {}, 'NotTheShopKey123');
    const tampered = await providerCall(ctx, returnPath(town, 'systempay', start.paymentId), { query: new URLSearchParams(forged).toString() });
    expect(tampered.status).toBe(303);
    expect(tampered.headers.get('location')).toBe(`${RETURN_URL}#portail-paiement=${start.paymentId}`);
    expect((await paymentOf(ctx, start.paymentId)).status).toBe('pending');
    expect((await invoiceOf(ctx, invoice.id)).status).toBe('unpaid');
    expect(await trail(ctx, start.paymentId)).toEqual(['return:pending', 'return:rejected:Signature invalide.', 'start:pending']);
  });

  it('closes a refused payment, after which the parent may try again at once', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 4150);
    const start = await startOk(ctx, town, invoice.id);
    expect((await providerCall(ctx, notificationPath(town, 'systempay'), { form: systempayIpn(start.redirect.fields, 'REFUSED') })).status).toBe(200);
    expect(await view(town, start.paymentId)).toMatchObject({ status: 'refused', paidAt: null });
    expect((await startOk(ctx, town, invoice.id)).paymentId).not.toBe(start.paymentId);
  });
});

describe('Paybox, end to end', () => {
  it('posts an HMAC-signed form and settles on an RSA-signed notification', async () => {
    const town = await seedPaymentTown(ctx, 'paybox');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 1999);
    const start = await startOk(ctx, town, invoice.id);
    expect(start.redirect).toMatchObject({ method: 'POST', url: 'https://preprod-tpeweb.paybox.com/cgi/MYchoix_pagepaiement.cgi' });
    const form = start.redirect.fields;
    const back = `http://api.test${returnPath(town, 'paybox', start.paymentId)}`;
    expect(Object.keys(form)).toEqual([
      'PBX_SITE', 'PBX_RANG', 'PBX_IDENTIFIANT', 'PBX_TOTAL', 'PBX_DEVISE', 'PBX_CMD', 'PBX_PORTEUR', 'PBX_RETOUR', 'PBX_HASH', 'PBX_TIME',
      'PBX_EFFECTUE', 'PBX_REFUSE', 'PBX_ANNULE', 'PBX_REPONDRE_A', 'PBX_HMAC',
    ]);
    expect(form).toMatchObject({
      PBX_SITE: '1999888', PBX_RANG: '32', PBX_IDENTIFIANT: '110647233', PBX_TOTAL: '1999', PBX_DEVISE: '978', PBX_PORTEUR: 'payeur@exemple.fr',
      PBX_RETOUR: 'montant:M;reference:R;autorisation:A;erreur:E;appel:T;transaction:S;date:W;heure:Q;signature:K',
      PBX_HASH: 'SHA512', PBX_TIME: '2026-09-07T08:00:00+00:00', PBX_EFFECTUE: back, PBX_REFUSE: back, PBX_ANNULE: back,
      PBX_REPONDRE_A: `http://api.test${notificationPath(town, 'paybox')}`,
    });
    expect(form.PBX_CMD.startsWith(`${invoice.number}-`)).toBe(true);
    const signedString = Object.entries(form).filter(([k]) => k !== 'PBX_HMAC').map(([k, v]) => `${k}=${v}`).join('&');
    expect(form.PBX_HMAC).toBe(createHmac('sha512', Buffer.from(PAYBOX_HMAC_KEY, 'hex')).update(signedString).digest('hex').toUpperCase());

    const query = payboxQuery({ montant: '1999', reference: form.PBX_CMD, autorisation: 'XXXXXX', erreur: '00000' });
    const res = await providerCall(ctx, notificationPath(town, 'paybox'), { query });
    expect(res.status).toBe(200);
    expect(await paymentOf(ctx, start.paymentId)).toMatchObject({ status: 'paid', authorisationNumber: 'XXXXXX', transactionId: '87654321' });

    // The browser return: our own `paiement` leads the query, Paybox's signed variables follow.
    const ret = await providerCall(ctx, `${returnPath(town, 'paybox', start.paymentId)}&${query}`);
    expect(ret.status).toBe(303);
    expect(await trail(ctx, start.paymentId)).toEqual(['notification:applied', 'return:unchanged', 'start:pending']);
  });

  it('records a cancelled payment (erreur 00001) without touching the invoice', async () => {
    const town = await seedPaymentTown(ctx, 'paybox');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 1999);
    const start = await startOk(ctx, town, invoice.id);
    const ret = await providerCall(ctx, `${returnPath(town, 'paybox', start.paymentId)}&${payboxQuery({ montant: '1999', reference: start.redirect.fields.PBX_CMD, erreur: '00001' })}`);
    expect(ret.status).toBe(303);
    expect((await paymentOf(ctx, start.paymentId)).status).toBe('cancelled');
    expect((await invoiceOf(ctx, invoice.id)).status).toBe('unpaid');
  });
});

describe('starting a payment: what the parent may and may not do', () => {
  it('refuses an amount sent by the client, and any field but the invoice and the e-mail', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const invoice = await seedInvoice(ctx, town, town.family.familyId);
    for (const extra of [{ amount: 1 }, { amountCents: 1 }]) {
      const res = await startPayment(ctx, town, { invoiceId: invoice.id, email: 'payeur@exemple.fr', ...extra });
      expect(res.status).toBe(422);
      expect((await res.json()).code).toBe('validation');
    }
    expect((await startPayment(ctx, town, { invoiceId: invoice.id })).status).toBe(422);
    expect((await startPayment(ctx, town, { invoiceId: invoice.id, email: 'pas-une-adresse' })).status).toBe(422);
    expect(await database.db.select().from(payments).where(eq(payments.invoiceId, invoice.id))).toEqual([]);
  });

  it('refuses online payment under 1 €', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 99);
    const res = await startPayment(ctx, town, { invoiceId: invoice.id, email: 'payeur@exemple.fr' });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'montant_minimum', message: 'Le paiement en ligne est possible à partir de 1 €.' });
  });

  it('answers 404 for another family’s invoice, 409 for a settled one, 503 without a provider', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const other = await seedPaymentTown(ctx, 'systempay');
    const theirs = await seedInvoice(ctx, other, other.family.familyId);
    const res = await startPayment(ctx, town, { invoiceId: theirs.id, email: 'payeur@exemple.fr' });
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe('facture_introuvable');
    expect((await call(ctx, 'GET', `${town.base}/paiements/${(await startOk(ctx, other, theirs.id)).paymentId}`, { token: town.family.token })).status).toBe(404);

    const paid = await seedInvoice(ctx, town, town.family.familyId);
    await database.db.update(invoices).set({ status: 'paid', paidCents: paid.totalCents }).where(eq(invoices.id, paid.id));
    const settled = await startPayment(ctx, town, { invoiceId: paid.id, email: 'payeur@exemple.fr' });
    expect(settled.status).toBe(409);
    expect((await settled.json()).code).toBe('facture_reglee');

    await configureProvider(ctx, town.tenant.id, 'none');
    const open = await seedInvoice(ctx, town, town.family.familyId);
    const off = await startPayment(ctx, town, { invoiceId: open.id, email: 'payeur@exemple.fr' });
    expect(off.status).toBe(503);
    expect((await off.json()).code).toBe('paiement_indisponible');
  });

  it('refuses a second attempt while one is in progress, for 20 minutes', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const invoice = await seedInvoice(ctx, town, town.family.familyId);
    await startOk(ctx, town, invoice.id);
    const again = await startPayment(ctx, town, { invoiceId: invoice.id, email: 'payeur@exemple.fr' });
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe('paiement_en_cours');
    ctx.clock.advance(21 * 60 * 1000);
    try {
      expect((await startPayment(ctx, town, { invoiceId: invoice.id, email: 'payeur@exemple.fr' })).status).toBe(201);
    } finally {
      ctx.clock.set('2026-09-07T08:00:00Z');
    }
  });

  it('answers a replayed Idempotency-Key with the same redirect and creates one payment', async () => {
    const town = await seedPaymentTown(ctx, 'payfip');
    const invoice = await seedInvoice(ctx, town, town.family.familyId);
    const body = { invoiceId: invoice.id, email: 'payeur@exemple.fr' };
    const first = await startPayment(ctx, town, body, 'cle-paiement-1234');
    const second = await startPayment(ctx, town, body, 'cle-paiement-1234');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual(await first.json());
    expect(await database.db.select().from(payments).where(eq(payments.invoiceId, invoice.id))).toHaveLength(1);
    expect(payfip.calls.filter((c) => c.operation === 'creerPaiementSecurise' && c.fields.refdet === invoice.refdet)).toHaveLength(1);
  });
});

describe('a payment arriving after the invoice was settled', () => {
  it('is recorded, credited and flagged for the régie, never dropped', async () => {
    const town = await seedPaymentTown(ctx, 'systempay');
    const invoice = await seedInvoice(ctx, town, town.family.familyId, 3000);
    const start = await startOk(ctx, town, invoice.id);
    // Meanwhile the régie records a cheque for the whole invoice.
    const [cheque] = await database.db
      .insert(payments)
      .values({ tenantId: town.tenant.id, familyId: town.family.familyId, regieId: town.regie.id, invoiceId: invoice.id, method: 'cheque', status: 'pending', amountCents: 3000, payerName: 'M. Martin' })
      .returning();
    await database.db.transaction((tx) => settlePayment(tx, town.tenant.id, cheque.id, { paidAt: ctx.clock.now() }));
    expect((await invoiceOf(ctx, invoice.id)).status).toBe('paid');

    const res = await providerCall(ctx, notificationPath(town, 'systempay'), { form: systempayIpn(start.redirect.fields, 'AUTHORISED') });
    expect(res.status).toBe(200);
    expect(await paymentOf(ctx, start.paymentId)).toMatchObject({ status: 'paid', flaggedLate: true });
    expect(await view(town, start.paymentId)).toMatchObject({ status: 'paid', flaggedLate: true });
    expect(await trail(ctx, start.paymentId)).toEqual(['notification:late:Facture déjà réglée : paiement à régulariser.', 'start:pending']);
    expect(await balanceOf(ctx, town.family.familyId)).toBe(-3000);
    expect(await ticketsTo(ctx, town.tenant.id, 'payeur@exemple.fr')).toHaveLength(1);
  });
});
