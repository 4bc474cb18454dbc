import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeRequests, ledgerEntries, regies } from '../../server/src/db/schema/index.js';
import type { Database } from '../../server/src/db/client.js';
import { call, makeContext, openTestDatabase, type TestContext } from './helpers.js';
import { changes, seedPlanningFamily, seedPlanningTown, type PlanningTown } from './planning-fixtures.js';

let database: Database;
let ctx: TestContext;
let town: PlanningTown;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
  town = await seedPlanningTown(ctx);
});
afterAll(() => database.close());

describe('GET /accueil', () => {
  it('sums up the balance, the coming week per child and what awaits the town', async () => {
    ctx.clock.set('2026-09-03T12:00:00Z'); // Thursday 3 September, 14:00 in Paris
    const family = await seedPlanningFamily(ctx, town);
    const [lea, hugo] = family.children;
    const booked = await changes(ctx, town, family.token, [
      { childId: lea.id, serviceId: town.cantine, date: '2026-09-07', action: 'book' },
      { childId: lea.id, serviceId: town.matin, date: '2026-09-07', action: 'book' },
      { childId: lea.id, serviceId: town.mercredi, date: '2026-09-09', action: 'book' },
      // Beyond the week: not on the home.
      { childId: lea.id, serviceId: town.cantine, date: '2026-09-14', action: 'book' },
    ]);
    expect(booked.status).toBe(200);
    const db = database.db;
    const [regie] = await db.insert(regies).values({ tenantId: town.tenant.id, code: 'PERI', name: 'Régie périscolaire' }).returning();
    await db.insert(ledgerEntries).values({ tenantId: town.tenant.id, familyId: family.family.id, regieId: regie.id, kind: 'invoice', label: 'Facture', amountCents: 4150, at: new Date() });
    await db.insert(changeRequests).values({ tenantId: town.tenant.id, familyId: family.family.id, fieldGroup: 'fiscal', valuesSealed: ctx.deps.encryption.encrypt('{}'), requestedAt: new Date() });

    const res = await call(ctx, 'GET', `${town.base}/accueil`, { token: family.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const home = await res.json();
    expect(home).toMatchObject({ balanceCents: 4150, from: '2026-09-03', to: '2026-09-09' });
    expect(home.upcoming).toEqual([
      {
        childId: lea.id,
        firstName: 'Léa',
        days: [
          { day: '2026-09-07', services: [{ label: 'Cantine', state: 'booked' }, { label: 'Accueil matin', state: 'booked' }] },
          { day: '2026-09-09', services: [{ label: 'Mercredi', state: 'requested' }] },
        ],
      },
      { childId: hugo.id, firstName: 'Hugo', days: [] },
    ]);
    expect(home.pending).toEqual([
      { kind: 'booking', label: 'Mercredi – Léa', day: '2026-09-09' },
      { kind: 'file', label: 'Informations fiscales', day: null },
    ]);
  });

  it('shows nothing of another family and needs a session', async () => {
    const other = await seedPlanningFamily(ctx, town);
    const res = await call(ctx, 'GET', `${town.base}/accueil`, { token: other.token });
    const home = await res.json();
    expect(home.balanceCents).toBe(0);
    expect(home.pending).toEqual([]);
    expect(home.upcoming.every((c: { days: unknown[] }) => c.days.length === 0)).toBe(true);
    expect((await call(ctx, 'GET', `${town.base}/accueil`)).status).toBe(401);
  });
});
