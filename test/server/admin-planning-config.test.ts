import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { absenceReasons, auditLog, capacityUsage, periods, services } from '../../server/src/db/schema/index.js';
import { makeContext, openTestDatabase, type TestContext } from './helpers.js';
import { adminCall } from './admin-fixtures.js';
import { CANTINE, planningTown, staffBookings, staffTenant } from './admin-planning-fixtures.js';

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

const auditOf = (tenantId: string) => database.db.select().from(auditLog).where(eq(auditLog.tenantId, tenantId)).orderBy(auditLog.at, auditLog.id);
const servicesOf = (tenantId: string) => database.db.select().from(services).where(eq(services.tenantId, tenantId));
const periodsOf = (tenantId: string) => database.db.select().from(periods).where(eq(periods.tenantId, tenantId)).orderBy(periods.startDate);

describe('services', () => {
  it('creates a service with its deadlines described in French, school capacities and a price in cents, and audits it', async () => {
    const town = await staffTenant(ctx);
    const schools = await (await adminCall(ctx, 'GET', '/schools', { cookie: town.admin.cookie })).json();
    expect(schools).toEqual([]);
    await planningTown(ctx); // another commune with its own school must not leak in
    const res = await adminCall(ctx, 'POST', '/services', { cookie: town.admin.cookie, body: { ...CANTINE, weekdays: [5, 1, 2, 4, 1] } });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({
      label: 'Cantine',
      groupLabel: 'Périscolaire',
      weekdays: [1, 2, 4, 5],
      capacity: 30,
      priceCents: 415,
      active: true,
      needsApproval: false,
      bookingRule: 'la veille à 10:00 (jours ouvrés)',
      cancellationRule: 'la veille à 10:00 (jours ouvrés)',
    });
    const list = await (await adminCall(ctx, 'GET', '/services', { cookie: town.agent.cookie })).json();
    expect(list.map((s: { id: string }) => s.id)).toEqual([created.id]);
    const last = (await auditOf(town.tenant.id)).at(-1)!;
    expect(last).toMatchObject({ action: 'service_cree', target: created.id, staffUserId: town.admin.user.id });
  });

  it('refuses an invalid deadline, a fractional or negative price, or an unknown field with French messages, and creates nothing', async () => {
    const town = await staffTenant(ctx);
    const before = (await auditOf(town.tenant.id)).length;
    const cases: [unknown, string, RegExp][] = [
      [{ ...CANTINE, bookingDeadline: { kind: 'days_before', days: 1, time: '25:00', skip: { weekends: true, holidays: true, weekdays: [] } } }, 'bookingDeadline', /Règle de délai invalide \(time\) : heure invalide/],
      [{ ...CANTINE, cancellationDeadline: { kind: 'la_veille' } }, 'cancellationDeadline', /type de délai inconnu/],
      [{ ...CANTINE, priceCents: 4.15 }, 'priceCents', /nombre entier/],
      [{ ...CANTINE, priceCents: -1 }, 'priceCents', /négatif/],
      [{ ...CANTINE, capacity: -3 }, 'capacity', /négatif/],
      [{ ...CANTINE, weekdays: [] }, 'weekdays', /au moins un jour/],
      [{ ...CANTINE, weekdays: [0, 8] }, 'weekdays.0', /./],
      [{ ...CANTINE, label: '  ' }, 'label', /Le libellé est obligatoire/],
    ];
    for (const [body, field, message] of cases) {
      const res = await adminCall(ctx, 'POST', '/services', { cookie: town.admin.cookie, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      const answer = await res.json();
      expect(answer.fields[field], field).toMatch(message);
    }
    expect(await servicesOf(town.tenant.id)).toHaveLength(0);
    expect(await auditOf(town.tenant.id)).toHaveLength(before);
  });

  it('lets only an admin create, change or deactivate a service (an agent gets 403 and nothing changes)', async () => {
    const town = await staffTenant(ctx);
    const created = await (await adminCall(ctx, 'POST', '/services', { cookie: town.admin.cookie, body: CANTINE })).json();
    for (const [method, path, body] of [
      ['POST', '/services', CANTINE],
      ['PATCH', `/services/${created.id}`, { priceCents: 1 }],
      ['DELETE', `/services/${created.id}`, undefined],
    ] as const) {
      const res = await adminCall(ctx, method, path, { cookie: town.agent.cookie, body });
      expect(res.status).toBe(403);
      expect((await res.json()).code).toBe('droits_insuffisants');
    }
    const rows = await servicesOf(town.tenant.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ priceCents: 415, active: true });
  });

  it('updates only what changed, deactivates without deleting, and answers 404 for another commune’s service', async () => {
    const town = await staffTenant(ctx);
    const other = await staffTenant(ctx, 'Autre Ville');
    const created = await (await adminCall(ctx, 'POST', '/services', { cookie: town.admin.cookie, body: CANTINE })).json();
    const theirs = await (await adminCall(ctx, 'POST', '/services', { cookie: other.admin.cookie, body: CANTINE })).json();

    const changed = await adminCall(ctx, 'PATCH', `/services/${created.id}`, {
      cookie: town.admin.cookie,
      body: { priceCents: 420, label: 'Cantine', bookingDeadline: { kind: 'weekday_before', weekday: 4, time: '12:00' } },
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ priceCents: 420, bookingRule: 'le jeudi précédent à 12:00' });
    expect((await auditOf(town.tenant.id)).at(-1)!.details).toEqual({ libelle: 'Cantine', champs: ['bookingDeadline', 'priceCents'] });

    for (const [method, path, body] of [
      ['PATCH', `/services/${theirs.id}`, { priceCents: 1 }],
      ['DELETE', `/services/${theirs.id}`, undefined],
      ['PATCH', '/services/pas-un-uuid', { priceCents: 1 }],
    ] as const) {
      expect((await adminCall(ctx, method, path, { cookie: town.admin.cookie, body })).status).toBe(404);
    }
    expect((await servicesOf(other.tenant.id))[0]).toMatchObject({ priceCents: 415, active: true });

    const off = await (await adminCall(ctx, 'DELETE', `/services/${created.id}`, { cookie: town.admin.cookie })).json();
    expect(off.active).toBe(false);
    expect(await servicesOf(town.tenant.id)).toHaveLength(1);
  });

  it('refuses a school of another commune in the per-school capacities (404)', async () => {
    const town = await staffTenant(ctx);
    const elsewhere = await planningTown(ctx, 'Ville voisine');
    const [school] = await (await adminCall(ctx, 'GET', '/schools', { cookie: elsewhere.admin.cookie })).json();
    const res = await adminCall(ctx, 'POST', '/services', { cookie: town.admin.cookie, body: { ...CANTINE, schoolCapacities: [{ schoolId: school.id, capacity: 5 }] } });
    expect(res.status).toBe(404);
    expect(await servicesOf(town.tenant.id)).toHaveLength(0);
  });

  it('counts the children already booked when a school capacity is added later, so the cap holds at once', async () => {
    const town = await planningTown(ctx);
    const [school] = await (await adminCall(ctx, 'GET', '/schools', { cookie: town.admin.cookie })).json();
    expect(school.name).toBe('École Jules Ferry');
    const day = '2026-09-10';
    const book = await staffBookings(ctx, town.agent.cookie, [{ childId: town.lea.id, serviceId: town.cantine.id, date: day, action: 'book' }]);
    expect((await book.json()).results[0].status).toBe('booked');

    const capped = await adminCall(ctx, 'PATCH', `/services/${town.cantine.id}`, { cookie: town.admin.cookie, body: { schoolCapacities: [{ schoolId: school.id, capacity: 1 }] } });
    expect((await capped.json()).schoolCapacities).toEqual([{ schoolId: school.id, schoolName: 'École Jules Ferry', capacity: 1 }]);
    const usage = await database.db.select().from(capacityUsage).where(and(eq(capacityUsage.serviceId, town.cantine.id), eq(capacityUsage.day, day)));
    expect(usage.map((u) => [u.scope, u.used]).sort()).toEqual([[school.id, 1], ['all', 1]].sort());

    const second = await staffBookings(ctx, town.agent.cookie, [{ childId: town.hugo.id, serviceId: town.cantine.id, date: day, action: 'book' }]);
    expect((await second.json()).results[0].status).toBe('waitlisted');
  });
});

describe('school calendar', () => {
  it('creates periods, refuses an overlap of the same kind or inverted dates with a French 422 and changes nothing', async () => {
    const town = await staffTenant(ctx);
    const cookie = town.admin.cookie;
    const first = await adminCall(ctx, 'POST', '/calendar/periods', { cookie, body: { label: 'Période 1', kind: 'school', startDate: '2026-09-01', endDate: '2026-10-16' } });
    expect(first.status).toBe(201);
    const holidays = await adminCall(ctx, 'POST', '/calendar/periods', { cookie, body: { label: 'Toussaint', kind: 'holidays', startDate: '2026-10-17', endDate: '2026-11-01' } });
    expect(holidays.status).toBe(201);
    const before = await auditOf(town.tenant.id);

    const overlap = await adminCall(ctx, 'POST', '/calendar/periods', { cookie, body: { label: 'Période 2', kind: 'school', startDate: '2026-10-16', endDate: '2026-12-18' } });
    expect(overlap.status).toBe(422);
    const body = await overlap.json();
    expect(body.code).toBe('periodes_chevauchantes');
    expect(body.message).toBe('Cette période scolaire chevauche « Période 1 » (du 1er septembre 2026 au 16 octobre 2026).');

    const inverted = await adminCall(ctx, 'POST', '/calendar/periods', { cookie, body: { label: 'À l’envers', kind: 'holidays', startDate: '2026-12-31', endDate: '2026-12-19' } });
    expect(inverted.status).toBe(422);
    expect((await inverted.json()).fields.endDate).toBe('La date de fin doit suivre la date de début.');
    const badDay = await adminCall(ctx, 'POST', '/calendar/periods', { cookie, body: { label: 'X', kind: 'school', startDate: '2026-02-30', endDate: '2026-03-01' } });
    expect((await badDay.json()).fields.startDate).toMatch(/jour valide/);

    expect(await periodsOf(town.tenant.id)).toHaveLength(2);
    expect(await auditOf(town.tenant.id)).toHaveLength(before.length);

    const [p1] = await periodsOf(town.tenant.id);
    const moved = await adminCall(ctx, 'PATCH', `/calendar/periods/${p1.id}`, { cookie, body: { endDate: '2026-10-15' } });
    expect(moved.status).toBe(200);
    expect((await moved.json())[0]).toMatchObject({ id: p1.id, endDate: '2026-10-15' });
    const clash = await adminCall(ctx, 'PATCH', `/calendar/periods/${p1.id}`, { cookie, body: { kind: 'holidays', endDate: '2026-10-20' } });
    expect(clash.status).toBe(422);
    expect((await adminCall(ctx, 'DELETE', `/calendar/periods/${p1.id}`, { cookie })).status).toBe(200);
    expect(await periodsOf(town.tenant.id)).toHaveLength(1);
    expect((await auditOf(town.tenant.id)).slice(-2).map((a) => a.action)).toEqual(['periode_modifiee', 'periode_supprimee']);
  });

  it('keeps each commune’s periods to itself, and the calendar to admins', async () => {
    const town = await staffTenant(ctx);
    const other = await staffTenant(ctx, 'Autre Ville');
    const [theirs] = await (
      await adminCall(ctx, 'POST', '/calendar/periods', { cookie: other.admin.cookie, body: { label: 'Période', kind: 'school', startDate: '2026-09-01', endDate: '2026-10-16' } })
    ).json();
    expect((await adminCall(ctx, 'DELETE', `/calendar/periods/${theirs.id}`, { cookie: town.admin.cookie })).status).toBe(404);
    expect((await adminCall(ctx, 'PATCH', `/calendar/periods/${theirs.id}`, { cookie: town.admin.cookie, body: { label: 'Piraté' } })).status).toBe(404);
    // The same dates are free in another commune.
    expect((await adminCall(ctx, 'POST', '/calendar/periods', { cookie: town.admin.cookie, body: { label: 'Période', kind: 'school', startDate: '2026-09-01', endDate: '2026-10-16' } })).status).toBe(201);
    expect((await adminCall(ctx, 'POST', '/calendar/periods', { cookie: town.agent.cookie, body: { label: 'P', kind: 'holidays', startDate: '2026-12-19', endDate: '2027-01-03' } })).status).toBe(403);
    expect(await (await adminCall(ctx, 'GET', '/calendar/periods', { cookie: town.agent.cookie })).json()).toHaveLength(1);
    expect((await periodsOf(other.tenant.id))[0].label).toBe('Période');
  });

  it('adds closures for every service or one service, shown to parents with their reason', async () => {
    const town = await planningTown(ctx);
    const other = await staffTenant(ctx, 'Autre Ville');
    const theirs = await (await adminCall(ctx, 'POST', '/services', { cookie: other.admin.cookie, body: CANTINE })).json();
    const cookie = town.admin.cookie;
    const all = await adminCall(ctx, 'POST', '/calendar/closures', { cookie, body: { startDate: '2026-09-10', endDate: '2026-09-10', reason: 'Grève' } });
    expect(all.status).toBe(201);
    const one = await adminCall(ctx, 'POST', '/calendar/closures', { cookie, body: { serviceId: town.cantine.id, startDate: '2026-09-14', endDate: '2026-09-15', reason: 'Travaux de la cuisine' } });
    const list = await one.json();
    expect(list.map((c: { serviceLabel: string | null; reason: string }) => [c.serviceLabel, c.reason])).toEqual([
      [null, 'Grève'],
      ['Cantine', 'Travaux de la cuisine'],
    ]);
    expect((await adminCall(ctx, 'POST', '/calendar/closures', { cookie, body: { serviceId: theirs.id, startDate: '2026-09-14', endDate: '2026-09-14', reason: 'X' } })).status).toBe(404);
    expect((await adminCall(ctx, 'POST', '/calendar/closures', { cookie, body: { startDate: '2026-09-14', endDate: '2026-09-13', reason: 'X' } })).status).toBe(422);
    expect((await adminCall(ctx, 'POST', '/calendar/closures', { cookie, body: { startDate: '2026-09-14', endDate: '2026-09-14', reason: '' } })).status).toBe(422);
    expect((await adminCall(ctx, 'POST', '/calendar/closures', { cookie: town.agent.cookie, body: { startDate: '2026-09-14', endDate: '2026-09-14', reason: 'X' } })).status).toBe(403);

    const planning = await (await adminCall(ctx, 'GET', `/children/${town.lea.id}/planning?from=2026-09-10&to=2026-09-15`, { cookie: town.agent.cookie })).json();
    const cell = (date: string) => planning.cells.find((c: { serviceId: string; date: string }) => c.serviceId === town.cantine.id && c.date === date);
    expect(cell('2026-09-10').closedReason).toBe('Fermeture : Grève');
    expect(cell('2026-09-14').closedReason).toBe('Fermeture : Travaux de la cuisine');
    expect(cell('2026-09-11').open).toBe(true);

    const [strike] = list;
    const changed = await (await adminCall(ctx, 'PATCH', `/calendar/closures/${strike.id}`, { cookie, body: { reason: 'Grève nationale' } })).json();
    expect(changed[0].reason).toBe('Grève nationale');
    const remaining = await (await adminCall(ctx, 'DELETE', `/calendar/closures/${strike.id}`, { cookie })).json();
    expect(remaining).toHaveLength(1);
    expect((await auditOf(town.tenant.id)).slice(-4).map((a) => a.action)).toEqual(['fermeture_ajoutee', 'fermeture_ajoutee', 'fermeture_modifiee', 'fermeture_supprimee']);
  });

  it('lists the public holidays of a school year, with Good Friday and 26 December once Alsace-Moselle is on', async () => {
    const town = await staffTenant(ctx);
    const before = await (await adminCall(ctx, 'GET', '/calendar/holidays?schoolYear=2026', { cookie: town.agent.cookie })).json();
    expect(before).toMatchObject({ schoolYear: '2026-2027', from: '2026-09-01', to: '2027-08-31', alsaceMoselle: false });
    expect(before.holidays[0]).toEqual({ date: '2026-11-01', name: 'Toussaint' });
    expect(before.holidays).toHaveLength(11);
    // Default: the school year of "now" (7 September 2026).
    expect((await (await adminCall(ctx, 'GET', '/calendar/holidays', { cookie: town.agent.cookie })).json()).schoolYear).toBe('2026-2027');

    expect((await adminCall(ctx, 'PATCH', '/calendar/options', { cookie: town.agent.cookie, body: { alsaceMoselle: true } })).status).toBe(403);
    const set = await adminCall(ctx, 'PATCH', '/calendar/options', { cookie: town.admin.cookie, body: { alsaceMoselle: true } });
    expect(await set.json()).toEqual({ alsaceMoselle: true });
    const after = await (await adminCall(ctx, 'GET', '/calendar/holidays?schoolYear=2026', { cookie: town.agent.cookie })).json();
    expect(after.holidays).toHaveLength(13);
    expect(after.holidays).toContainEqual({ date: '2026-12-26', name: 'Saint-Étienne' });
    expect(after.holidays).toContainEqual({ date: '2027-03-26', name: 'Vendredi saint' });
    expect((await auditOf(town.tenant.id)).at(-1)).toMatchObject({ action: 'alsace_moselle_modifie', details: { alsaceMoselle: true } });
    expect((await adminCall(ctx, 'GET', '/calendar/holidays?schoolYear=26', { cookie: town.agent.cookie })).status).toBe(422);
  });
});

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Ministère de l’Éducation nationale//Calendrier scolaire//FR',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20260901',
  'DTEND;VALUE=DATE:20260902',
  'SUMMARY:Rentrée scolaire des élèves - Zones A/B/C',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20261017',
  'DTEND;VALUE=DATE:20261102',
  'SUMMARY:Vacances de la Toussaint - Zones A/B/C',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20261219',
  'DTEND;VALUE=DATE:20270104',
  'SUMMARY:Vacances de Noël - Zones A/B/C',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20270206',
  'DTEND;VALUE=DATE:20270222',
  'SUMMARY:Vacances d’Hiver - Zone A',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20270213',
  'DTEND;VALUE=DATE:20270301',
  'SUMMARY:Vacances d’Hiver - Zone B',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20270403',
  'DTEND;VALUE=DATE:20270419',
  'SUMMARY:Vacances de Printemps - Zone A',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20270703',
  'DTEND;VALUE=DATE:20270703',
  'SUMMARY:Début des Vacances d’Été - Zones A/B/C',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

describe('official school calendar import (.ics)', () => {
  it('previews the periods of a zone without writing anything', async () => {
    const town = await staffTenant(ctx);
    const res = await adminCall(ctx, 'POST', '/calendar/import/preview', { cookie: town.admin.cookie, body: { ics: ICS, zone: 'A' } });
    expect(res.status).toBe(200);
    const preview = await res.json();
    expect(preview).toMatchObject({ zone: 'A', from: '2026-09-01', to: '2027-08-31', replaced: [] });
    expect(preview.periods.map((p: { kind: string; startDate: string; endDate: string }) => `${p.kind} ${p.startDate} ${p.endDate}`)).toEqual([
      'school 2026-09-01 2026-10-16',
      'holidays 2026-10-17 2026-11-01',
      'school 2026-11-02 2026-12-18',
      'holidays 2026-12-19 2027-01-03',
      'school 2027-01-04 2027-02-05',
      'holidays 2027-02-06 2027-02-21',
      'school 2027-02-22 2027-04-02',
      'holidays 2027-04-03 2027-04-18',
      'school 2027-04-19 2027-07-02',
      'holidays 2027-07-03 2027-08-31',
    ]);
    expect(preview.periods[1].label).toBe('Vacances de la Toussaint');
    expect(await periodsOf(town.tenant.id)).toHaveLength(0);
  });

  it('applies the import: replaces the periods of the covered range, keeps the others, and audits it', async () => {
    const town = await staffTenant(ctx);
    const cookie = town.admin.cookie;
    await adminCall(ctx, 'POST', '/calendar/periods', { cookie, body: { label: 'Ancienne année', kind: 'school', startDate: '2025-09-01', endDate: '2026-07-03' } });
    await adminCall(ctx, 'POST', '/calendar/periods', { cookie, body: { label: 'Saisie à la main', kind: 'school', startDate: '2026-09-01', endDate: '2026-10-20' } });
    const preview = await (await adminCall(ctx, 'POST', '/calendar/import/preview', { cookie, body: { ics: ICS, zone: 'Zone B' } })).json();
    expect(preview.replaced.map((p: { label: string }) => p.label)).toEqual(['Saisie à la main']);
    expect(preview.periods.find((p: { label: string }) => p.label.startsWith('Vacances d’Hiver') || p.label.startsWith("Vacances d'Hiver")).startDate).toBe('2027-02-13');

    const res = await adminCall(ctx, 'POST', '/calendar/import', { cookie, body: { ics: ICS, zone: 'Zone B' } });
    expect(res.status).toBe(200);
    const applied = await res.json();
    // Zone B: no spring holidays in this file, so four school periods and four holidays.
    expect(applied).toMatchObject({ imported: 8, replaced: 1, from: '2026-09-01', to: '2027-08-31' });
    const rows = await periodsOf(town.tenant.id);
    expect(rows.map((r) => r.label)).toContain('Ancienne année');
    expect(rows.map((r) => r.label)).not.toContain('Saisie à la main');
    expect(rows).toHaveLength(9);
    expect((await auditOf(town.tenant.id)).at(-1)).toMatchObject({
      action: 'calendrier_importe',
      details: { zone: 'Zone B', du: '2026-09-01', au: '2027-08-31', periodes: 8, remplacees: 1 },
    });
  });

  it('refuses a file that is not a calendar, an unknown zone, a file over 1 Mo, and an agent, changing nothing', async () => {
    const town = await staffTenant(ctx);
    const cookie = town.admin.cookie;
    await adminCall(ctx, 'POST', '/calendar/periods', { cookie, body: { label: 'À garder', kind: 'school', startDate: '2026-09-01', endDate: '2026-10-16' } });
    const before = await auditOf(town.tenant.id);

    const notIcs = await adminCall(ctx, 'POST', '/calendar/import', { cookie, body: { ics: 'Date;Vacances\n2026-10-17;Toussaint', zone: 'A' } });
    expect(notIcs.status).toBe(422);
    expect((await notIcs.json()).fields.ics).toMatch(/BEGIN:VCALENDAR/);
    const zone = await adminCall(ctx, 'POST', '/calendar/import', { cookie, body: { ics: ICS, zone: 'Zone Z' } });
    expect(zone.status).toBe(422);
    expect((await zone.json()).fields.zone).toMatch(/Zone inconnue/);
    const huge = ICS.replace('END:VCALENDAR', `X-PADDING:${'x'.repeat(1024 * 1024)}\r\nEND:VCALENDAR`);
    const tooLarge = await adminCall(ctx, 'POST', '/calendar/import', { cookie, body: { ics: huge, zone: 'A' } });
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).message).toBe('Le fichier du calendrier ne doit pas dépasser 1 Mo.');
    expect((await adminCall(ctx, 'POST', '/calendar/import', { cookie: town.agent.cookie, body: { ics: ICS, zone: 'A' } })).status).toBe(403);
    expect((await adminCall(ctx, 'POST', '/calendar/import/preview', { cookie: town.agent.cookie, body: { ics: ICS, zone: 'A' } })).status).toBe(403);

    expect((await periodsOf(town.tenant.id)).map((p) => p.label)).toEqual(['À garder']);
    expect(await auditOf(town.tenant.id)).toHaveLength(before.length);
  });
});

