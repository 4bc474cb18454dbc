import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { bookingEvents, bookings, children, closures, enrollments, serviceSchoolCapacities, services } from '../../server/src/db/schema/index.js';
import { schoolIdFor } from '../../server/src/modules/tenants/service.js';
import type { Database } from '../../server/src/db/client.js';
import { decideRequests } from '../../server/src/modules/planning/staff-requests.js';
import { call, makeContext, openTestDatabase, seedStaff, unique, type TestContext } from './helpers.js';
import { changes, grid, seedPlanningFamily, seedPlanningTown, type PlanningTown } from './planning-fixtures.js';

let database: Database;
let ctx: TestContext;
let town: PlanningTown;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
  town = await seedPlanningTown(ctx);
});
afterAll(() => database.close());
beforeEach(() => ctx.clock.set('2026-09-03T12:00:00Z')); // Thursday 3 September, 14:00 in Paris

type Cell = { serviceId: string; date: string; state: string; canBook: boolean; canCancel: boolean; lockedReason: string | null; closedReason: string | null; bookUntil: string | null; absenceReason: string | null; waitlistPosition: number | null; canDeclareAbsence: boolean };
const cellOf = (planning: { cells: Cell[] }, serviceId: string, date: string) => planning.cells.find((c) => c.serviceId === serviceId && c.date === date)!;

describe('the planning grid', () => {
  it('shows every service × day with deadlines in Paris time and closed days with their reason', async () => {
    const family = await seedPlanningFamily(ctx, town);
    const lea = family.children[0];
    await database.db.insert(closures).values({ tenantId: town.tenant.id, startDate: '2026-09-11', endDate: '2026-09-11', reason: 'journée pédagogique' });
    const res = await grid(ctx, town, family.token, lea.id, '2026-09-07', '2026-09-13');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const planning = await res.json();
    expect(planning.child).toMatchObject({ firstName: 'Léa', school: 'École Jules Ferry', className: 'CE1' });
    expect(planning.services.map((s: { label: string }) => s.label)).toEqual(['Cantine', 'Accueil matin', 'Mercredi']);
    expect(planning.services[0].bookingRule).toBe('la veille à 10:00 (jours ouvrés)');
    expect(planning.cells).toHaveLength(3 * 7);

    const monday = cellOf(planning, town.cantine, '2026-09-07');
    expect(monday).toMatchObject({ state: 'none', canBook: true, bookUntil: '2026-09-04T08:00:00.000Z' });
    const morning = cellOf(planning, town.matin, '2026-09-07');
    expect(morning.bookUntil).toBe('2026-09-06T14:00:00.000Z'); // Sunday 16:00: calendar days
    expect(cellOf(planning, town.cantine, '2026-09-09')).toMatchObject({ closedReason: 'Le service n’a pas lieu ce jour-là', canBook: false });
    expect(cellOf(planning, town.mercredi, '2026-09-09')).toMatchObject({ canBook: true });
    expect(planning.days.find((d: { date: string }) => d.date === '2026-09-11').closed).toEqual({ reason: 'Fermeture : journée pédagogique' });
    expect(cellOf(planning, town.cantine, '2026-09-11')).toMatchObject({ canBook: false, closedReason: 'Fermeture : journée pédagogique' });
  });

  it('locks a cell after its deadline and says since when', async () => {
    ctx.clock.set('2026-09-04T08:00:00Z'); // Friday 10:00 Paris: Monday's canteen just closed
    const family = await seedPlanningFamily(ctx, town);
    const planning = await (await grid(ctx, town, family.token, family.children[0].id, '2026-09-07', '2026-09-08')).json();
    expect(cellOf(planning, town.cantine, '2026-09-07')).toMatchObject({ canBook: false, lockedReason: 'Réservations closes depuis le vendredi 4 septembre à 10:00.' });
    expect(cellOf(planning, town.cantine, '2026-09-08')).toMatchObject({ canBook: true });
  });

  it('marks public holidays, computed', async () => {
    const family = await seedPlanningFamily(ctx, town);
    const planning = await (await grid(ctx, town, family.token, family.children[0].id, '2026-11-09', '2026-11-13')).json();
    expect(planning.days.find((d: { date: string }) => d.date === '2026-11-11').closed).toEqual({ reason: 'Jour férié : Armistice 1918' });
  });

  it('says when the child is not enrolled in a service', async () => {
    const family = await seedPlanningFamily(ctx, town, [town.cantine]);
    const planning = await (await grid(ctx, town, family.token, family.children[0].id, '2026-09-07', '2026-09-07')).json();
    expect(cellOf(planning, town.matin, '2026-09-07')).toMatchObject({ canBook: false, closedReason: 'Pas d’inscription à ce service' });
  });
});

