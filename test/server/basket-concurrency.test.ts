import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { bookings, cagnotteMovements, ledgerEntries, payments } from '../../server/src/db/schema/index.js';
import type { Database } from '../../server/src/db/client.js';
import { expireBaskets } from '../../server/src/modules/basket/expiry.js';
import { makeContext, openTestDatabase, type TestContext } from './helpers.js';
import { notificationPath, providerCall, returnPath, systempayIpn } from './payment-fixtures.js';
import { changes } from './planning-fixtures.js';
import { basketOf, book, checkout, seedBasketFamily, seedBasketTown } from './basket-fixtures.js';

/**
 * Pay at booking under real concurrency. PGlite has a single connection, so these run where they
 * prove something: on PostgreSQL (TEST_DATABASE_URL, as in CI).
 */
const onPostgres = process.env.TEST_DB === 'postgres';

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

const EMAIL = { email: 'payeur@exemple.fr' };

async function startedBasket(town: Awaited<ReturnType<typeof seedBasketTown>>, day: string) {
  const family = await seedBasketFamily(ctx, town);
  await changes(ctx, town, family.token, [book(family.children[0]!.id, town.cantine, day)]);
  const res = await checkout(ctx, town, family.token, { regieId: town.regie.id, ...EMAIL });
  expect(res.status).toBe(201);
  const payment = (await res.json()).payment as { paymentId: string; redirect: { fields: Record<string, string> } };
  const [row] = await database.db.select().from(payments).where(eq(payments.id, payment.paymentId));
  return { family, payment, basketId: row!.basketId! };
}

describe.runIf(onPostgres)('pay at booking under concurrency (PostgreSQL)', () => {
  it('100 families racing for the last 10 places through baskets: at most 10 held or confirmed', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const town = await seedBasketTown(ctx, { capacity: 10 });
    const families: Awaited<ReturnType<typeof seedBasketFamily>>[] = [];
    for (let i = 0; i < 10; i++) families.push(...(await Promise.all(Array.from({ length: 10 }, () => seedBasketFamily(ctx, town)))));
    const answers = await Promise.all(families.map((f) => changes(ctx, town, f.token, [book(f.children[0]!.id, town.cantine, '2026-09-10')])));
    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(200));
    const rows = await database.db.select({ state: bookings.state }).from(bookings).where(and(eq(bookings.serviceId, town.cantine), eq(bookings.day, '2026-09-10')));
    const held = rows.filter((r) => r.state === 'in_basket' || r.state === 'booked').length;
    expect(held).toBe(10);
    expect(rows.filter((r) => r.state === 'waitlisted')).toHaveLength(90);
    const checkouts = await Promise.all(families.map((f) => checkout(ctx, town, f.token, { regieId: town.regie.id, ...EMAIL })));
    expect(checkouts.filter((r) => r.status === 201)).toHaveLength(10);
    expect(checkouts.every((r) => r.status === 201 || r.status === 409)).toBe(true);
  }, 300_000);

  it('a basket expiring while its payment notification arrives: confirmed or credited to the cagnotte, never both, never neither', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const town = await seedBasketTown(ctx, { capacity: 30 });
    const runs = [];
    for (let i = 0; i < 8; i++) runs.push(await startedBasket(town, '2026-09-10'));
    ctx.clock.advance(49 * 3600_000);
    await Promise.all([
      expireBaskets(ctx.deps, ctx.clock.now(), { tenantId: town.tenant.id }),
      ...runs.map((r) => providerCall(ctx, notificationPath(town as never, 'systempay'), { form: systempayIpn(r.payment.redirect.fields, 'AUTHORISED') })),
    ]);
    await expireBaskets(ctx.deps, ctx.clock.now(), { tenantId: town.tenant.id });
    for (const run of runs) {
      const basket = await basketOf(ctx, run.basketId);
      const [state] = await database.db.select({ state: bookings.state }).from(bookings).where(and(eq(bookings.childId, run.family.children[0]!.id), eq(bookings.serviceId, town.cantine)));
      const credited = await database.db.select().from(cagnotteMovements).where(and(eq(cagnotteMovements.paymentId, run.payment.paymentId), eq(cagnotteMovements.kind, 'late_payment')));
      const [payment] = await database.db.select().from(payments).where(eq(payments.id, run.payment.paymentId));
      expect(payment!.status).toBe('paid');
      if (basket!.status === 'paid') {
        expect(state!.state).toBe('booked');
        expect(credited).toHaveLength(0);
      } else {
        expect(basket!.status).toBe('expired');
        expect(state!.state).toBe('cancelled');
        expect(credited).toHaveLength(1);
      }
    }
  });

  it('20 notifications and 5 returns for one basket: one confirmation, one ledger entry', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const town = await seedBasketTown(ctx);
    const run = await startedBasket(town, '2026-09-11');
    const ipn = systempayIpn(run.payment.redirect.fields, 'AUTHORISED');
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, () => providerCall(ctx, notificationPath(town as never, 'systempay'), { form: ipn })),
      ...Array.from({ length: 5 }, () => providerCall(ctx, returnPath(town as never, 'systempay', run.payment.paymentId), { query: new URLSearchParams(ipn).toString() })),
    ]);
    expect(answers.slice(0, 20).map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers[20]!.headers.get('location')).toContain(`#portail-panier-paiement=${run.payment.paymentId}`);
    expect((await database.db.select().from(ledgerEntries).where(eq(ledgerEntries.paymentId, run.payment.paymentId)))).toHaveLength(1);
    expect((await database.db.select().from(ledgerEntries).where(eq(ledgerEntries.basketId, run.basketId)))).toHaveLength(1);
    expect(await basketOf(ctx, run.basketId)).toMatchObject({ status: 'paid', paymentId: run.payment.paymentId });
    const events = await database.db
      .select({ action: bookings.state })
      .from(bookings)
      .where(and(eq(bookings.childId, run.family.children[0]!.id), inArray(bookings.state, ['booked'])));
    expect(events).toHaveLength(1);
  });
});
