import { eq } from 'drizzle-orm';
import { basketLines, baskets, bookings, regies, services } from '../../server/src/db/schema/index.js';
import { recordCagnotteMovement } from '../../server/src/modules/basket/cagnotte.js';
import { call, unique, type TestContext } from './helpers.js';
import { configureProvider, type Provider } from './payment-fixtures.js';
import { seedPlanningFamily, seedPlanningTown } from './planning-fixtures.js';

/** A commune whose canteen is paid at booking (4,15 € a day), with a régie and an online provider. */
export async function seedBasketTown(ctx: TestContext, options: { capacity?: number | null; provider?: Provider | 'none' } = {}) {
  const town = await seedPlanningTown(ctx, { cantineCapacity: options.capacity === undefined ? 120 : options.capacity });
  const { db } = ctx.deps.database;
  const [regie] = await db.insert(regies).values({ tenantId: town.tenant.id, code: 'REST', name: 'Régie restauration' }).returning();
  await db.update(services).set({ billingMode: 'prepaid' }).where(eq(services.id, town.cantine));
  await configureProvider(ctx, town.tenant.id, options.provider ?? 'systempay');
  return { ...town, regie: regie! };
}
export type BasketTown = Awaited<ReturnType<typeof seedBasketTown>>;

export const seedBasketFamily = (ctx: TestContext, town: BasketTown) => seedPlanningFamily(ctx, town, [town.cantine, town.matin]);

export const book = (childId: string, serviceId: string, date: string, action: 'book' | 'cancel' = 'book') => ({ childId, serviceId, date, action });

export const panier = async (ctx: TestContext, town: BasketTown, token: string) => {
  const res = await call(ctx, 'GET', `${town.base}/panier`, { token });
  if (res.status !== 200) throw new Error(`panier: ${res.status} ${await res.text()}`);
  return res.json();
};

export const checkout = (ctx: TestContext, town: BasketTown, token: string, body: unknown, key = unique('cle-')) =>
  call(ctx, 'POST', `${town.base}/panier/paiement`, { token, body, headers: { 'Idempotency-Key': key } });

export async function creditCagnotte(ctx: TestContext, town: BasketTown, familyId: string, cents: number) {
  await ctx.deps.database.db.transaction((tx) =>
    recordCagnotteMovement(tx, town.tenant.id, { familyId, regieId: town.regie.id, amountCents: cents, kind: 'adjustment', label: 'Crédit de test', at: ctx.clock.now() }),
  );
}

export const bookingStates = async (ctx: TestContext, childId: string) =>
  (await ctx.deps.database.db.select({ day: bookings.day, state: bookings.state, serviceId: bookings.serviceId }).from(bookings).where(eq(bookings.childId, childId))).sort((a, b) => (a.day < b.day ? -1 : 1));

export const basketOf = async (ctx: TestContext, id: string) => (await ctx.deps.database.db.select().from(baskets).where(eq(baskets.id, id)))[0];
export const linesOf = (ctx: TestContext, basketId: string) => ctx.deps.database.db.select().from(basketLines).where(eq(basketLines.basketId, basketId));