describe('booking, cancelling, history', () => {
  it('books three days and cancels one, with the recap and the history', async () => {
    const family = await seedPlanningFamily(ctx, town);
    const lea = family.children[0];
    const days = ['2026-09-07', '2026-09-08', '2026-09-10'];
    const res = await changes(ctx, town, family.token, days.map((date) => ({ childId: lea.id, serviceId: town.cantine, date, action: 'book' })));
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer).toMatchObject({ applied: 3, refused: 0 });
    expect(answer.results.map((r: { status: string; serviceLabel: string }) => [r.status, r.serviceLabel])).toEqual([
      ['booked', 'Cantine'],
      ['booked', 'Cantine'],
      ['booked', 'Cantine'],
    ]);
    const cancel = await (await changes(ctx, town, family.token, [{ childId: lea.id, serviceId: town.cantine, date: '2026-09-08', action: 'cancel' }])).json();
    expect(cancel.results[0].status).toBe('cancelled');

    const planning = await (await grid(ctx, town, family.token, lea.id, '2026-09-07', '2026-09-10')).json();
    expect(['2026-09-07', '2026-09-08', '2026-09-10'].map((d) => cellOf(planning, town.cantine, d).state)).toEqual(['booked', 'cancelled', 'booked']);
    expect(cellOf(planning, town.cantine, '2026-09-08').canBook).toBe(true);

    const history = await (await call(ctx, 'GET', `${town.base}/planning/history?childId=${lea.id}`, { token: family.token })).json();
    expect(history).toHaveLength(4);
    expect(history[0]).toMatchObject({ date: '2026-09-08', serviceLabel: 'Cantine', action: 'annulation', channel: 'internet', by: 'Famille Martin' });
    expect(history.filter((h: { action: string }) => h.action === 'inscription')).toHaveLength(3);
  });

  it('accepts a change one second before the deadline and refuses it one second after', async () => {
    ctx.clock.set('2026-09-04T07:50:00Z');
    const family = await seedPlanningFamily(ctx, town);
    const [lea, hugo] = family.children;
    ctx.clock.set('2026-09-04T07:59:59Z'); // Friday 09:59:59 Paris
    const before = await (await changes(ctx, town, family.token, [{ childId: lea.id, serviceId: town.cantine, date: '2026-09-07', action: 'book' }])).json();
    expect(before.results[0].status).toBe('booked');
    ctx.clock.set('2026-09-04T08:00:01Z'); // 10:00:01
    const after = await (await changes(ctx, town, family.token, [{ childId: hugo.id, serviceId: town.cantine, date: '2026-09-07', action: 'book' }])).json();
    expect(after.results[0]).toMatchObject({ status: 'refused', reason: 'Réservations closes depuis le vendredi 4 septembre à 10:00.' });
    const cancelLate = await (await changes(ctx, town, family.token, [{ childId: lea.id, serviceId: town.cantine, date: '2026-09-07', action: 'cancel' }])).json();
    expect(cancelLate.results[0].status).toBe('refused');
    expect(cancelLate.results[0].reason).toMatch(/Annulations closes depuis le vendredi 4 septembre à 10:00/);
    const [row] = await database.db.select().from(bookings).where(and(eq(bookings.childId, hugo.id), eq(bookings.day, '2026-09-07')));
    expect(row).toBeUndefined();
  });

  it('turns a booking into a request when the service needs staff approval, then the staff decide', async () => {
    const family = await seedPlanningFamily(ctx, town);
    const lea = family.children[0];
    const answer = await (await changes(ctx, town, family.token, [{ childId: lea.id, serviceId: town.mercredi, date: '2026-09-09', action: 'book' }])).json();
    expect(answer.results[0]).toMatchObject({ status: 'requested' });
    const [row] = await database.db.select().from(bookings).where(and(eq(bookings.childId, lea.id), eq(bookings.serviceId, town.mercredi)));
    const staff = await seedStaff(ctx, town.tenant.id, 'agent');
    const outcome = await decideRequests(ctx.deps, town.tenant, staff.user.id, { bookingIds: [row.id], decision: 'approve' });
    expect(outcome).toEqual([{ bookingId: row.id, status: 'booked' }]);
    await ctx.flushMail();
    expect(ctx.mail.to(family.email).at(-1)!.text).toMatch(/a accepté la demande : Léa est inscrit\(e\) à « Mercredi » le mercredi 9 septembre 2026/);
    const history = await (await call(ctx, 'GET', `${town.base}/planning/history?childId=${lea.id}`, { token: family.token })).json();
    expect(history[0]).toMatchObject({ action: 'demande acceptée', channel: 'mairie', by: 'Mairie' });
  });
});

