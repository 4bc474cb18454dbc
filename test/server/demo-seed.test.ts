import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, families } from '../../server/src/db/schema/index.js';
import type { Database } from '../../server/src/db/client.js';
import { seedDemo } from '../../demo/seed.js';
import { makeContext, openTestDatabase, type TestContext } from './helpers.js';

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

// The demo seeds an empty database of its own; the shared PostgreSQL test database holds other communes.
describe.skipIf(process.env.TEST_DB === 'postgres')('the demo town', () => {
  it('has no family and no child twice, as staff lists and headcounts show them', async () => {
    await seedDemo(ctx.deps, 'http://localhost:5174', new Date('2026-09-07T08:00:00Z'));
    const names = (await database.db.select({ name: families.name }).from(families)).map((f) => f.name);
    expect(names.length).toBeGreaterThan(40);
    expect(new Set(names).size).toBe(names.length);
    const kids = (await database.db.select({ first: children.firstName, last: children.lastName }).from(children)).map((c) => `${c.first} ${c.last}`);
    expect(new Set(kids).size).toBe(kids.length);
  }, 120_000);
});
