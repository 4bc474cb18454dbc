import ICAL from 'ical.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { calendarFeeds, schools, services, children } from '../../server/src/db/schema/index.js';
import { foldLine, escapeText } from '../../server/src/modules/calendar/ics-writer.js';
import { call, makeContext, openTestDatabase, seedStaff, type TestContext } from './helpers.js';
import { adminCall, staffCookie } from './admin-fixtures.js';
import { changes, seedPlanningFamily, seedPlanningTown, type PlanningTown } from './planning-fixtures.js';

/**
 * A child's calendar feed (issue 14, point 2; ADR 18): the family file gives a private address per
 * child; calendar apps read the booked days from it, with no session and no Origin; revoking it
 * kills the address at once.
 */

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

type Family = Awaited<ReturnType<typeof seedPlanningFamily>>;

async function town() {
  const planning = await seedPlanningTown(ctx);
  // The canteen has opening hours; morning care takes place at the leisure centre, hours unknown.
  await database.db.update(services).set({ startTime: '11:45', endTime: '13:30' }).where(eq(services.id, planning.cantine));
  await database.db.update(services).set({ place: 'Centre de loisirs, 3 rue du Stade' }).where(eq(services.id, planning.matin));
  const family = await seedPlanningFamily(ctx, planning);
  return { planning, family };
}

const feedApi = (planning: PlanningTown, token: string) => ({
  list: () => call(ctx, 'GET', `${planning.base}/agenda`, { token }),
  open: (childId: string) => call(ctx, 'POST', `${planning.base}/agenda/children/${childId}`, { token, body: {} }),
  regenerate: (childId: string) => call(ctx, 'POST', `${planning.base}/agenda/children/${childId}/regenerate`, { token, body: {} }),
  revoke: (childId: string) => call(ctx, 'DELETE', `${planning.base}/agenda/children/${childId}`, { token, headers: { 'Content-Type': 'application/json' } }),
});

/** What a calendar app does: GET the https address, no Origin, no session. */
const fetchFeed = (url: string, headers: Record<string, string> = {}) => ctx.app.request(new URL(url).pathname, { headers });

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zone = calendar.getFirstSubcomponent('vtimezone');
  if (zone) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  return { calendar, zone, events };
}

async function openFeed(planning: PlanningTown, family: Family, childIndex = 0) {
  const res = await feedApi(planning, family.token).open(family.children[childIndex]!.id);
  expect(res.status).toBe(201);
  return (await res.json()).feed as { childId: string; url: string; webcalUrl: string; createdAt: string };
}