describe('capacity and waiting list', () => {
  it('waitlists when full, FIFO, and promotes the first on a cancellation with an e-mail', async () => {
    const small = await seedPlanningTown(ctx, { cantineCapacity: 1 });
    const a = await seedPlanningFamily(ctx, small);
    const b = await seedPlanningFamily(ctx, small);
    const c = await seedPlanningFamily(ctx, small);
    const book = (family: typeof a) => changes(ctx, small, family.token, [{ childId: family.children[0].id, serviceId: small.cantine, date: '2026-09-07', action: 'book' }]);
    expect((await (await book(a)).json()).results[0].status).toBe('booked');
    const second = (await (await book(b)).json()).results[0];
    expect(second).toMatchObject({ status: 'waitlisted', reason: 'Complet : inscription en liste d’attente (position 1).' });
    expect((await (await book(c)).json()).results[0].reason).toMatch(/position 2/);
    const planningC = await (await grid(ctx, small, c.token, c.children[0].id, '2026-09-07', '2026-09-07')).json();
    expect(cellOf(planningC, small.cantine, '2026-09-07')).toMatchObject({ state: 'waitlisted', waitlistPosition: 2, canCancel: true });

    await changes(ctx, small, a.token, [{ childId: a.children[0].id, serviceId: small.cantine, date: '2026-09-07', action: 'cancel' }]);
    const planningB = await (await grid(ctx, small, b.token, b.children[0].id, '2026-09-07', '2026-09-07')).json();
    expect(cellOf(planningB, small.cantine, '2026-09-07').state).toBe('booked');
    expect(cellOf((await (await grid(ctx, small, c.token, c.children[0].id, '2026-09-07', '2026-09-07')).json()), small.cantine, '2026-09-07')).toMatchObject({ state: 'waitlisted', waitlistPosition: 1 });
    await ctx.flushMail();
    const mail = ctx.mail.to(b.email).at(-1)!;
    expect(mail.subject).toBe('Ville de Test – Cantine du lundi 7 septembre 2026 : une place s’est libérée');
    expect(ctx.mail.to(c.email)).toHaveLength(0);
  });
});