describe('absence reasons', () => {
  it('adds, renames, toggles billing and deactivates a reason (admins only), and audits each change', async () => {
    const town = await staffTenant(ctx);
    const other = await staffTenant(ctx, 'Autre Ville');
    const cookie = town.admin.cookie;
    const defaults = await (await adminCall(ctx, 'GET', '/absence-reasons', { cookie: town.agent.cookie })).json();
    const added = await adminCall(ctx, 'POST', '/absence-reasons', { cookie, body: { label: 'Sortie scolaire', billed: false } });
    expect(added.status).toBe(201);
    const list = await added.json();
    expect(list).toHaveLength(defaults.length + 1);
    const reason = list.at(-1);
    expect(reason).toMatchObject({ label: 'Sortie scolaire', billed: false, active: true });

    const renamed = await (await adminCall(ctx, 'PATCH', `/absence-reasons/${reason.id}`, { cookie, body: { label: 'Sortie de classe', billed: true } })).json();
    expect(renamed.find((r: { id: string }) => r.id === reason.id)).toMatchObject({ label: 'Sortie de classe', billed: true });
    const off = await (await adminCall(ctx, 'DELETE', `/absence-reasons/${reason.id}`, { cookie })).json();
    expect(off.find((r: { id: string }) => r.id === reason.id).active).toBe(false);
    expect((await auditOf(town.tenant.id)).slice(-3).map((a) => a.action)).toEqual(['motif_ajoute', 'motif_modifie', 'motif_desactive']);

    expect((await adminCall(ctx, 'POST', '/absence-reasons', { cookie: town.agent.cookie, body: { label: 'X', billed: false } })).status).toBe(403);
    expect((await adminCall(ctx, 'POST', '/absence-reasons', { cookie, body: { label: '', billed: 'oui' } })).status).toBe(422);
    const [theirs] = await (await adminCall(ctx, 'GET', '/absence-reasons', { cookie: other.admin.cookie })).json();
    expect((await adminCall(ctx, 'PATCH', `/absence-reasons/${theirs.id}`, { cookie, body: { label: 'Piraté' } })).status).toBe(404);
    const [still] = await database.db.select().from(absenceReasons).where(eq(absenceReasons.id, theirs.id));
    expect(still.label).toBe(theirs.label);
  });
});
