import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/client.js';
import type { Invoices } from '../../server/src/contracts/index.js';
import { and, eq } from 'drizzle-orm';
import { bookings, payments } from '../../server/src/db/schema/index.js';
import type { BasketCheckout } from '../../server/src/contracts/index.js';
import { makeContext, openTestDatabase, call, unique, type TestContext } from './helpers.js';
import { configureProvider, notificationPath, paymentOf, providerCall, systempayIpn } from './payment-fixtures.js';
import { changes } from './planning-fixtures.js';
import { book, invoiceMonth, invoiceOf, preview } from './billing-fixtures.js';
import { absence, cagnotteTown, cancel, familyCagnotte, ledgerBalance, paidBasket, travelTo, WEDNESDAYS, type CagnotteTown } from './cagnotte-fixtures.js';

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

const linesOf = (invoice: { lines: { label: string; quantity: number; unitCents: number; totalCents: number }[] }) =>
  invoice.lines.map((l) => [l.label, l.quantity, l.unitCents, l.totalCents]);

describe('the monthly document of prepaid services', () => {
  it('lists the month’s billed days and deducts what was paid at booking: nothing left to pay when booked in time', async () => {
    const town = await cagnotteTown(ctx);
    const { family } = town;
    await paidBasket(ctx, town, family, [WEDNESDAYS[0], WEDNESDAYS[1], WEDNESDAYS[2]].map((day) => ({ childId: family.lea, day })));
    await cancel(ctx, town, family.token, family.lea, WEDNESDAYS[1]);

    const run = await invoiceMonth(ctx, town.admin.cookie, town.regie.id, '2026-09');
    const invoice = invoiceOf(run, family.id)!;
    expect(linesOf(invoice)).toEqual([
      ['Mercredi – Léa', 2, 1200, 2400],
      ['Mercredi – Léa – réglé à la réservation', 2, -1200, -2400],
    ]);
    expect(invoice).toMatchObject({ linesCents: 0, previousBalanceCents: 0, totalCents: 0, status: 'paid' });

    const factures = (await (await call(ctx, 'GET', `${town.base}/factures`, { token: family.token })).json()) as Invoices;
    expect(factures.balanceCents).toBe(0);
    expect(factures.toPay).toEqual([]);
    expect(factures.paid.map((i) => [i.label, i.totalCents, i.remainingCents])).toEqual([['Régie périscolaire – septembre 2026', 0, 0]]);
    expect((await familyCagnotte(ctx, town, family.token)).balanceCents).toBe(1200);
  });

  it('bills as monthly invoicing does: an absence billed stays paid, one not billed went to the cagnotte, a day booked by the town hall is left to pay', async () => {
    const town = await cagnotteTown(ctx);
    const { family } = town;
    await paidBasket(ctx, town, family, [
      { childId: family.lea, day: WEDNESDAYS[0] },
      { childId: family.hugo, day: WEDNESDAYS[0] },
    ]);
    const trip = await travelTo(ctx, town, '2026-09-09T07:00:00Z');
    try {
      await absence(ctx, town, family.token, family.lea, WEDNESDAYS[0], town.reasons.personal);
      await absence(ctx, town, family.token, family.hugo, WEDNESDAYS[0], town.reasons.sick);
    } finally {
      await trip.back();
    }
    // A Wednesday the town hall wrote in without payment, and two canteen days (invoiced monthly).
    await book(ctx, town.tenantId, family.lea, town.mercredi.id, [WEDNESDAYS[3]]);
    await book(ctx, town.tenantId, family.lea, town.cantine.id, ['2026-09-10', '2026-09-11']);

    const run = await preview(ctx, town.admin.cookie, town.regie.id, '2026-09');
    const invoice = invoiceOf(run, family.id)!;
    expect(linesOf(invoice)).toEqual([
      ['Cantine – Léa', 2, 415, 830],
      ['Mercredi – Léa', 2, 1200, 2400],
      ['Mercredi – Léa – réglé à la réservation', 1, -1200, -1200],
    ]);
    expect(invoice).toMatchObject({ linesCents: 2030, totalCents: 2030 });
    expect((await familyCagnotte(ctx, town, family.token)).balanceCents).toBe(1200);
  });

  it('deducts each price paid, when two prices were paid for the same service', async () => {
    const town = await cagnotteTown(ctx);
    const { family } = town;
    await paidBasket(ctx, town, family, [{ childId: family.lea, day: WEDNESDAYS[0] }]);
    await paidBasket(ctx, town, family, [{ childId: family.lea, day: WEDNESDAYS[1], priceCents: 1100 }]);
    const run = await preview(ctx, town.admin.cookie, town.regie.id, '2026-09');
    // The days are priced with today's tariff; what was paid is deducted at what was paid.
    expect(linesOf(invoiceOf(run, family.id)!)).toEqual([
      ['Mercredi – Léa', 2, 1200, 2400],
      ['Mercredi – Léa – réglé à la réservation (12,00 €)', 1, -1200, -1200],
      ['Mercredi – Léa – réglé à la réservation (11,00 €)', 1, -1100, -1100],
    ].map(([label, ...rest]) => [String(label).replace(' €', '\u00a0€'), ...rest]));
  });
});