describe('capacity per school', () => {
  it('caps places per school on top of the service: the capped school waitlists, another school still books', async () => {
    const capped = await seedPlanningTown(ctx, { cantineCapacity: null });
    const family = await seedPlanningFamily(ctx, capped);
    const [lea, hugo] = family.children;
    const [child] = await database.db.select({ schoolId: children.schoolId }).from(children).where(eq(children.id, lea.id));
    await database.db.insert(serviceSchoolCapacities).values({ tenantId: capped.tenant.id, serviceId: capped.cantine, schoolId: child.schoolId!, capacity: 1 });
    const otherSchool = await schoolIdFor(database.db, capped.tenant.id, 'École maternelle Les Tilleuls');
    const [emma] = await database.db
      .insert(children)
      .values({ tenantId: capped.tenant.id, familyId: family.family.id, firstName: 'Emma', lastName: 'Martin', schoolId: otherSchool })
      .returning({ id: children.id });
    await database.db.insert(enrollments).values({ tenantId: capped.tenant.id, childId: emma.id, serviceId: capped.cantine, startDate: '2026-09-01' });

    const answer = await (
      await changes(ctx, capped, family.token, [lea, hugo, emma].map((c) => ({ childId: c.id, serviceId: capped.cantine, date: '2026-09-07', action: 'book' })))
    ).json();
    const statusOf = (id: string) => answer.results.find((r: { childId: string }) => r.childId === id).status;
    expect([statusOf(lea.id), statusOf(hugo.id)].sort()).toEqual(['booked', 'waitlisted']);
    expect(statusOf(emma.id)).toBe('booked');
  });
});

describe('absences', () => {
  it('declares an absence on a booked day after the cancellation deadline, with a reason', async () => {
    const family = await seedPlanningFamily(ctx, town);
    const lea = family.children[0];
    await changes(ctx, town, family.token, [{ childId: lea.id, serviceId: town.cantine, date: '2026-09-07', action: 'book' }]);
    ctx.clock.set('2026-09-07T06:00:00Z'); // Monday 08:00: too late to cancel
    family.token = await family.signIn();
    const reasons = await (await call(ctx, 'GET', `${town.base}/planning/absence-reasons`, { token: family.token })).json();
    expect(reasons.map((r: { label: string }) => r.label)).toContain('Raison médicale');
    const medical = reasons.find((r: { label: string }) => r.label === 'Raison médicale');
    const res = await call(ctx, 'POST', `${town.base}/planning/absences`, {
      token: family.token,
      body: { childId: lea.id, serviceId: town.cantine, date: '2026-09-07', reasonId: medical.id },
      headers: { 'Idempotency-Key': unique('abs-') },
    });
    expect((await res.json()).results[0]).toMatchObject({ status: 'absent', reason: 'Raison médicale' });
    const planning = await (await grid(ctx, town, family.token, lea.id, '2026-09-07', '2026-09-07')).json();
    expect(cellOf(planning, town.cantine, '2026-09-07')).toMatchObject({ state: 'absent', absenceReason: 'Raison médicale' });

    const none = await call(ctx, 'POST', `${town.base}/planning/absences`, {
      token: family.token,
      body: { childId: lea.id, serviceId: town.matin, date: '2026-09-07', reasonId: medical.id },
      headers: { 'Idempotency-Key': unique('abs-') },
    });
    expect((await none.json()).results[0]).toMatchObject({ status: 'refused', reason: 'Il n’y a pas de réservation ce jour-là : rien à déclarer.' });
  });
});

describe('idempotency', () => {
  it('replays the same answer for the same key, with one effect', async () => {
    const family = await seedPlanningFamily(ctx, town);
    const lea = family.children[0];
    const body = [{ childId: lea.id, serviceId: town.cantine, date: '2026-09-14', action: 'book' }];
    const first = await (await changes(ctx, town, family.token, body, 'cle-rejouee-0001')).json();
    const second = await (await changes(ctx, town, family.token, body, 'cle-rejouee-0001')).json();
    expect(second).toEqual(first);
    const events = await database.db.select().from(bookingEvents).where(eq(bookingEvents.childId, lea.id));
    expect(events).toHaveLength(1);
    const other = await changes(ctx, town, family.token, [{ ...body[0], action: 'cancel' }], 'cle-rejouee-0001');
    expect(other.status).toBe(409);
    const missing = await call(ctx, 'POST', `${town.base}/planning/changes`, { token: family.token, body: { changes: body } });
    expect(missing.status).toBe(400);
    expect((await missing.json()).message).toMatch(/Idempotency-Key/);
  });
});

