import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { closures, guardians, invoicingRuns } from '../../server/src/db/schema/index.js';
import { call, makeContext, openTestDatabase, seedFamily, type TestContext } from './helpers.js';
import { adminCall } from './admin-fixtures.js';
import { staffTenant } from './admin-planning-fixtures.js';
import { fileApi, identity, PASSWORD, seedSignedFamily, seedTown } from './family-fixtures.js';
import { billingTown } from './billing-fixtures.js';
import { grid, seedPlanningFamily, seedPlanningTown } from './planning-fixtures.js';

/**
 * Input that no form produces but a script can send: control characters (NUL first of all) in any
 * text, and years the database or the date arithmetic cannot hold. Each is a French 422 at the
 * edge, never a 500, and nothing is written.
 */

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

async function expectRefused(res: Response) {
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(422);
  expect(body.code).toBe('validation');
  expect(body.message).toMatch(/^(La requête contient un caractère de contrôle|Certaines informations sont manquantes ou invalides)/);
  return body;
}

describe('control characters', () => {
  it('refuses a NUL in a family login, answering in French before any lookup', async () => {
    const town = await seedTown(ctx);
    const family = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const body = await expectRefused(await call(ctx, 'POST', `${town.base}/session`, { body: { login: `${family.email}\u0000`, password: PASSWORD } }));
    expect(body.message).toMatch(/caractère/);
  });

  it('refuses a NUL in a staff login', async () => {
    const town = await staffTenant(ctx);
    await expectRefused(await adminCall(ctx, 'POST', '/session', { body: { email: `${town.admin.email}\u0000`, password: town.admin.password } }));
  });

  it('refuses a NUL or another control character in the names of the family file and keeps the file as it was', async () => {
    const town = await seedTown(ctx);
    const family = await seedSignedFamily(ctx, town);
    const api = fileApi(ctx, town, family.token);
    const before = await database.db.select().from(guardians).where(eq(guardians.familyId, family.familyId));
    await expectRefused(await api.group('responsable', { ...identity, lastName: 'Mar\u0000tin' }));
    await expectRefused(await api.group('responsable', { ...identity, firstName: 'Cla\u001bire' }));
    expect(await database.db.select().from(guardians).where(eq(guardians.familyId, family.familyId))).toEqual(before);
  });

  it('refuses a NUL in a search query string and in a path segment', async () => {
    const town = await staffTenant(ctx);
    await expectRefused(await adminCall(ctx, 'GET', `/families?q=${encodeURIComponent('mar\u0000tin')}`, { cookie: town.agent.cookie }));
    await expectRefused(await adminCall(ctx, 'GET', `/families?q=%00`, { cookie: town.agent.cookie }));
    await expectRefused(await adminCall(ctx, 'GET', `/families/%00`, { cookie: town.agent.cookie }));
  });

  it('still accepts tabs and line breaks inside a message text, and accents everywhere', async () => {
    const town = await staffTenant(ctx);
    const found = await adminCall(ctx, 'GET', `/families?q=${encodeURIComponent('Léa')}`, { cookie: town.agent.cookie });
    expect(found.status).toBe(200);
    const closure = await adminCall(ctx, 'POST', '/calendar/closures', { cookie: town.admin.cookie, body: { startDate: '2026-09-10', endDate: '2026-09-10', reason: 'Grève\tdes agents\r\nde cantine' } });
    expect(closure.status).toBe(201);
  });
});

describe('years out of range', () => {
  it('refuses a planning range in year 0000 or 9999', async () => {
    const town = await seedPlanningTown(ctx);
    const family = await seedPlanningFamily(ctx, town);
    for (const [from, to] of [
      ['0000-01-01', '0000-01-31'],
      ['0001-01-01', '0001-01-31'],
      ['9999-12-01', '9999-12-31'],
    ]) {
      const body = await expectRefused(await grid(ctx, town, family.token, family.children[0]!.id, from, to));
      expect(body.fields.from).toMatch(/entre 1900 et 2100/);
    }
  });

  it('refuses a closure in year 0000 or 9999 and writes nothing', async () => {
    const town = await staffTenant(ctx);
    for (const [startDate, endDate] of [
      ['0000-01-01', '0000-01-02'],
      ['9999-12-30', '9999-12-31'],
      ['2026-09-01', '9999-12-31'],
    ]) {
      const body = await expectRefused(await adminCall(ctx, 'POST', '/calendar/closures', { cookie: town.admin.cookie, body: { startDate, endDate, reason: 'Travaux' } }));
      expect(Object.values(body.fields).join(' ')).toMatch(/entre 1900 et 2100/);
    }
    expect(await database.db.select().from(closures).where(eq(closures.tenantId, town.tenant.id))).toEqual([]);
  });

  it('refuses an invoicing run for month 0000-01 or 9999-12 and creates no run', async () => {
    const town = await billingTown(ctx);
    for (const extra of [{ month: '0000-01' }, { month: '9999-12' }, { month: '2026-09', issueDate: '9999-12-31' }, { month: '2026-09', dueDate: '0001-01-01' }]) {
      const body = await expectRefused(await adminCall(ctx, 'POST', '/invoicing/runs', { cookie: town.admin.cookie, body: { regieId: town.regie.id, ...extra } }));
      expect(Object.values(body.fields).join(' ')).toMatch(/entre 1900 et 2100/);
    }
    expect(await database.db.select().from(invoicingRuns).where(eq(invoicingRuns.tenantId, town.tenantId))).toEqual([]);
  });
});
