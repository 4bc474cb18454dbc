import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { bookingEvents, bookings, capacityUsage, children, enrollments } from '../../server/src/db/schema/index.js';
import type { Database } from '../../server/src/db/client.js';
import { makeContext, openTestDatabase, unique, type TestContext } from './helpers.js';
import { changes, seedPlanningFamily, seedPlanningTown } from './planning-fixtures.js';

/**
 * The booking invariants under real concurrency. PGlite has a single connection, so these run
 * where they prove something: on PostgreSQL (TEST_DATABASE_URL, as in CI).
 */
const onPostgres = process.env.TEST_DB === 'postgres';

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());
beforeEach(() => ctx.clock.set('2026-09-03T12:00:00Z'));

describe.runIf(onPostgres)('booking invariants on PostgreSQL under concurrency', () => {
  it('makes one booking out of 50 identical concurrent submissions', async () => {
    const town = await seedPlanningTown(ctx);
    const family = await seedPlanningFamily(ctx, town);
    const lea = family.children[0];
    const cell = { childId: lea.id, serviceId: town.cantine, date: '2026-09-14', action: 'book' };
    const answers = await Promise.all(Array.from({ length: 50 }, () => changes(ctx, town, family.token, [cell])));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    const statuses = await Promise.all(answers.map(async (a) => (await a.json()).results[0].status));
    expect(statuses.filter((s) => s === 'booked')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'unchanged')).toHaveLength(49);
    const rows = await database.db.select().from(bookings).where(and(eq(bookings.childId, lea.id), eq(bookings.day, '2026-09-14')));
    expect(rows).toHaveLength(1);
    expect(rows[0].state).toBe('booked');
    const events = await database.db.select().from(bookingEvents).where(eq(bookingEvents.bookingId, rows[0].id));
    expect(events).toHaveLength(1);
  });

  it('never exceeds capacity: 200 concurrent requests for 30 places give 30 booked and 170 waitlisted', async () => {
    const town = await seedPlanningTown(ctx, { cantineCapacity: 30 });
    const family = await seedPlanningFamily(ctx, town);
    const kids = await database.db
      .insert(children)
      .values(Array.from({ length: 200 }, (_, i) => ({ tenantId: town.tenant.id, familyId: family.family.id, firstName: `Enfant ${i}`, lastName: 'Martin' })))
      .returning({ id: children.id });
    await database.db.insert(enrollments).values(kids.map((k) => ({ tenantId: town.tenant.id, childId: k.id, serviceId: town.cantine, startDate: '2026-09-01' })));
    const answers = await Promise.all(
      kids.map((k) => changes(ctx, town, family.token, [{ childId: k.id, serviceId: town.cantine, date: '2026-09-15', action: 'book' }])),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const [count] = await database.db
      .select({
        booked: sql<number>`count(*) filter (where ${bookings.state} = 'booked')::int`,
        waitlisted: sql<number>`count(*) filter (where ${bookings.state} = 'waitlisted')::int`,
      })
      .from(bookings)
      .where(and(eq(bookings.tenantId, town.tenant.id), eq(bookings.serviceId, town.cantine), eq(bookings.day, '2026-09-15')));
    expect(count).toEqual({ booked: 30, waitlisted: 170 });
    const [usage] = await database.db.select().from(capacityUsage).where(and(eq(capacityUsage.serviceId, town.cantine), eq(capacityUsage.day, '2026-09-15')));
    expect(usage.used).toBe(30);
    // Waiting-list positions are a strict FIFO: 1…170, no duplicates.
    const positions = await database.db.execute(sql`
      select row_number() over (order by queued_at) as position from bookings
      where tenant_id = ${town.tenant.id} and service_id = ${town.cantine} and day = '2026-09-15' and state = 'waitlisted'`);
    expect(((positions as unknown as { position: string }[]).length)).toBe(170);
  });

  it('keeps the count right when cancellations and bookings race on a full day', async () => {
    const town = await seedPlanningTown(ctx, { cantineCapacity: 10 });
    const family = await seedPlanningFamily(ctx, town);
    const kids = await database.db
      .insert(children)
      .values(Array.from({ length: 40 }, (_, i) => ({ tenantId: town.tenant.id, familyId: family.family.id, firstName: `Enfant ${i}`, lastName: 'Martin' })))
      .returning({ id: children.id });
    await database.db.insert(enrollments).values(kids.map((k) => ({ tenantId: town.tenant.id, childId: k.id, serviceId: town.cantine, startDate: '2026-09-01' })));
    const book = (id: string) => changes(ctx, town, family.token, [{ childId: id, serviceId: town.cantine, date: '2026-09-17', action: 'book' }]);
    for (const k of kids.slice(0, 20)) await book(k.id); // 10 booked, 10 waitlisted
    await Promise.all([
      ...kids.slice(0, 10).map((k) => changes(ctx, town, family.token, [{ childId: k.id, serviceId: town.cantine, date: '2026-09-17', action: 'cancel' }])),
      ...kids.slice(20).map((k) => book(k.id)),
    ]);
    const [count] = await database.db
      .select({ booked: sql<number>`count(*) filter (where ${bookings.state} = 'booked')::int` })
      .from(bookings)
      .where(and(eq(bookings.serviceId, town.cantine), eq(bookings.day, '2026-09-17')));
    const [usage] = await database.db.select().from(capacityUsage).where(and(eq(capacityUsage.serviceId, town.cantine), eq(capacityUsage.day, '2026-09-17')));
    expect(count.booked).toBe(10);
    expect(usage.used).toBe(10);
    // The freed places went to the first ten of the waiting list, who were there before the race.
    const promoted = await database.db.select({ childId: bookings.childId }).from(bookings).where(and(eq(bookings.serviceId, town.cantine), eq(bookings.day, '2026-09-17'), eq(bookings.state, 'booked')));
    expect(new Set(promoted.map((p) => p.childId))).toEqual(new Set(kids.slice(10, 20).map((k) => k.id)));
  });

  it('applies a key replayed concurrently once, with the same answer for all', async () => {
    const town = await seedPlanningTown(ctx);
    const family = await seedPlanningFamily(ctx, town);
    const key = unique('concurrent-');
    const cells = ['2026-09-21', '2026-09-22', '2026-09-24'].map((date) => ({ childId: family.children[0].id, serviceId: town.cantine, date, action: 'book' }));
    const answers = await Promise.all(Array.from({ length: 10 }, () => changes(ctx, town, family.token, cells, key)));
    const bodies = await Promise.all(answers.map((a) => a.json()));
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    expect(bodies[0].applied).toBe(3);
    const events = await database.db.select().from(bookingEvents).where(eq(bookingEvents.childId, family.children[0].id));
    expect(events).toHaveLength(3);
  });
});