describe('isolation and bad input', () => {
  it('answers 404 for another family’s child and another commune’s service, and changes nothing', async () => {
    const mine = await seedPlanningFamily(ctx, town);
    const theirs = await seedPlanningFamily(ctx, town);
    const elsewhere = await seedPlanningTown(ctx);
    const foreignChild = await changes(ctx, town, mine.token, [{ childId: theirs.children[0].id, serviceId: town.cantine, date: '2026-09-07', action: 'book' }]);
    expect(foreignChild.status).toBe(404);
    expect((await grid(ctx, town, mine.token, theirs.children[0].id, '2026-09-07', '2026-09-07')).status).toBe(404);
    expect((await call(ctx, 'GET', `${town.base}/planning/history?childId=${theirs.children[0].id}`, { token: mine.token })).status).toBe(404);
    const foreignService = await changes(ctx, town, mine.token, [{ childId: mine.children[0].id, serviceId: elsewhere.cantine, date: '2026-09-07', action: 'book' }]);
    expect(foreignService.status).toBe(404);
    const count = await database.db.select({ n: sql<number>`count(*)::int` }).from(bookings).where(eq(bookings.childId, theirs.children[0].id));
    expect(count[0].n).toBe(0);
  });

  it('refuses malformed requests with French 4xx and writes nothing', async () => {
    const family = await seedPlanningFamily(ctx, town);
    const lea = family.children[0];
    const before = (await database.db.select({ n: sql<number>`count(*)::int` }).from(bookings))[0].n;
    const cases: [unknown[], number, RegExp][] = [
      [[{ childId: lea.id, serviceId: town.cantine, date: '2026-02-30', action: 'book' }], 422, /jour valide/],
      [[{ childId: lea.id, serviceId: town.cantine, date: '07/09/2026', action: 'book' }], 422, /jour valide/],
      [[{ childId: 'pas-un-id', serviceId: town.cantine, date: '2026-09-07', action: 'book' }], 422, /invalide/],
      [[{ childId: lea.id, serviceId: town.cantine, date: '2026-09-07', action: 'delete' }], 422, /book/],
      [[{ childId: lea.id, serviceId: town.cantine, date: '2026-09-07', action: 'book', price: 0 }], 422, /./],
      [Array.from({ length: 10_000 }, () => ({ childId: lea.id, serviceId: town.cantine, date: '2026-09-07', action: 'book' })), 413, /volumineuse/],
      [Array.from({ length: 401 }, () => ({ childId: lea.id, serviceId: town.cantine, date: '2026-09-07', action: 'book' })), 422, /400 modifications/],
      [[{ childId: lea.id, serviceId: town.cantine, date: '2027-08-16', action: 'book' }], 422, /aucune période/],
      [[], 422, /Aucune modification/],
    ];
    for (const [list, status, message] of cases) {
      const res = await changes(ctx, town, family.token, list);
      expect(res.status, JSON.stringify(list).slice(0, 120)).toBe(status);
      expect(JSON.stringify(await res.json())).toMatch(message);
    }
    for (const query of ['from=2026-09-07&to=2026-13-01', 'from=2026-09-07&to=2026-12-31', 'from=2026-09-10&to=2026-09-07', 'from=x&to=y']) {
      const res = await call(ctx, 'GET', `${town.base}/planning?childId=${lea.id}&${query}`, { token: family.token });
      expect(res.status, query).toBe(422);
    }
    expect((await database.db.select({ n: sql<number>`count(*)::int` }).from(bookings))[0].n).toBe(before);
  });

  it('never lets a deactivated service be booked', async () => {
    const family = await seedPlanningFamily(ctx, town);
    const [extra] = await database.db.insert(services).values({ tenantId: town.tenant.id, label: 'Étude', weekdays: [1, 2, 4, 5], active: false }).returning();
    const res = await changes(ctx, town, family.token, [{ childId: family.children[0].id, serviceId: extra.id, date: '2026-09-07', action: 'book' }]);
    expect(res.status).toBe(404);
  });
});
