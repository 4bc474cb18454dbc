import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { auditLog, bookingEvents, bookings, children, enrollments } from '../../server/src/db/schema/index.js';
import { applyChanges } from '../../server/src/modules/planning/bookings.js';
import { makeContext, openTestDatabase, type TestContext } from './helpers.js';
import { adminCall, staffCookie } from './admin-fixtures.js';
import { key, planningTown, staffBookings, staffTenant } from './admin-planning-fixtures.js';

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

type Town = Awaited<ReturnType<typeof planningTown>>;

const bookingOf = async (childId: string, serviceId: string, day: string) =>
  (await database.db.select().from(bookings).where(and(eq(bookings.childId, childId), eq(bookings.serviceId, serviceId), eq(bookings.day, day))))[0];

/** A booking made by the family itself, through the same service the parents' API calls. */
const familyBooks = (town: Town, childId: string, serviceId: string, date: string) =>
  applyChanges(ctx.deps, { id: town.tenant.id, name: 'Ville de Test' }, { kind: 'family', familyId: town.family.family.id }, [{ childId, serviceId, date, action: 'book' }], {
    tenantId: town.tenant.id,
    actor: `family:${town.family.family.id}`,
    key: key(),
    hash: key(),
  });

describe('children and enrollments', () => {
  it('finds children by first, last or family name within the commune only', async () => {
    const town = await planningTown(ctx);
    await planningTown(ctx, 'Autre Ville');
    const found = await (await adminCall(ctx, 'GET', `/children?q=${encodeURIComponent('léa')}`, { cookie: town.agent.cookie })).json();
    expect(found.map((c: { id: string }) => c.id)).toEqual([town.lea.id]);
    expect(found[0]).toMatchObject({ firstName: 'Léa', lastName: 'Martin', familyName: 'Famille Martin', school: 'École Jules Ferry', className: 'CE1' });
    expect(await (await adminCall(ctx, 'GET', '/children?q=Famille%20Mar', { cookie: town.agent.cookie })).json()).toHaveLength(2);
    expect(await (await adminCall(ctx, 'GET', '/children?q=%25%25', { cookie: town.agent.cookie })).json()).toHaveLength(0);
    expect((await adminCall(ctx, 'GET', '/children?q=L', { cookie: town.agent.cookie })).status).toBe(422);
  });

  it('lets an agent enrol a child and end the enrollment, refusing overlaps, inverted dates and days still booked after the end', async () => {
    const town = await planningTown(ctx);
    const cookie = town.agent.cookie;
    const current = await (await adminCall(ctx, 'GET', `/children/${town.lea.id}/enrollments`, { cookie })).json();
    expect(current.child).toMatchObject({ firstName: 'Léa', familyName: 'Famille Martin', diet: 'standard' });
    expect(current.enrollments.map((e: { serviceLabel: string }) => e.serviceLabel)).toEqual(['Cantine', 'Mercredi']);
    const cantine = current.enrollments[0];

    const twice = await adminCall(ctx, 'POST', `/children/${town.lea.id}/enrollments`, { cookie, body: { serviceId: town.cantine.id, startDate: '2026-10-01' } });
    expect(twice.status).toBe(422);
    expect((await twice.json()).message).toBe('L’enfant est déjà inscrit à « Cantine » sur une partie de ces dates.');

    await staffBookings(ctx, cookie, [{ childId: town.lea.id, serviceId: town.cantine.id, date: '2026-09-17', action: 'book' }]);
    const early = await adminCall(ctx, 'POST', `/enrollments/${cantine.id}/end`, { cookie, body: { endDate: '2026-09-15' } });
    expect(early.status).toBe(409);
    expect((await early.json()).message).toBe('Une réservation existe après le 15 septembre 2026 : annulez-la avant de terminer l’inscription.');
    expect((await adminCall(ctx, 'POST', `/enrollments/${cantine.id}/end`, { cookie, body: { endDate: '2026-08-01' } })).status).toBe(422);
    const ended = await adminCall(ctx, 'POST', `/enrollments/${cantine.id}/end`, { cookie, body: { endDate: '2026-09-30' } });
    expect(ended.status).toBe(200);
    expect((await ended.json()).enrollments[0]).toMatchObject({ id: cantine.id, endDate: '2026-09-30' });
    const again = await adminCall(ctx, 'POST', `/children/${town.lea.id}/enrollments`, { cookie, body: { serviceId: town.cantine.id, startDate: '2026-10-05', endDate: '2026-10-16' } });
    expect(again.status).toBe(201);
    const actions = (await database.db.select().from(auditLog).where(eq(auditLog.tenantId, town.tenant.id))).map((a) => a.action);
    expect(actions.filter((a) => a === 'inscription_ajoutee')).toHaveLength(5);
    expect(actions).toContain('inscription_terminee');
  });

  it('answers 404 for a child, a service or an enrollment of another commune and writes nothing', async () => {
    const town = await planningTown(ctx);
    const other = await planningTown(ctx, 'Autre Ville');
    const cookie = town.admin.cookie;
    expect((await adminCall(ctx, 'GET', `/children/${other.lea.id}/enrollments`, { cookie })).status).toBe(404);
    expect((await adminCall(ctx, 'GET', `/children/${other.lea.id}/planning?from=2026-09-07&to=2026-09-11`, { cookie })).status).toBe(404);
    expect((await adminCall(ctx, 'POST', `/children/${other.lea.id}/enrollments`, { cookie, body: { serviceId: town.cantine.id, startDate: '2026-09-01' } })).status).toBe(404);
    expect((await adminCall(ctx, 'POST', `/children/${town.lea.id}/enrollments`, { cookie, body: { serviceId: other.cantine.id, startDate: '2027-01-01' } })).status).toBe(404);
    const [theirs] = await database.db.select().from(enrollments).where(eq(enrollments.childId, other.lea.id));
    expect((await adminCall(ctx, 'POST', `/enrollments/${theirs.id}/end`, { cookie, body: { endDate: '2026-09-30' } })).status).toBe(404);
    expect((await database.db.select().from(enrollments).where(eq(enrollments.id, theirs.id)))[0].endDate).toBeNull();
    const booked = await staffBookings(ctx, cookie, [{ childId: other.lea.id, serviceId: other.cantine.id, date: '2026-09-10', action: 'book' }]);
    expect(booked.status).toBe(404);
    expect(await bookingOf(other.lea.id, other.cantine.id, '2026-09-10')).toBeUndefined();
  });
});

