import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { bookings } from '../../server/src/db/schema/index.js';
import { call, makeContext, openTestDatabase, seedStaff, type TestContext } from './helpers.js';
import { adminCall, staffCookie } from './admin-fixtures.js';
import { key, staffBookings } from './admin-planning-fixtures.js';
import { changes, grid, seedPlanningFamily, seedPlanningTown, type PlanningTown } from './planning-fixtures.js';

/**
 * Staff book, cancel and declare absences on behalf of a family from the staff page: past the
 * parents' deadlines, on the "mairie" channel the family then reads in its own history.
 */

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());
afterEach(() => ctx.clock.set('2026-09-07T08:00:00Z'));

/**
 * A commune with its school year and services, a family whose children are enrolled, an agent and
 * an admin. Sessions expire while a test moves the clock by days: `signIn()` logs everyone in again.
 */
async function town() {
  const planning = await seedPlanningTown(ctx);
  const family = await seedPlanningFamily(ctx, planning);
  const agent = await seedStaff(ctx, planning.tenant.id, 'agent');
  const admin = await seedStaff(ctx, planning.tenant.id, 'admin');
  const [lea, hugo] = family.children;
  const t = { ...planning, lea: lea!, hugo: hugo!, token: family.token, agent: '', admin: '', signIn };
  async function signIn() {
    t.token = await family.signIn();
    t.agent = await staffCookie(ctx, agent.email, agent.password);
    t.admin = await staffCookie(ctx, admin.email, admin.password);
  }
  await signIn();
  return t;
}

const bookingOf = async (childId: string, serviceId: string, day: string) =>
  (await database.db.select().from(bookings).where(and(eq(bookings.childId, childId), eq(bookings.serviceId, serviceId), eq(bookings.day, day))))[0];

const history = async (planning: PlanningTown, token: string, childId: string) => {
  const res = await call(ctx, 'GET', `${planning.base}/planning/history?childId=${childId}`, { token });
  expect(res.status).toBe(200);
  return res.json();
};

