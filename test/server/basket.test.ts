import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { cagnotteMovements, invoices, ledgerEntries, payments } from '../../server/src/db/schema/index.js';
import type { Database } from '../../server/src/db/client.js';
import { cagnotteBalance } from '../../server/src/modules/basket/cagnotte.js';
import { expireBaskets } from '../../server/src/modules/basket/expiry.js';
import { call, makeContext, openTestDatabase, seedStaff, type TestContext } from './helpers.js';
import { adminCall, staffCookie } from './admin-fixtures.js';
import { notificationPath, providerCall, seedInvoice, systempayIpn } from './payment-fixtures.js';
import { changes, grid } from './planning-fixtures.js';
import { basketOf, book, bookingStates, checkout, creditCagnotte, linesOf, panier, seedBasketFamily, seedBasketTown } from './basket-fixtures.js';

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

const EMAIL = { email: 'payeur@exemple.fr' };
const results = async (res: Response) => {
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: { status: string; reason: string | null }[] }).results;
};
const redirect = async (res: Response) => {
  expect(res.status).toBe(201);
  const body = await res.json();
  expect(body.outcome).toBe('redirect');
  return body.payment as { paymentId: string; amountCents: number; redirect: { fields: Record<string, string> } };
};
const ipn = (town: { tenant: { id: string } }, fields: Record<string, string>, status: string) =>
  providerCall(ctx, notificationPath(town as never, 'systempay'), { form: systempayIpn(fields, status) });

describe('a prepaid day goes into the basket, holding its place', () => {
  it('ticks days into the basket at the invoicing price, shows them in the grid, and unticking takes them out', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const town = await seedBasketTown(ctx);
    const family = await seedBasketFamily(ctx, town);
    const [lea, hugo] = family.children;
    const answer = await results(await changes(ctx, town, family.token, [book(lea!.id, town.cantine, '2026-09-10'), book(hugo!.id, town.cantine, '2026-09-10'), book(lea!.id, town.matin, '2026-09-10')]));
    expect(answer.map((r) => r.status).sort()).toEqual(['booked', 'in_basket', 'in_basket']);

    const p = await panier(ctx, town, family.token);
    expect(p.expiryHours).toBe(48);
    expect(p.baskets).toHaveLength(1);
    const basket = p.baskets[0];
    expect(basket).toMatchObject({ regie: { code: 'REST' }, status: 'open', linesCents: 830, cagnotteUsedCents: 0, debtCents: 0, totalCents: 830, payable: 'online' });
    expect(basket.lines.map((l: { child: { firstName: string }; date: string; priceCents: number }) => [l.child.firstName, l.date, l.priceCents])).toEqual([
      ['Léa', '2026-09-10', 415],
      ['Hugo', '2026-09-10', 415],
    ]);
    expect(basket.expiresAt).toBe('2026-09-09T08:00:00.000Z');

    const cells = (await (await grid(ctx, town, family.token, lea!.id, '2026-09-10', '2026-09-10')).json()).cells;
    expect(cells.find((c: { serviceId: string }) => c.serviceId === town.cantine)).toMatchObject({ state: 'in_basket', canCancel: true });

    expect((await results(await changes(ctx, town, family.token, [book(hugo!.id, town.cantine, '2026-09-10', 'cancel')])))[0]!.status).toBe('cancelled');
    expect((await panier(ctx, town, family.token)).baskets[0].lines).toHaveLength(1);
  });

  it('never sells a full day twice: the next family waits, and gets the place in its basket when the line leaves', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const town = await seedBasketTown(ctx, { capacity: 1 });
    const a = await seedBasketFamily(ctx, town);
    const b = await seedBasketFamily(ctx, town);
    expect((await results(await changes(ctx, town, a.token, [book(a.children[0]!.id, town.cantine, '2026-09-11')])))[0]!.status).toBe('in_basket');
    expect((await results(await changes(ctx, town, b.token, [book(b.children[0]!.id, town.cantine, '2026-09-11')])))[0]!.status).toBe('waitlisted');
    expect((await panier(ctx, town, b.token)).baskets).toEqual([]);

    const line = (await panier(ctx, town, a.token)).baskets[0].lines[0];
    const removed = await call(ctx, 'DELETE', `${town.base}/panier/lignes/${line.id}`, { token: a.token, body: {} });
    expect(removed.status).toBe(200);
    expect((await removed.json()).baskets).toEqual([]);
    expect((await panier(ctx, town, b.token)).baskets[0].lines).toHaveLength(1);
    expect(await bookingStates(ctx, b.children[0]!.id)).toEqual([{ day: '2026-09-11', state: 'in_basket', serviceId: town.cantine }]);
  });

  it('staff see held and sold places in the headcounts, and the baskets in progress', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const town = await seedBasketTown(ctx);
    const family = await seedBasketFamily(ctx, town);
    await changes(ctx, town, family.token, [book(family.children[0]!.id, town.cantine, '2026-09-10')]);
    const agentUser = await seedStaff(ctx, town.tenant.id, 'agent');
    const agent = { cookie: await staffCookie(ctx, agentUser.email, agentUser.password) };
    const counts = await (await adminCall(ctx, 'GET', '/headcounts?day=2026-09-10', { cookie: agent.cookie })).json();
    expect(counts.totals).toMatchObject({ booked: 0, held: 1 });
    const list = await (await adminCall(ctx, 'GET', '/baskets', { cookie: agent.cookie })).json();
    expect(list.baskets).toHaveLength(1);
    expect(list.baskets[0]).toMatchObject({ lineCount: 1, linesCents: 415, status: 'open', expiresAt: '2026-09-09T08:00:00.000Z' });
    const detail = await (await adminCall(ctx, 'GET', `/baskets/${list.baskets[0].id}`, { cookie: agent.cookie })).json();
    expect(detail.lines).toHaveLength(1);
    // A service cannot change how it is paid while days of it wait, unpaid, in baskets.
    const adminUser = await seedStaff(ctx, town.tenant.id, 'admin');
    const admin = { cookie: await staffCookie(ctx, adminUser.email, adminUser.password) };
    const patched = await adminCall(ctx, 'PATCH', `/services/${town.cantine}`, { cookie: admin.cookie, body: { billingMode: 'monthly' } });
    expect(patched.status).toBe(409);
    expect((await patched.json()).code).toBe('paniers_en_cours');
  });
});