describe('a child’s calendar feed', () => {
  it('lists the booked days at the service’s hours in Europe/Paris, read back by ical.js', async () => {
    const { planning, family } = await town();
    const lea = family.children[0]!;
    const booked = await changes(ctx, planning, family.token, [
      { childId: lea.id, serviceId: planning.cantine, date: '2026-09-14', action: 'book' },
      { childId: lea.id, serviceId: planning.cantine, date: '2026-11-02', action: 'book' },
      { childId: lea.id, serviceId: planning.matin, date: '2026-09-15', action: 'book' },
    ]);
    expect(booked.status).toBe(200);
    const feed = await openFeed(planning, family);
    expect(feed.url).toMatch(/^http:\/\/api\.test\/v1\/agenda\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(feed.webcalUrl).toBe(feed.url.replace(/^http:/, 'webcal:'));
    // No personal data in the address: neither the child nor the family nor the commune.
    for (const secret of [lea.id, lea.firstName, family.family.id, planning.publicKey]) expect(feed.url).not.toContain(secret);

    const res = await fetchFeed(feed.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const text = await res.text();
    // CRLF everywhere, no line over 75 octets.
    expect(text.split('\r\n').every((line) => !line.includes('\n') && Buffer.byteLength(line) <= 75)).toBe(true);
    const { calendar, zone, events } = parse(text);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Portail Famille//Agenda enfant//FR');
    expect(calendar.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(zone?.getFirstPropertyValue('tzid')).toBe('Europe/Paris');
    expect(events.map((e) => e.summary)).toEqual(['Cantine – Léa', 'Accueil matin – Léa', 'Cantine – Léa']);

    const [canteen, morning, autumn] = events;
    // 11:45 in Paris is 09:45 UTC in September (CEST) and 10:45 UTC after the October change (CET).
    expect(canteen!.startDate.zone.tzid).toBe('Europe/Paris');
    expect(canteen!.startDate.toJSDate().toISOString()).toBe('2026-09-14T09:45:00.000Z');
    expect(canteen!.endDate.toJSDate().toISOString()).toBe('2026-09-14T11:30:00.000Z');
    expect(autumn!.startDate.toJSDate().toISOString()).toBe('2026-11-02T10:45:00.000Z');
    expect(canteen!.location).toBe('École Jules Ferry');
    // Morning care: no hours given, so the whole day, at its own place.
    expect(morning!.startDate.isDate).toBe(true);
    expect(morning!.startDate.toString()).toBe('2026-09-15');
    expect(morning!.location).toBe('Centre de loisirs, 3 rue du Stade');
    expect(new Set(events.map((e) => e.uid)).size).toBe(3);
    for (const event of events) expect(event.component.getFirstPropertyValue('dtstamp')).toBeTruthy();
  });

  it('is up to date at every read: a cancelled day disappears, UIDs stay stable, ETag answers 304 while nothing changed', async () => {
    const { planning, family } = await town();
    const lea = family.children[0]!;
    await changes(ctx, planning, family.token, [
      { childId: lea.id, serviceId: planning.cantine, date: '2026-09-14', action: 'book' },
      { childId: lea.id, serviceId: planning.cantine, date: '2026-09-17', action: 'book' },
    ]);
    const feed = await openFeed(planning, family);
    const first = await fetchFeed(feed.url);
    const etag = first.headers.get('etag')!;
    const before = parse(await first.text()).events;
    expect(before.map((e) => e.startDate.toString().slice(0, 10))).toEqual(['2026-09-14', '2026-09-17']);
    expect((await fetchFeed(feed.url, { 'If-None-Match': etag })).status).toBe(304);

    await changes(ctx, planning, family.token, [{ childId: lea.id, serviceId: planning.cantine, date: '2026-09-14', action: 'cancel' }]);
    const second = await fetchFeed(feed.url, { 'If-None-Match': etag });
    expect(second.status).toBe(200);
    const after = parse(await second.text()).events;
    expect(after.map((e) => e.startDate.toString().slice(0, 10))).toEqual(['2026-09-17']);
    expect(after[0]!.uid).toBe(before[1]!.uid);
  });

  it('gives the same address when asked again, and lists it in GET /agenda', async () => {
    const { planning, family } = await town();
    const feed = await openFeed(planning, family);
    const again = await feedApi(planning, family.token).open(family.children[0]!.id);
    expect(again.status).toBe(200);
    expect((await again.json()).feed.url).toBe(feed.url);
    const list = await (await feedApi(planning, family.token).list()).json();
    expect(list.feeds).toEqual([feed]);
  });

  it('stores the token hashed and sealed, never in clear', async () => {
    const { planning, family } = await town();
    const feed = await openFeed(planning, family);
    const token = /agenda\/(.+)\.ics$/.exec(feed.url)![1]!;
    const [row] = await database.db.select().from(calendarFeeds).where(eq(calendarFeeds.childId, family.children[0]!.id));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a revoked address at once (410), and a regenerated one replaces it', async () => {
    const { planning, family } = await town();
    const api = feedApi(planning, family.token);
    const lea = family.children[0]!;
    const feed = await openFeed(planning, family);
    expect((await fetchFeed(feed.url)).status).toBe(200);

    const revoked = await api.revoke(lea.id);
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).feeds).toEqual([]);
    const gone = await fetchFeed(feed.url);
    expect(gone.status).toBe(410);
    expect((await gone.json()).message).toBe('Cet agenda a été désactivé par la famille.');

    const fresh = (await (await api.open(lea.id)).json()).feed;
    expect(fresh.url).not.toBe(feed.url);
    const regenerated = await api.regenerate(lea.id);
    expect(regenerated.status).toBe(201);
    const newest = (await regenerated.json()).feed;
    expect((await fetchFeed(fresh.url)).status).toBe(410);
    expect((await fetchFeed(newest.url)).status).toBe(200);
  });

  it('for child A never shows child B', async () => {
    const { planning, family } = await town();
    const [lea, hugo] = family.children;
    await changes(ctx, planning, family.token, [
      { childId: lea!.id, serviceId: planning.cantine, date: '2026-09-14', action: 'book' },
      { childId: hugo!.id, serviceId: planning.cantine, date: '2026-09-15', action: 'book' },
      { childId: hugo!.id, serviceId: planning.matin, date: '2026-09-14', action: 'book' },
    ]);
    const leaFeed = await openFeed(planning, family, 0);
    const hugoFeed = await openFeed(planning, family, 1);
    const leaEvents = parse(await (await fetchFeed(leaFeed.url)).text()).events;
    const hugoEvents = parse(await (await fetchFeed(hugoFeed.url)).text()).events;
    expect(leaEvents.map((e) => e.summary)).toEqual(['Cantine – Léa']);
    expect(hugoEvents.map((e) => e.summary)).toEqual(['Accueil matin – Hugo', 'Cantine – Hugo']);
  });

  it('refuses another family’s child, and another commune’s session, on every family route', async () => {
    const { planning, family } = await town();
    const other = await seedPlanningFamily(ctx, planning);
    const lea = family.children[0]!;
    await openFeed(planning, family);
    const theirs = feedApi(planning, other.token);
    for (const res of [await theirs.open(lea.id), await theirs.regenerate(lea.id), await theirs.revoke(lea.id)]) {
      expect(res.status).toBe(404);
      expect((await res.json()).message).toBe('Cet enfant est introuvable.');
    }
    expect((await (await theirs.list()).json()).feeds).toEqual([]);
    // Family A's feed is still alive and unchanged.
    const [row] = await database.db.select().from(calendarFeeds).where(and(eq(calendarFeeds.childId, lea.id)));
    expect(row!.revokedAt).toBeNull();

    const elsewhere = await town();
    const foreign = feedApi(planning, elsewhere.family.token);
    expect((await foreign.open(lea.id)).status).toBe(401);
    expect((await feedApi(planning, '').list()).status).toBe(401);
  });

  it('answers 404 for any token shape without a 5xx, and grants nothing else with a feed token', async () => {
    const { planning, family } = await town();
    const feed = await openFeed(planning, family);
    const token = /agenda\/(.+)\.ics$/.exec(feed.url)![1]!;
    // The feed token is no session.
    expect((await call(ctx, 'GET', `${planning.base}/famille`, { token })).status).toBe(401);
    expect((await call(ctx, 'GET', `${planning.base}/agenda`, { token })).status).toBe(401);
    for (const path of [`${token}`, `${token}.ICS`, `${token.slice(1)}.ics`, `${'A'.repeat(43)}.ics`, '..', `${token}.ics.ics`]) {
      const res = await ctx.app.request(`/v1/agenda/${path}`);
      expect(res.status, path).toBe(404);
    }
    for (const path of ['%00.ics', '%0A.ics']) {
      expect((await ctx.app.request(`/v1/agenda/${path}`)).status, path).toBe(422);
    }
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), async (shape) => {
        const res = await ctx.app.request(`/v1/agenda/${encodeURIComponent(shape)}`);
        expect(res.status).toBeLessThan(500);
        expect(res.status).not.toBe(200);
      }),
      { seed: 20261206, numRuns: 60 },
    );
    // The request log holds the route pattern, never the token.
    expect(JSON.stringify(ctx.logs)).not.toContain(token);
  });

  it('lets staff give a service its opening hours and place, checked', async () => {
    const { planning } = await town();
    const admin = await seedStaff(ctx, planning.tenant.id, 'admin');
    const cookie = await staffCookie(ctx, admin.email, admin.password);
    const changed = await adminCall(ctx, 'PATCH', `/services/${planning.matin}`, { cookie, body: { hours: { start: '07:30', end: '08:30' }, place: 'Centre de loisirs' } });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ hours: { start: '07:30', end: '08:30' }, place: 'Centre de loisirs' });
    const wrong = await adminCall(ctx, 'PATCH', `/services/${planning.matin}`, { cookie, body: { hours: { start: '08:30', end: '07:30' } } });
    expect(wrong.status).toBe(422);
    expect(JSON.stringify(await wrong.json())).toContain('L’heure de fermeture doit suivre l’heure d’ouverture.');
    expect((await adminCall(ctx, 'PATCH', `/services/${planning.matin}`, { cookie, body: { hours: { start: '7h30', end: '08:30' } } })).status).toBe(422);
    const cleared = await adminCall(ctx, 'PATCH', `/services/${planning.matin}`, { cookie, body: { hours: null, place: null } });
    expect(await cleared.json()).toMatchObject({ hours: null, place: null });
  });
});

describe('the ICS writer', () => {
  it('folds long lines at 75 octets without cutting a UTF-8 character, and escapes text', () => {
    const line = `SUMMARY:${'é'.repeat(60)}`;
    const folded = foldLine(line);
    expect(folded.split('\r\n').every((piece) => Buffer.byteLength(piece) <= 75)).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(escapeText('Cantine; école, 1er\nétage\\')).toBe('Cantine\\; école\\, 1er\\nétage\\\\');
  });

  it('keeps a school name with commas and semicolons intact through ical.js', async () => {
    const { planning, family } = await town();
    const lea = family.children[0]!;
    const [child] = await database.db.select().from(children).where(eq(children.id, lea.id));
    await database.db.update(schools).set({ name: 'École Jules Ferry; bâtiment B, entrée rue Pasteur' }).where(eq(schools.id, child!.schoolId!));
    await changes(ctx, planning, family.token, [{ childId: lea.id, serviceId: planning.cantine, date: '2026-09-14', action: 'book' }]);
    const feed = await openFeed(planning, family);
    const [event] = parse(await (await fetchFeed(feed.url)).text()).events;
    expect(event!.location).toBe('École Jules Ferry; bâtiment B, entrée rue Pasteur');
  });
});
