import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { absenceReasons, bookingEvents, bookings, children, documents, services } from '../../server/src/db/schema/index.js';
import type { Database } from '../../server/src/db/client.js';
import { call, makeContext, openTestDatabase, type TestContext } from './helpers.js';
import { fileApi, health, identity, PASSWORD, png, seedSignedFamily, seedTown, VALID_IBAN, type SignedFamily, type Town } from './family-fixtures.js';

let database: Database;
let ctx: TestContext;
let town: Town;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
  town = await seedTown(ctx, { bank: 'direct', child_health: 'direct' });
});
afterAll(() => database.close());

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function jpeg(width: number, height: number): Buffer {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return Buffer.from([0xff, 0xd8, ...app0, ...sof, 0xff, 0xd9]);
}

describe('child photo', () => {
  it('accepts a PNG and serves it back with its own type, inline, never sniffed nor cached', async () => {
    const family = await seedSignedFamily(ctx, town);
    const api = fileApi(ctx, town, family.token);
    const image = png(400, 300);
    const res = await api.put(`/children/${family.lea.id}/photo`, { data: base64(image) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ hasPhoto: true, mime: 'image/png', width: 400, height: 300 });

    const served = await api.get(`/children/${family.lea.id}/photo`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-disposition')).toBe('inline');
    expect(served.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await served.arrayBuffer()).equals(image)).toBe(true);

    const file = await (await api.get()).json();
    expect(file.children.map((c: { hasPhoto: boolean }) => c.hasPhoto)).toEqual([true, false]);
    expect((await api.get(`/children/${family.hugo.id}/photo`)).status).toBe(404);
  });

  it('accepts a JPEG sent as a data URL', async () => {
    const family = await seedSignedFamily(ctx, town);
    const api = fileApi(ctx, town, family.token);
    const res = await api.put(`/children/${family.hugo.id}/photo`, { data: `data:image/jpeg;base64,${base64(jpeg(800, 600))}` });
    expect(res.status).toBe(200);
    expect((await api.get(`/children/${family.hugo.id}/photo`)).headers.get('content-type')).toBe('image/jpeg');
  });

  it('refuses SVG, a renamed executable, an image larger than 2000 pixels and another family’s child', async () => {
    const family = await seedSignedFamily(ctx, town);
    const other = await seedSignedFamily(ctx, town);
    const api = fileApi(ctx, town, family.token);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    const svgRes = await api.put(`/children/${family.lea.id}/photo`, { data: base64(svg) });
    expect(svgRes.status).toBe(422);
    expect((await svgRes.json()).message).toContain('SVG');
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
    expect((await api.put(`/children/${family.lea.id}/photo`, { data: `data:image/png;base64,${base64(exe)}` })).status).toBe(422);
    const wide = await api.put(`/children/${family.lea.id}/photo`, { data: base64(png(2001, 100)) });
    expect(wide.status).toBe(422);
    expect((await wide.json()).message).toContain('2001 × 100');
    expect((await api.put(`/children/${family.lea.id}/photo`, { data: '###' })).status).toBe(422);
    expect((await api.put(`/children/${other.lea.id}/photo`, { data: base64(png(10, 10)) })).status).toBe(404);
    const [lea] = await database.db.select().from(children).where(eq(children.id, family.lea.id));
    expect(lea.photo).toBeNull();
  });

  it('refuses 30 MB with a 413, and a decoded file just over 2 MB', async () => {
    const family = await seedSignedFamily(ctx, town);
    const api = fileApi(ctx, town, family.token);
    const huge = await api.put(`/children/${family.lea.id}/photo`, { data: 'A'.repeat(30 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect((await huge.json()).message).toBe('La photo ne doit pas dépasser 2 Mo.');
    const justOver = Buffer.concat([png(100, 100), Buffer.alloc(2 * 1024 * 1024, 0)]);
    expect((await api.put(`/children/${family.lea.id}/photo`, { data: base64(justOver) })).status).toBe(413);
  });
});

/** A family with something in every table the export reads. */
async function fillFamily(family: SignedFamily, marker: string, serviceId: string, reasonId: string) {
  const api = fileApi(ctx, town, family.token);
  await api.group('responsable', { ...identity, firstName: `Claire${marker}` });
  await api.group('household', { members: [{ firstName: `Mamie${marker}`, lastName: 'Martin', relation: 'grand-mère' }] });
  await api.group('bank', { iban: VALID_IBAN, accountHolder: `Titulaire${marker}`, password: PASSWORD });
  await api.group('child_health', { ...health, allergies: [`allergie${marker}`], childId: family.lea.id });
  await api.post(`/children/${family.lea.id}/pickup-persons`, { firstName: `Voisin${marker}`, lastName: 'Durand', relation: 'voisin', phone: '0611223344' });
  await api.group('fiscal', { quotientFamilial: 640, cafNumber: '1234567' });
  await api.put(`/children/${family.lea.id}/photo`, { data: base64(png(10, 10)) });
  const db = database.db;
  const [booked, absent] = await db
    .insert(bookings)
    .values([
      { tenantId: town.tenant.id, childId: family.lea.id, serviceId, day: '2026-09-07', state: 'booked', channel: 'internet' },
      { tenantId: town.tenant.id, childId: family.lea.id, serviceId, day: '2026-09-08', state: 'absent', absenceReasonId: reasonId, channel: 'internet' },
    ])
    .returning();
  await db.insert(bookingEvents).values([
    { tenantId: town.tenant.id, bookingId: booked.id, childId: family.lea.id, action: 'reservation', toState: 'booked', channel: 'internet', familyId: family.familyId, at: ctx.clock.now() },
    { tenantId: town.tenant.id, bookingId: absent.id, childId: family.lea.id, action: 'absence', fromState: 'booked', toState: 'absent', channel: 'internet', familyId: family.familyId, at: ctx.clock.now() },
  ]);
  await db.insert(documents).values({
    tenantId: town.tenant.id,
    familyId: family.familyId,
    childId: family.lea.id,
    type: 'attestation_caf',
    title: `Attestation${marker}`,
    mime: 'application/pdf',
    size: 9,
    content: new Uint8Array(Buffer.from(`%PDF-${marker}`)),
    status: 'pending',
    uploadedAt: ctx.clock.now(),
  });
  return { booked, absent };
}

describe('right of access export', () => {
  it('gives every record of the family, health and IBAN in clear, and nothing of another family', async () => {
    const [service] = await database.db.insert(services).values({ tenantId: town.tenant.id, label: 'Cantine', weekdays: [1, 2, 4, 5] }).returning();
    const [reason] = await database.db.select().from(absenceReasons).where(eq(absenceReasons.tenantId, town.tenant.id)).limit(1);
    const family = await seedSignedFamily(ctx, town);
    const other = await seedSignedFamily(ctx, town);
    const mine = await fillFamily(family, 'AAA', service.id, reason.id);
    const theirs = await fillFamily(other, 'BBB', service.id, reason.id);

    const res = await fileApi(ctx, town, family.token).get('/export.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="dossier-famille-${family.number}.json"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    const data = JSON.parse(text);

    expect(data.commune).toBe('Ville de Test');
    expect(data.family).toMatchObject({ familyNumber: family.number, email: family.email, iban: VALID_IBAN, ibanMasked: 'FR•• •••• •••• •••• •••• •••0 189', accountHolder: 'TitulaireAAA' });
    expect(data.family).not.toHaveProperty('passwordHash');
    expect(data.family).not.toHaveProperty('ibanSealed');
    expect(data.guardians[0]).toMatchObject({ role: 'responsable', firstName: 'ClaireAAA' });
    expect(data.household[0]).toMatchObject({ firstName: 'MamieAAA' });
    expect(data.children).toHaveLength(2);
    expect(data.children[0]).toMatchObject({ firstName: 'Léa', school: 'École Jules Ferry', hasPhoto: true, photoMime: 'image/png', health: { allergies: ['allergieAAA'] } });
    expect(data.children[0]).not.toHaveProperty('photo');
    expect(data.children[0]).not.toHaveProperty('healthSealed');
    expect(data.pickupPersons[0]).toMatchObject({ firstName: 'VoisinAAA', childId: family.lea.id });
    expect(data.bookings).toEqual([
      expect.objectContaining({ id: mine.booked.id, service: 'Cantine', day: '2026-09-07', state: 'booked', absenceReason: null }),
      expect.objectContaining({ id: mine.absent.id, state: 'absent', absenceReason: reason.label }),
    ]);
    expect(data.bookingEvents.map((e: { action: string }) => e.action)).toEqual(['reservation', 'absence']);
    expect(data.familyFileEvents.map((e: { group: string }) => e.group)).toEqual(['responsable', 'household', 'bank', 'child_health', 'child_pickup', 'fiscal', 'child_identity']);
    expect(data.changeRequests).toEqual([expect.objectContaining({ fieldGroup: 'fiscal', status: 'pending', values: { old: expect.any(Object), new: expect.objectContaining({ quotientFamilial: 640 }) } })]);
    expect(data.documents).toEqual([expect.objectContaining({ title: 'AttestationAAA', type: 'attestation_caf', size: 9, status: 'pending' })]);
    expect(data.documents[0]).not.toHaveProperty('content');
    expect(data.sessions).toHaveLength(1);
    expect(Object.keys(data.sessions[0]).sort()).toEqual(['createdAt', 'expiresAt', 'lastSeenAt', 'revokedAt']);
    expect(text).not.toContain('%PDF');

    for (const foreign of ['BBB', other.number, other.email, other.familyId, other.lea.id, other.hugo.id, theirs.booked.id, theirs.absent.id]) {
      expect(text).not.toContain(foreign);
    }
    expect(text).not.toContain(town.tenant.id);
  });

  it('needs the family’s own session', async () => {
    expect((await call(ctx, 'GET', `${town.base}/famille/export.json`)).status).toBe(401);
  });
});