describe('paying the basket', () => {
  it('turns the lines into bookings when the payment settles, once, with the ledger and calendar to match', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const town = await seedBasketTown(ctx);
    const family = await seedBasketFamily(ctx, town);
    const lea = family.children[0]!;
    await changes(ctx, town, family.token, [book(lea.id, town.cantine, '2026-09-10'), book(lea.id, town.cantine, '2026-09-11')]);
    const start = await redirect(await checkout(ctx, town, family.token, { regieId: town.regie.id, ...EMAIL }));
    expect(start.amountCents).toBe(830);
    const p = await panier(ctx, town, family.token);
    expect(p.baskets[0]).toMatchObject({ status: 'paying', payable: 'in_progress' });
    // While paying, the basket does not change.
    const more = await results(await changes(ctx, town, family.token, [book(lea.id, town.cantine, '2026-09-14')]));
    expect(more[0]).toMatchObject({ status: 'refused' });
    expect((await call(ctx, 'DELETE', `${town.base}/panier/lignes/${p.baskets[0].lines[0].id}`, { token: family.token, body: {} })).status).toBe(409);
    expect((await checkout(ctx, town, family.token, { regieId: town.regie.id, ...EMAIL })).status).toBe(409);

    expect((await ipn(town, start.redirect.fields, 'AUTHORISED')).status).toBe(200);
    expect((await ipn(town, start.redirect.fields, 'AUTHORISED')).status).toBe(200);
    expect((await bookingStates(ctx, lea.id)).filter((b) => b.serviceId === town.cantine && b.day < '2026-09-14').map((b) => b.state)).toEqual(['booked', 'booked']);
    const cells = (await (await grid(ctx, town, family.token, lea.id, '2026-09-10', '2026-09-11')).json()).cells;
    expect(cells.filter((c: { serviceId: string }) => c.serviceId === town.cantine).map((c: { state: string }) => c.state)).toEqual(['booked', 'booked']);
    const ledger = await database.db.select().from(ledgerEntries).where(eq(ledgerEntries.familyId, family.family.id));
    expect(ledger.map((e) => [e.kind, e.amountCents]).sort()).toEqual([
      ['basket', 830],
      ['payment', -830],
    ]);
    expect((await panier(ctx, town, family.token)).baskets).toEqual([]);
    const view = await (await call(ctx, 'GET', `${town.base}/panier/paiements/${start.paymentId}`, { token: family.token })).json();
    expect(view).toMatchObject({ status: 'paid', purpose: 'basket', bookedDays: 2, creditedToCagnotte: false });
    // Another family reads nothing of it.
    const other = await seedBasketFamily(ctx, town);
    expect((await call(ctx, 'GET', `${town.base}/panier/paiements/${start.paymentId}`, { token: other.token })).status).toBe(404);
  });

  it('a refused payment leaves the lines in the basket, open again', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const town = await seedBasketTown(ctx);
    const family = await seedBasketFamily(ctx, town);
    await changes(ctx, town, family.token, [book(family.children[0]!.id, town.cantine, '2026-09-10')]);
    const start = await redirect(await checkout(ctx, town, family.token, { regieId: town.regie.id, ...EMAIL }));
    expect((await ipn(town, start.redirect.fields, 'REFUSED')).status).toBe(200);
    expect((await panier(ctx, town, family.token)).baskets[0]).toMatchObject({ status: 'open', payable: 'online', totalCents: 415 });
    expect((await bookingStates(ctx, family.children[0]!.id))[0]!.state).toBe('in_basket');
  });

  it('deducts the cagnotte; fully covered, the basket is confirmed without a provider', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const town = await seedBasketTown(ctx);
    const family = await seedBasketFamily(ctx, town);
    await creditCagnotte(ctx, town, family.family.id, 1000);
    await changes(ctx, town, family.token, [book(family.children[0]!.id, town.cantine, '2026-09-10'), book(family.children[1]!.id, town.cantine, '2026-09-10')]);
    expect((await panier(ctx, town, family.token)).baskets[0]).toMatchObject({ linesCents: 830, cagnotteBalanceCents: 1000, cagnotteUsedCents: 830, totalCents: 0, payable: 'without_payment' });
    const res = await checkout(ctx, town, family.token, { regieId: town.regie.id, ...EMAIL });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ outcome: 'confirmed', bookedDays: 2 });
    expect(await cagnotteBalance(database.db, town.tenant.id, family.family.id)).toBe(170);
    expect((await bookingStates(ctx, family.children[1]!.id))[0]!.state).toBe('booked');
    expect(await database.db.select().from(payments).where(eq(payments.familyId, family.family.id))).toEqual([]);
  });

  it('refuses an online payment under 1 €, and an empty basket', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const town = await seedBasketTown(ctx);
    const family = await seedBasketFamily(ctx, town);
    expect((await checkout(ctx, town, family.token, { regieId: town.regie.id, ...EMAIL })).status).toBe(409);
    await creditCagnotte(ctx, town, family.family.id, 365);
    await changes(ctx, town, family.token, [book(family.children[0]!.id, town.cantine, '2026-09-10')]);
    const res = await checkout(ctx, town, family.token, { regieId: town.regie.id, ...EMAIL });
    expect(res.status).toBe(422);
    expect((await res.json()).code).toBe('montant_minimum');
    expect((await panier(ctx, town, family.token)).baskets[0]).toMatchObject({ totalCents: 50, payable: 'below_minimum', status: 'open' });
  });

  it('drops a line whose booking deadline passed while it waited, and charges nothing until the family checks again', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const town = await seedBasketTown(ctx);
    const family = await seedBasketFamily(ctx, town);
    const lea = family.children[0]!;
    await changes(ctx, town, family.token, [book(lea.id, town.cantine, '2026-09-10'), book(lea.id, town.cantine, '2026-09-14')]);
    ctx.clock.set('2026-09-09T09:00:00Z'); // Wednesday 11:00: Thursday's canteen closed at 10:00.
    const token = await family.signIn();
    const res = await checkout(ctx, town, token, { regieId: town.regie.id, ...EMAIL });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.outcome).toBe('changed');
    expect(body.dropped).toEqual([expect.objectContaining({ childFirstName: lea.firstName, date: '2026-09-10', serviceLabel: 'Cantine' })]);
    expect(body.dropped[0].reason).toMatch(/Réservations closes/);
    expect(body.basket).toMatchObject({ totalCents: 415 });
    expect(await database.db.select().from(payments).where(eq(payments.familyId, family.family.id))).toEqual([]);
    expect((await redirect(await checkout(ctx, town, token, { regieId: town.regie.id, ...EMAIL }))).amountCents).toBe(415);
  });

  it('refuses a price, a total or someone else’s basket, changing nothing', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const town = await seedBasketTown(ctx);
    const family = await seedBasketFamily(ctx, town);
    const other = await seedBasketFamily(ctx, town);
    await changes(ctx, town, family.token, [book(family.children[0]!.id, town.cantine, '2026-09-10')]);
    for (const body of [
      { regieId: town.regie.id, ...EMAIL, amountCents: 100 },
      { regieId: town.regie.id, ...EMAIL, totalCents: 1 },
      { regieId: 'pas-un-id', ...EMAIL },
    ]) {
      const res = await checkout(ctx, town, family.token, body);
      expect(res.status).toBe(422);
    }
    const line = (await panier(ctx, town, family.token)).baskets[0].lines[0];
    const stolen = await call(ctx, 'DELETE', `${town.base}/panier/lignes/${line.id}`, { token: other.token, body: {} });
    expect(stolen.status).toBe(404);
    expect((await call(ctx, 'DELETE', `${town.base}/panier/lignes/pas-un-id`, { token: family.token, body: {} })).status).toBe(404);
    expect((await panier(ctx, town, family.token)).baskets[0].lines).toHaveLength(1);
    // The other family has no basket to pay.
    expect((await checkout(ctx, town, other.token, { regieId: town.regie.id, ...EMAIL })).status).toBe(409);
    expect(await database.db.select().from(payments).where(eq(payments.familyId, family.family.id))).toEqual([]);
  });

  it('régler ma dette: the solde alone is paid online and settles the invoice', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const town = await seedBasketTown(ctx);
    const family = await seedBasketFamily(ctx, town);
    const invoice = await seedInvoice(ctx, { ...town, regie: town.regie } as never, family.family.id, 2000);
    const p = await panier(ctx, town, family.token);
    expect(p.baskets[0]).toMatchObject({ id: null, lines: [], debtCents: 2000, totalCents: 2000, payable: 'online' });
    const start = await redirect(await checkout(ctx, town, family.token, { regieId: town.regie.id, ...EMAIL }));
    expect(start.amountCents).toBe(2000);
    await ipn(town, start.redirect.fields, 'AUTHORISED');
    const [after] = await database.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(after).toMatchObject({ status: 'paid', paidCents: 2000 });
    expect((await panier(ctx, town, family.token)).baskets).toEqual([]);
    expect((await (await call(ctx, 'GET', `${town.base}/panier/paiements/${start.paymentId}`, { token: family.token })).json()).purpose).toBe('debt');
  });
});