describe('bookings on behalf of a family', () => {
  it('books past the parents’ deadline on the "mairie" channel, records the staff member, and replays an Idempotency-Key', async () => {
    const town = await planningTown(ctx);
    // Wednesday 9 September, 18:00 in Paris: the parents' deadline for Thursday 10 closed at 10:00 that morning.
    ctx.clock.set('2026-09-09T16:00:00Z');
    try {
      // Two days later the page's session has expired: the agent logs in again.
      const cookie = await staffCookie(ctx, town.agent.email, town.agent.password);
      const refused = await familyBooks(town, town.lea.id, town.cantine.id, '2026-09-10');
      expect(refused.results[0]).toMatchObject({ status: 'refused' });
      expect(refused.results[0].reason).toMatch(/Réservations closes/);

      const planning = await (await adminCall(ctx, 'GET', `/children/${town.lea.id}/planning?from=2026-09-10&to=2026-09-10`, { cookie: cookie })).json();
      expect(planning.cells.find((c: { serviceId: string }) => c.serviceId === town.cantine.id)).toMatchObject({ state: 'none', canBook: true });

      const idem = key();
      const change = [{ childId: town.lea.id, serviceId: town.cantine.id, date: '2026-09-10', action: 'book' }];
      const res = await staffBookings(ctx, cookie, change, idem);
      expect(res.status).toBe(200);
      const answer = await res.json();
      expect(answer).toMatchObject({ applied: 1, refused: 0, results: [{ status: 'booked', serviceLabel: 'Cantine' }] });
      const row = await bookingOf(town.lea.id, town.cantine.id, '2026-09-10');
      expect(row).toMatchObject({ state: 'booked', channel: 'mairie' });
      const events = await database.db.select().from(bookingEvents).where(eq(bookingEvents.bookingId, row.id));
      expect(events).toEqual([expect.objectContaining({ channel: 'mairie', staffUserId: town.agent.user.id, familyId: null, toState: 'booked' })]);

      const replay = await staffBookings(ctx, cookie, change, idem);
      expect(await replay.json()).toEqual(answer);
      expect(await database.db.select().from(bookingEvents).where(eq(bookingEvents.bookingId, row.id))).toHaveLength(1);
      const reused = await staffBookings(ctx, cookie, [{ ...change[0], action: 'cancel' }], idem);
      expect(reused.status).toBe(409);

      const noKey = await adminCall(ctx, 'POST', '/bookings/changes', { cookie: cookie, body: { changes: change } });
      expect(noKey.status).toBe(400);
      const invalid = await staffBookings(ctx, cookie, [{ ...change[0], action: 'reserve' }]);
      expect(invalid.status).toBe(422);
    } finally {
      ctx.clock.set('2026-09-07T08:00:00Z');
    }
  });

  it('declares an absence on behalf of a family with one of the commune’s reasons', async () => {
    const town = await planningTown(ctx);
    await staffBookings(ctx, town.agent.cookie, [{ childId: town.hugo.id, serviceId: town.cantine.id, date: '2026-09-08', action: 'book' }]);
    const [reason] = await (await adminCall(ctx, 'GET', '/absence-reasons', { cookie: town.agent.cookie })).json();
    const res = await ctx.app.request('/admin/api/bookings/absences', {
      method: 'POST',
      headers: { Origin: 'http://api.test', Cookie: town.agent.cookie, 'Content-Type': 'application/json', 'Idempotency-Key': key() },
      body: JSON.stringify({ childId: town.hugo.id, serviceId: town.cantine.id, date: '2026-09-08', reasonId: reason.id }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).results[0]).toMatchObject({ status: 'absent', reason: reason.label });
    expect(await bookingOf(town.hugo.id, town.cantine.id, '2026-09-08')).toMatchObject({ state: 'absent', absenceReasonId: reason.id, channel: 'mairie' });
  });
});

describe('request queue', () => {
  it('lists the families’ requests and approves a batch: booked, or waiting list when full, each family told by e-mail', async () => {
    const town = await planningTown(ctx);
    await familyBooks(town, town.lea.id, town.mercredi.id, '2026-09-09');
    await familyBooks(town, town.hugo.id, town.mercredi.id, '2026-09-09');
    const queue = await (await adminCall(ctx, 'GET', '/requests', { cookie: town.agent.cookie })).json();
    expect(queue.map((r: { childFirstName: string; serviceLabel: string; date: string }) => `${r.childFirstName} ${r.serviceLabel} ${r.date}`)).toEqual([
      'Léa Mercredi 2026-09-09',
      'Hugo Mercredi 2026-09-09',
    ]);
    ctx.mail.sent.length = 0;
    const res = await adminCall(ctx, 'POST', '/requests/decide', { cookie: town.agent.cookie, body: { bookingIds: queue.map((r: { bookingId: string }) => r.bookingId), decision: 'approve' } });
    expect(res.status).toBe(200);
    const answer = await res.json();
    // Mercredi has one place: first come, first served.
    expect(answer.outcomes.map((o: { status: string }) => o.status)).toEqual(['booked', 'waitlisted']);
    expect(answer.requests).toEqual([]);
    expect((await bookingOf(town.lea.id, town.mercredi.id, '2026-09-09')).state).toBe('booked');
    expect((await bookingOf(town.hugo.id, town.mercredi.id, '2026-09-09')).state).toBe('waitlisted');

    await ctx.flushMail();
    const mails = ctx.mail.to(town.family.email);
    expect(mails).toHaveLength(2);
    expect(mails[0].subject).toBe('Ville de Test – Votre demande pour Mercredi du mercredi 9 septembre 2026');
    expect(mails[0].text).toContain('La mairie a accepté la demande : Léa est inscrit(e)');
    expect(mails[1].text).toContain('Hugo est en liste d’attente');
  });

  it('refuses a request: the family is told, and an id of another commune is a 404 that changes nothing', async () => {
    const town = await planningTown(ctx);
    const other = await planningTown(ctx, 'Autre Ville');
    await familyBooks(town, town.lea.id, town.mercredi.id, '2026-09-16');
    await familyBooks(other, other.lea.id, other.mercredi.id, '2026-09-16');
    const [mine] = await (await adminCall(ctx, 'GET', '/requests', { cookie: town.admin.cookie })).json();
    const [theirs] = await (await adminCall(ctx, 'GET', '/requests', { cookie: other.admin.cookie })).json();

    const cross = await adminCall(ctx, 'POST', '/requests/decide', { cookie: town.admin.cookie, body: { bookingIds: [mine.bookingId, theirs.bookingId], decision: 'refuse' } });
    expect(cross.status).toBe(404);
    expect((await bookingOf(town.lea.id, town.mercredi.id, '2026-09-16')).state).toBe('requested');
    expect((await bookingOf(other.lea.id, other.mercredi.id, '2026-09-16')).state).toBe('requested');
    expect((await adminCall(ctx, 'POST', '/requests/decide', { cookie: town.admin.cookie, body: { bookingIds: [], decision: 'refuse' } })).status).toBe(422);
    expect((await adminCall(ctx, 'POST', '/requests/decide', { cookie: town.admin.cookie, body: { bookingIds: [mine.bookingId], decision: 'peut-être' } })).status).toBe(422);

    ctx.mail.sent.length = 0;
    const res = await adminCall(ctx, 'POST', '/requests/decide', { cookie: town.agent.cookie, body: { bookingIds: [mine.bookingId], decision: 'refuse' } });
    expect((await res.json()).outcomes).toEqual([{ bookingId: mine.bookingId, status: 'refused' }]);
    expect((await bookingOf(town.lea.id, town.mercredi.id, '2026-09-16')).state).toBe('refused');
    await ctx.flushMail();
    const [mail] = ctx.mail.to(town.family.email);
    expect(mail.text).toContain('La mairie n’a pas pu accepter la demande de Léa pour « Mercredi » le mercredi 16 septembre 2026.');
    expect(ctx.mail.to(other.family.email)).toHaveLength(0);
  });
});

describe('headcounts', () => {
  async function bookedTown() {
    const town = await planningTown(ctx);
    await database.db.update(children).set({ diet: 'sans_viande' }).where(eq(children.id, town.hugo.id));
    const day = '2026-09-08';
    await staffBookings(ctx, town.agent.cookie, [
      { childId: town.lea.id, serviceId: town.cantine.id, date: day, action: 'book' },
      { childId: town.hugo.id, serviceId: town.cantine.id, date: day, action: 'book' },
    ]);
    const [reason] = await (await adminCall(ctx, 'GET', '/absence-reasons', { cookie: town.agent.cookie })).json();
    await ctx.app.request('/admin/api/bookings/absences', {
      method: 'POST',
      headers: { Origin: 'http://api.test', Cookie: town.agent.cookie, 'Content-Type': 'application/json', 'Idempotency-Key': key() },
      body: JSON.stringify({ childId: town.hugo.id, serviceId: town.cantine.id, date: day, reasonId: reason.id }),
    });
    // A cancelled day counts nowhere.
    await staffBookings(ctx, town.agent.cookie, [{ childId: town.lea.id, serviceId: town.cantine.id, date: '2026-09-10', action: 'book' }]);
    await staffBookings(ctx, town.agent.cookie, [{ childId: town.lea.id, serviceId: town.cantine.id, date: '2026-09-10', action: 'cancel' }]);
    return town;
  }

  it('counts booked and absent children per service, school and diet (standard meals first), for tomorrow by default', async () => {
    const town = await bookedTown();
    const res = await adminCall(ctx, 'GET', '/headcounts', { cookie: town.agent.cookie });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.day).toBe('2026-09-08');
    expect(report.rows).toEqual([
      expect.objectContaining({ serviceLabel: 'Cantine', school: 'École Jules Ferry', diet: 'standard', dietLabel: 'Standard', booked: 1, absent: 0, waitlisted: 0, requested: 0 }),
      expect.objectContaining({ serviceLabel: 'Cantine', school: 'École Jules Ferry', diet: 'sans_viande', dietLabel: 'Sans viande', booked: 0, absent: 1, waitlisted: 0, requested: 0 }),
    ]);
    expect(report.totals).toEqual({ booked: 1, absent: 1, waitlisted: 0, requested: 0, held: 0 });
    expect(report.services).toEqual([{ serviceId: town.cantine.id, serviceLabel: 'Cantine', booked: 1, absent: 1, waitlisted: 0, requested: 0, held: 0 }]);
    expect(report.children).toEqual([
      expect.objectContaining({ serviceId: town.cantine.id, firstName: 'Hugo', diet: 'sans_viande', dietLabel: 'Sans viande', pai: false, absent: true }),
      expect.objectContaining({ serviceId: town.cantine.id, firstName: 'Léa', dietLabel: 'Standard', pai: false, absent: false }),
    ]);
    expect((await (await adminCall(ctx, 'GET', '/headcounts?day=2026-09-10', { cookie: town.agent.cookie })).json()).rows).toEqual([]);
    expect((await adminCall(ctx, 'GET', '/headcounts?day=demain', { cookie: town.agent.cookie })).status).toBe(422);
    const other = await staffTenant(ctx, 'Autre Ville');
    expect((await (await adminCall(ctx, 'GET', '/headcounts?day=2026-09-08', { cookie: other.agent.cookie })).json()).rows).toEqual([]);
  });

  it('opens on the next day children are expected, lists their names with the PAI flag, and records the read', async () => {
    ctx.clock.set('2026-09-11T15:00:00Z'); // Friday afternoon: the next school day is Monday
    const town = await planningTown(ctx);
    await staffBookings(ctx, town.agent.cookie, [
      { childId: town.lea.id, serviceId: town.cantine.id, date: '2026-09-14', action: 'book' },
      { childId: town.hugo.id, serviceId: town.cantine.id, date: '2026-09-14', action: 'book' },
    ]);
    const sealed = ctx.deps.encryption.encrypt(JSON.stringify({ allergies: ['arachide'], pai: { active: true, details: 'trousse d’urgence' } }));
    await database.db.update(children).set({ healthSealed: sealed }).where(eq(children.id, town.lea.id));
    try {
      const report = await (await adminCall(ctx, 'GET', '/headcounts', { cookie: town.agent.cookie })).json();
      expect(report.day).toBe('2026-09-14');
      const lea = report.children.find((c: { childId: string }) => c.childId === town.lea.id);
      expect(lea).toMatchObject({ firstName: 'Léa', pai: true, allergies: true, absent: false });
      expect(JSON.stringify(report)).not.toContain('arachide');
      expect(report.children.find((c: { childId: string }) => c.childId === town.hugo.id)).toMatchObject({ pai: false, allergies: false });
      const audits = await database.db.select().from(auditLog).where(and(eq(auditLog.tenantId, town.tenant.id), eq(auditLog.action, 'effectifs_nominatifs')));
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ target: '2026-09-14', details: { children: 2 } });
    } finally {
      ctx.clock.set('2026-09-07T08:00:00Z');
    }
  });

  it('exports the headcounts as a CSV for French Excel: BOM, semicolons, French header, attachment name', async () => {
    const town = await bookedTown();
    const res = await adminCall(ctx, 'GET', '/headcounts.csv?day=2026-09-08', { cookie: town.agent.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="effectifs-2026-09-08.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).split('\r\n');
    expect(lines.slice(0, 5)).toEqual([
      '\uFEFFService;École;Régime;Inscrits;Absents;Liste d’attente;Demandes;Au panier',
      'Cantine;École Jules Ferry;Standard;1;0;0;0;0',
      'Cantine;École Jules Ferry;Sans viande;0;1;0;0;0',
      'Total;;;1;1;0;0;0',
      '',
    ]);
  });

  it('keeps a service label that looks like a formula from running in Excel', async () => {
    const town = await planningTown(ctx);
    await adminCall(ctx, 'PATCH', `/services/${town.cantine.id}`, { cookie: town.admin.cookie, body: { label: '=HYPERLINK("x";"Cantine")' } });
    await staffBookings(ctx, town.agent.cookie, [{ childId: town.lea.id, serviceId: town.cantine.id, date: '2026-09-08', action: 'book' }]);
    const text = await (await adminCall(ctx, 'GET', '/headcounts.csv', { cookie: town.agent.cookie })).text();
    expect(text.split('\r\n')[1]).toBe('"\'=HYPERLINK(""x"";""Cantine"")";École Jules Ferry;Standard;1;0;0;0;0');
  });
});