describe('money adds up', () => {
  const EMAIL = { email: 'payeur@exemple.fr' };
  /** The family ticks prepaid days (they go to its basket) and unticks others (cancellations). */
  const tick = async (town: CagnotteTown, token: string, list: { childId: string; day: string; action?: 'book' | 'cancel' }[]) => {
    const res = await changes(ctx, town as never, token, list.map((l) => ({ childId: l.childId, serviceId: town.mercredi.id, date: l.day, action: l.action ?? 'book' })));
    expect(res.status).toBe(200);
    return ((await res.json()) as { results: { status: string }[] }).results.map((r) => r.status);
  };
  /** POST /panier/paiement, as the widget sends it: the server computes the amount. */
  const pay = async (town: CagnotteTown, token: string, status = 201) => {
    const res = await call(ctx, 'POST', `${town.base}/panier/paiement`, { token, body: { regieId: town.regie.id, ...EMAIL }, headers: { 'Idempotency-Key': unique('cle-') } });
    expect(res.status).toBe(status);
    return (await res.json()) as BasketCheckout;
  };
  /** The provider's signed notification (Systempay, test mode) for the form the family was sent to. */
  const notify = async (town: CagnotteTown, fields: Record<string, string>) => {
    const res = await providerCall(ctx, notificationPath(town as never, 'systempay'), { form: systempayIpn(fields, 'AUTHORISED') });
    expect(res.status).toBe(200);
  };

  it('book → pay → cancel in time → book again with the cagnotte, through the real checkout: statement, invoice and cagnotte agree to the cent', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const town = await cagnotteTown(ctx);
    await configureProvider(ctx, town.tenantId, 'systempay');
    const { family } = town;
    const cashPaid: number[] = [];

    // 1. Léa's four Wednesdays of September go to the basket (48,00 €), paid online through Systempay.
    expect(await tick(town, family.token, WEDNESDAYS.map((day) => ({ childId: family.lea, day })))).toEqual(Array(4).fill('in_basket'));
    const first = await pay(town, family.token);
    if (first.outcome !== 'redirect') throw new Error(`attendu : redirect, reçu : ${first.outcome}`);
    expect(first.payment.amountCents).toBe(4800);
    expect(first.payment.redirect.fields.vads_amount).toBe('4800');
    await notify(town, first.payment.redirect.fields);
    await notify(town, first.payment.redirect.fields); // the provider retries: settled once
    cashPaid.push(Number(first.payment.redirect.fields.vads_amount));
    expect((await paymentOf(ctx, first.payment.paymentId))!.status).toBe('paid');
    ctx.clock.advance(60_000);

    // 2. Two of them cancelled in time: 24,00 € back in the cagnotte.
    for (const day of [WEDNESDAYS[1], WEDNESDAYS[2]]) {
      expect(await tick(town, family.token, [{ childId: family.lea, day, action: 'cancel' }])).toEqual(['cancelled']);
      ctx.clock.advance(60_000);
    }
    expect((await familyCagnotte(ctx, town, family.token)).balanceCents).toBe(2400);
    ctx.clock.advance(60_000);

    // 3. Hugo's last three Wednesdays: 36,00 € of days, the whole cagnotte (24,00 €) deducted, 12,00 € paid online.
    expect(await tick(town, family.token, WEDNESDAYS.slice(1).map((day) => ({ childId: family.hugo, day })))).toEqual(Array(3).fill('in_basket'));
    const second = await pay(town, family.token);
    if (second.outcome !== 'redirect') throw new Error(`attendu : redirect, reçu : ${second.outcome}`);
    expect(second.payment.amountCents).toBe(1200);
    expect(second.payment.redirect.fields.vads_amount).toBe('1200');
    await notify(town, second.payment.redirect.fields);
    cashPaid.push(Number(second.payment.redirect.fields.vads_amount));
    expect((await familyCagnotte(ctx, town, family.token)).balanceCents).toBe(0);
    ctx.clock.advance(60_000);

    // 4. Hugo's 23 and 30 cancelled in time (24,00 € back); Léa's 23 booked again: the cagnotte
    //    covers it all, confirmed without a provider, 12,00 € left in the cagnotte.
    for (const day of [WEDNESDAYS[2], WEDNESDAYS[3]]) {
      expect(await tick(town, family.token, [{ childId: family.hugo, day, action: 'cancel' }])).toEqual(['cancelled']);
      ctx.clock.advance(60_000);
    }
    ctx.clock.advance(60_000);
    expect(await tick(town, family.token, [{ childId: family.lea, day: WEDNESDAYS[2] }])).toEqual(['in_basket']);
    const third = await pay(town, family.token, 200);
    expect(third).toEqual({ outcome: 'confirmed', bookedDays: 1 });
    ctx.clock.advance(60_000);

    const states = await database.db
      .select({ childId: bookings.childId, day: bookings.day, state: bookings.state })
      .from(bookings)
      .where(and(eq(bookings.tenantId, town.tenantId), eq(bookings.serviceId, town.mercredi.id)));
    const booked = states.filter((b) => b.state === 'booked').map((b) => `${b.childId === family.lea ? 'Léa' : 'Hugo'} ${b.day}`).sort();
    expect(booked).toEqual(['Hugo 2026-09-16', 'Léa 2026-09-09', 'Léa 2026-09-23', 'Léa 2026-09-30']);

    // "Règlements & régularisations": each credit from its cancelled day, each use in its basket.
    const cagnotte = await familyCagnotte(ctx, town, family.token);
    expect(cagnotte.balanceCents).toBe(1200);
    expect(cagnotte.accounts[0].movements.map((m) => [m.label, m.amountCents, m.balanceCents])).toEqual([
      ['Annulation du mercredi 16 septembre 2026 – Mercredi – Léa', 1200, 1200],
      ['Annulation du mercredi 23 septembre 2026 – Mercredi – Léa', 1200, 2400],
      ['Déduit du panier (3 jours)', -2400, 0],
      ['Annulation du mercredi 23 septembre 2026 – Mercredi – Hugo', 1200, 1200],
      ['Annulation du mercredi 30 septembre 2026 – Mercredi – Hugo', 1200, 2400],
      ['Déduit du panier (1 jour)', -1200, 1200],
    ]);
    const [secondBasket, thirdBasket] = cagnotte.accounts[0].movements.filter((m) => m.kind === 'basket').map((m) => m.basketId);
    expect((await paymentOf(ctx, second.payment.paymentId))!.basketId).toBe(secondBasket);
    expect(thirdBasket).not.toBe(secondBasket);

    const run = await invoiceMonth(ctx, town.admin.cookie, town.regie.id, '2026-09');
    const invoice = invoiceOf(run, family.id)!;
    expect(linesOf(invoice)).toEqual([
      ['Mercredi – Léa', 3, 1200, 3600],
      ['Mercredi – Léa – réglé à la réservation', 3, -1200, -3600],
      ['Mercredi – Hugo', 1, 1200, 1200],
      ['Mercredi – Hugo – réglé à la réservation', 1, -1200, -1200],
    ]);
    expect(invoice).toMatchObject({ totalCents: 0, status: 'paid' });

    // What the family paid = the days it kept + what is left in its cagnotte, to the cent.
    const keptDays = invoice.lines.filter((l) => l.totalCents > 0).reduce((sum, l) => sum + l.totalCents, 0);
    const paid = cashPaid.reduce((a, b) => a + b, 0);
    expect(paid).toBe(6000);
    expect(paid).toBe(keptDays + cagnotte.balanceCents);
    const settled = await database.db.select().from(payments).where(and(eq(payments.tenantId, town.tenantId), eq(payments.familyId, family.id)));
    expect(settled.map((p) => [p.status, p.amountCents, p.cagnotteCents]).sort()).toEqual([
      ['paid', 1200, 2400],
      ['paid', 4800, 0],
    ]);

    // The statement: each basket debited (less the cagnotte), each payment credited, nothing owed;
    // the basket the cagnotte paid alone moves no money (it is in the cagnotte's movements above).
    const factures = (await (await call(ctx, 'GET', `${town.base}/factures`, { token: family.token })).json()) as Invoices;
    expect(factures.statement.map((e) => [e.label.replace(/[\u00a0\u202f]/g, ' '), e.debitCents, e.creditCents, e.balanceCents])).toEqual([
      ['Réservations payées à la réservation', 4800, 0, 4800],
      ['Paiement en ligne – panier', 0, 4800, 0],
      ['Réservations payées à la réservation (cagnotte déduite : 24,00 €)', 1200, 0, 1200],
      ['Paiement en ligne – panier', 0, 1200, 0],
      [`Facture ${invoice.number} – septembre 2026`, 0, 0, 0],
    ]);
    expect(factures.balanceCents).toBe(0);
    expect(await ledgerBalance(ctx, town.tenantId, family.id)).toBe(0);
    const debited = factures.statement.reduce((sum, e) => sum + e.debitCents, 0);
    const credited = factures.statement.reduce((sum, e) => sum + e.creditCents, 0);
    expect(credited).toBe(paid);
    // Days bought = days kept + days given back; days given back = cagnotte credits; the cagnotte used is not cash.
    const given = cagnotte.accounts[0].movements.filter((m) => m.amountCents > 0).reduce((s, m) => s + m.amountCents, 0);
    const used = -cagnotte.accounts[0].movements.filter((m) => m.amountCents < 0).reduce((s, m) => s + m.amountCents, 0);
    expect(debited + used).toBe(keptDays + given);
  });
});
