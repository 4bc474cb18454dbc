import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedOrigins } from '../../server/src/db/schema/index.js';
import type { Database } from '../../server/src/db/client.js';
import { returnDestination } from '../../server/src/modules/payments/return-url.js';
import { makeContext, openTestDatabase, type TestContext } from './helpers.js';
import { paymentOf, RETURN_URL } from './payment-fixtures.js';
import { changes } from './planning-fixtures.js';
import { book, checkout, seedBasketFamily, seedBasketTown, type BasketTown } from './basket-fixtures.js';

let database: Database;
let ctx: TestContext;
let town: BasketTown;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
  ctx.clock.set('2026-09-07T08:00:00Z');
  town = await seedBasketTown(ctx);
  await database.db.insert(allowedOrigins).values({ tenantId: town.tenant.id, origin: SCHOOLS });
});
afterAll(() => database.close());

const SCHOOLS = 'https://ecoles.ville-test.fr';

/** A family with one canteen day in its basket checks out from `returnPage`; where does the payer come back? */
async function payBasketFrom(returnPage?: string) {
  const family = await seedBasketFamily(ctx, town);
  const res = await changes(ctx, town, family.token, [book(family.children[0]!.id, town.cantine, '2026-09-10')]);
  expect(res.status).toBe(200);
  const start = await checkout(ctx, town, family.token, { regieId: town.regie.id, email: 'payeur@exemple.fr', ...(returnPage === undefined ? {} : { returnPage }) });
  expect(start.status).toBe(201);
  const { paymentId } = ((await start.json()) as { payment: { paymentId: string } }).payment;
  return { paymentId, destination: await returnDestination(ctx.deps, town.tenant.id, paymentId), stored: (await paymentOf(ctx, paymentId))!.returnPage };
}

describe('a basket payment comes back to the page it was started from', () => {
  it('goes back to a page of an allowed site of the commune, without its old fragment, to the basket’s result', async () => {
    const { paymentId, destination, stored } = await payBasketFrom(`${SCHOOLS}/cantine/reserver.html#portail-panier-paiement=ancien`);
    expect(stored).toBe(`${SCHOOLS}/cantine/reserver.html`);
    expect(destination).toBe(`${SCHOOLS}/cantine/reserver.html#portail-panier-paiement=${paymentId}`);
  });

  it('goes back to the configured page when the page is on a site the commune has not allowed, or none is sent', async () => {
    for (const page of ['https://evil.example/panier', undefined]) {
      const { paymentId, destination } = await payBasketFrom(page);
      expect(destination, String(page)).toBe(`${RETURN_URL}#portail-panier-paiement=${paymentId}`);
    }
  });

  it('refuses an absurdly long page address with a French 422 and starts no payment', async () => {
    const family = await seedBasketFamily(ctx, town);
    await changes(ctx, town, family.token, [book(family.children[0]!.id, town.cantine, '2026-09-11')]);
    const res = await checkout(ctx, town, family.token, { regieId: town.regie.id, email: 'payeur@exemple.fr', returnPage: `${SCHOOLS}/${'a'.repeat(2100)}` });
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain('trop longue');
    const again = await checkout(ctx, town, family.token, { regieId: town.regie.id, email: 'payeur@exemple.fr' });
    expect(again.status).toBe(201);
  });
});
