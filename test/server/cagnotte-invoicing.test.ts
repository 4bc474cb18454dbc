import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/client.js';
import type { Invoices } from '../../server/src/contracts/index.js';
import { makeContext, openTestDatabase, call, type TestContext } from './helpers.js';
import { book, invoiceMonth, invoiceOf, preview } from './billing-fixtures.js';
import { absence, cagnotteTown, cancel, familyCagnotte, ledgerBalance, paidBasket, travelTo, WEDNESDAYS } from './cagnotte-fixtures.js';

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
  it('book → pay → cancel in time → book again with the cagnotte: statement, invoice and cagnotte agree to the cent', async () => {
    const town = await cagnotteTown(ctx);
    const { family } = town;
    const cashPaid: number[] = [];

    // Léa's four Wednesdays of September, paid online.
    const first = await paidBasket(ctx, town, family, WEDNESDAYS.map((day) => ({ childId: family.lea, day })));
    cashPaid.push(first.amountCents);
    ctx.clock.advance(60_000);

    // Two cancelled in time: 24,00 € back in the cagnotte.
    for (const day of [WEDNESDAYS[1], WEDNESDAYS[2]]) {
      expect((await (await cancel(ctx, town, family.token, family.lea, day)).json()).results[0].status).toBe('cancelled');
    }
    expect((await familyCagnotte(ctx, town, family.token)).balanceCents).toBe(2400);
    ctx.clock.advance(60_000);

    // Hugo's last two Wednesdays: 24,00 € of days, 15,00 € taken from the cagnotte, 9,00 € paid online.
    const second = await paidBasket(ctx, town, family, [WEDNESDAYS[2], WEDNESDAYS[3]].map((day) => ({ childId: family.hugo, day })), { cagnotteUsedCents: 1500 });
    cashPaid.push(second.amountCents);
    expect(second.amountCents).toBe(900);

    const cagnotte = await familyCagnotte(ctx, town, family.token);
    expect(cagnotte.balanceCents).toBe(900);
    expect(cagnotte.accounts[0].movements.map((m) => m.amountCents)).toEqual([1200, 1200, -1500]);
    ctx.clock.advance(60_000);

    const run = await invoiceMonth(ctx, town.admin.cookie, town.regie.id, '2026-09');
    const invoice = invoiceOf(run, family.id)!;
    expect(linesOf(invoice)).toEqual([
      ['Mercredi – Léa', 2, 1200, 2400],
      ['Mercredi – Léa – réglé à la réservation', 2, -1200, -2400],
      ['Mercredi – Hugo', 2, 1200, 2400],
      ['Mercredi – Hugo – réglé à la réservation', 2, -1200, -2400],
    ]);
    expect(invoice).toMatchObject({ totalCents: 0, status: 'paid' });

    // What the family paid = the days it kept + what is left in its cagnotte, to the cent.
    const keptDays = invoice.lines.filter((l) => l.totalCents > 0).reduce((sum, l) => sum + l.totalCents, 0);
    const paid = cashPaid.reduce((a, b) => a + b, 0);
    expect(paid).toBe(5700);
    expect(paid).toBe(keptDays + cagnotte.balanceCents);

    // The statement: each basket debited (less the cagnotte), each payment credited, nothing owed.
    const factures = (await (await call(ctx, 'GET', `${town.base}/factures`, { token: family.token })).json()) as Invoices;
    expect(factures.statement.map((e) => [e.debitCents, e.creditCents, e.balanceCents])).toEqual([
      [4800, 0, 4800],
      [0, 4800, 0],
      [900, 0, 900],
      [0, 900, 0],
      [0, 0, 0],
    ]);
    expect(factures.balanceCents).toBe(0);
    expect(await ledgerBalance(ctx, town.tenantId, family.id)).toBe(0);
    const debited = factures.statement.reduce((sum, e) => sum + e.debitCents, 0);
    // Days bought = days kept + days given back; days given back = cagnotte credits; the cagnotte used is not cash.
    expect(debited + 1500).toBe(keptDays + 2400);
  });
});