const staffAbsence = (cookie: string, body: unknown, idempotencyKey = key()) =>
  ctx.app.request('/admin/api/bookings/absences', {
    method: 'POST',
    headers: { Origin: new URL(ctx.deps.publicUrl).origin, Cookie: cookie, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
    body: JSON.stringify(body),
  });

const cellOf = (planning: { cells: { serviceId: string; date: string }[] }, serviceId: string, date: string) =>
  planning.cells.find((c) => c.serviceId === serviceId && c.date === date);

describe('bookings on behalf of a family', () => {
  it('lets an agent book past the parents’ deadline; the family reads it in its history as made by the town hall', async () => {
    const t = await town();
    // Wednesday 9 September, 18:00 in Paris: the canteen of Thursday 10 closed to parents at 10:00.
    ctx.clock.set('2026-09-09T16:00:00Z');
    await t.signIn();
    const tooLate = await (await changes(ctx, t, t.token, [{ childId: t.lea.id, serviceId: t.cantine, date: '2026-09-10', action: 'book' }])).json();
    expect(tooLate.results[0]).toMatchObject({ status: 'refused', reason: expect.stringMatching(/Réservations closes/) });

    // The staff grid has the parents' shape, offers the box, and says the parents could not tick it.
    const res = await adminCall(ctx, 'GET', `/children/${t.lea.id}/planning?from=2026-09-07&to=2026-09-13`, { cookie: t.agent });
    expect(res.status).toBe(200);
    const staffGrid = await res.json();
    expect(staffGrid.days).toHaveLength(7);
    expect(staffGrid.services.find((s: { id: string }) => s.id === t.cantine)).toMatchObject({ label: 'Cantine', bookingRule: expect.any(String) });
    expect(cellOf(staffGrid, t.cantine, '2026-09-10')).toMatchObject({ state: 'none', canBook: true, familyCanChange: false, enrolled: true, lockedReason: null });
    expect(cellOf(staffGrid, t.cantine, '2026-09-11')).toMatchObject({ canBook: true, familyCanChange: true });

    const booked = await staffBookings(ctx, t.agent, [{ childId: t.lea.id, serviceId: t.cantine, date: '2026-09-10', action: 'book' }]);
    expect(booked.status).toBe(200);
    expect(await booked.json()).toMatchObject({ applied: 1, refused: 0, results: [{ status: 'booked', serviceLabel: 'Cantine', date: '2026-09-10' }] });
    expect(await bookingOf(t.lea.id, t.cantine, '2026-09-10')).toMatchObject({ state: 'booked', channel: 'mairie' });

    const parents = await (await grid(ctx, t, t.token, t.lea.id, '2026-09-10', '2026-09-10')).json();
    expect(cellOf(parents, t.cantine, '2026-09-10')).toMatchObject({ state: 'booked', canCancel: false });
    expect(await history(t, t.token, t.lea.id)).toEqual([
      { date: '2026-09-10', serviceLabel: 'Cantine', action: 'inscription', channel: 'mairie', by: 'Mairie', at: '2026-09-09T16:00:00.000Z' },
    ]);

    // The staff grid now shows who made the booking.
    const after = await (await adminCall(ctx, 'GET', `/children/${t.lea.id}/planning?from=2026-09-10&to=2026-09-10`, { cookie: t.agent })).json();
    expect(cellOf(after, t.cantine, '2026-09-10')).toMatchObject({ state: 'booked', channel: 'mairie', canCancel: true, canDeclareAbsence: true });
  });

  it('lets an admin cancel a family’s booking after the parents’ cancellation deadline', async () => {
    const t = await town();
    const own = await (await changes(ctx, t, t.token, [{ childId: t.hugo.id, serviceId: t.cantine, date: '2026-09-10', action: 'book' }])).json();
    expect(own.results[0]).toMatchObject({ status: 'booked' });
    ctx.clock.set('2026-09-10T06:00:00Z');
    await t.signIn();
    const refused = await (await changes(ctx, t, t.token, [{ childId: t.hugo.id, serviceId: t.cantine, date: '2026-09-10', action: 'cancel' }])).json();
    expect(refused.results[0]).toMatchObject({ status: 'refused' });

    const cancelled = await staffBookings(ctx, t.admin, [{ childId: t.hugo.id, serviceId: t.cantine, date: '2026-09-10', action: 'cancel' }]);
    expect((await cancelled.json()).results).toEqual([expect.objectContaining({ status: 'cancelled' })]);
    expect(await bookingOf(t.hugo.id, t.cantine, '2026-09-10')).toMatchObject({ state: 'cancelled', channel: 'mairie' });
    const entries = await history(t, t.token, t.hugo.id);
    expect(entries.map((e: { action: string; channel: string; by: string }) => [e.action, e.channel, e.by])).toEqual([
      ['annulation', 'mairie', 'Mairie'],
      ['inscription', 'internet', 'Famille Martin'],
    ]);
  });

  it('declares an absence on behalf of the family after the day’s deadlines, once per Idempotency-Key', async () => {
    const t = await town();
    await changes(ctx, t, t.token, [{ childId: t.lea.id, serviceId: t.cantine, date: '2026-09-10', action: 'book' }]);
    // Thursday 10 September, 13:00 in Paris: the child went home ill after the meal was ordered.
    ctx.clock.set('2026-09-10T11:00:00Z');
    await t.signIn();
    const [reason] = await (await adminCall(ctx, 'GET', '/absence-reasons', { cookie: t.agent })).json();
    const body = { childId: t.lea.id, serviceId: t.cantine, date: '2026-09-10', reasonId: reason.id };
    const idem = key();
    const res = await staffAbsence(t.agent, body, idem);
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer.results).toEqual([expect.objectContaining({ action: 'absence', status: 'absent', reason: reason.label })]);
    expect(await (await staffAbsence(t.agent, body, idem)).json()).toEqual(answer);

    expect(await bookingOf(t.lea.id, t.cantine, '2026-09-10')).toMatchObject({ state: 'absent', absenceReasonId: reason.id, channel: 'mairie' });
    const parents = await (await grid(ctx, t, t.token, t.lea.id, '2026-09-10', '2026-09-10')).json();
    expect(cellOf(parents, t.cantine, '2026-09-10')).toMatchObject({ state: 'absent', absenceReason: reason.label });
    const entries = await history(t, t.token, t.lea.id);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ date: '2026-09-10', action: 'absence', channel: 'mairie', by: 'Mairie' });
  });

  it('answers 404 for another commune’s child and writes nothing', async () => {
    const t = await town();
    const other = await town();
    const theirs = { childId: other.lea.id, serviceId: other.cantine, date: '2026-09-10' };
    expect((await adminCall(ctx, 'GET', `/children/${other.lea.id}/planning?from=2026-09-07&to=2026-09-13`, { cookie: t.agent })).status).toBe(404);
    expect((await staffBookings(ctx, t.agent, [{ ...theirs, action: 'book' }])).status).toBe(404);
    // Even with a service of the agent's own commune.
    expect((await staffBookings(ctx, t.agent, [{ ...theirs, serviceId: t.cantine, action: 'book' }])).status).toBe(404);
    expect(await bookingOf(other.lea.id, other.cantine, '2026-09-10')).toBeUndefined();

    await changes(ctx, other, other.token, [{ ...theirs, action: 'book' }]);
    const [reason] = await (await adminCall(ctx, 'GET', '/absence-reasons', { cookie: t.agent })).json();
    expect((await staffAbsence(t.agent, { ...theirs, reasonId: reason.id })).status).toBe(404);
    expect(await bookingOf(other.lea.id, other.cantine, '2026-09-10')).toMatchObject({ state: 'booked', channel: 'internet' });
    expect(await history(other, other.token, other.lea.id)).toHaveLength(1);
  });
});