describe('an unpaid basket expires', () => {
  it('after the delay: places released to the waiting list, the family told; a payment arriving later goes to the cagnotte', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const town = await seedBasketTown(ctx, { capacity: 1 });
    const family = await seedBasketFamily(ctx, town);
    const waiting = await seedBasketFamily(ctx, town);
    await changes(ctx, town, family.token, [book(family.children[0]!.id, town.cantine, '2026-09-17')]);
    await changes(ctx, town, waiting.token, [book(waiting.children[0]!.id, town.cantine, '2026-09-17')]);
    const start = await redirect(await checkout(ctx, town, family.token, { regieId: town.regie.id, ...EMAIL }));
    const basketId = (await database.db.select().from(payments).where(eq(payments.id, start.paymentId)))[0]!.basketId!;

    ctx.clock.advance(47 * 3600_000);
    expect((await expireBaskets(ctx.deps, ctx.clock.now(), { tenantId: town.tenant.id })).expired).toBe(0);
    ctx.clock.advance(2 * 3600_000);
    // The waiting family's basket, opened empty by its waitlisted booking at the same instant, is due
    // too: whether it is emptied first or receives the freed place (and a new delay) depends on order.
    const { expired } = await expireBaskets(ctx.deps, ctx.clock.now(), { tenantId: town.tenant.id });
    expect(expired).toBeGreaterThanOrEqual(1);
    expect(expired).toBeLessThanOrEqual(2);
    expect(await basketOf(ctx, basketId)).toMatchObject({ status: 'expired' });
    expect(await linesOf(ctx, basketId)).toEqual([]);
    expect((await bookingStates(ctx, family.children[0]!.id))[0]!.state).toBe('cancelled');
    expect((await bookingStates(ctx, waiting.children[0]!.id))[0]!.state).toBe('in_basket');
    await ctx.flushMail();
    expect(ctx.mail.sent.some((m) => m.to === family.email && /panier a expiré/.test(m.subject))).toBe(true);

    expect((await ipn(town, start.redirect.fields, 'AUTHORISED')).status).toBe(200);
    expect(await database.db.select().from(payments).where(eq(payments.id, start.paymentId))).toEqual([expect.objectContaining({ status: 'paid', flaggedLate: true })]);
    const movements = await database.db.select().from(cagnotteMovements).where(and(eq(cagnotteMovements.familyId, family.family.id), eq(cagnotteMovements.kind, 'late_payment')));
    expect(movements).toEqual([expect.objectContaining({ amountCents: 415, flagged: true, paymentId: start.paymentId })]);
    expect((await bookingStates(ctx, family.children[0]!.id))[0]!.state).toBe('cancelled');
    const token = await family.signIn();
    expect((await panier(ctx, town, token)).baskets[0]).toMatchObject({ cagnotteBalanceCents: 415, lines: [] });
    expect((await (await call(ctx, 'GET', `${town.base}/panier/paiements/${start.paymentId}`, { token })).json()).creditedToCagnotte).toBe(true);
  });
});
