import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { families, familySessions, publicKeys, rateLimits } from '../../server/src/db/schema/index.js';
import type { Database } from '../../server/src/db/client.js';
import { call, makeContext, openTestDatabase, ORIGIN, seedFamily, seedTenant, type TestContext } from './helpers.js';

let database: Database;
let ctx: TestContext;
let town: Awaited<ReturnType<typeof seedTenant>>;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
  town = await seedTenant(ctx);
});
afterAll(() => database.close());

describe('public key and allowed origins', () => {
  it('answers a preflight from an allowed origin with the CORS grant', async () => {
    const res = await ctx.app.request(`${town.base}/session`, {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/content-type/i);
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it('gives no CORS grant to another origin, even on a subdomain or another port', async () => {
    for (const origin of ['https://evil.example', 'https://www.ville-test.fr.evil.example', 'http://www.ville-test.fr', 'https://www.ville-test.fr:8443']) {
      const res = await ctx.app.request(`${town.base}/session`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const logo = await call(ctx, 'GET', `${town.base}/logo`, { origin });
      expect(logo.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('refuses the configuration to a page of another origin readably, so that the widget can say why, with no data', async () => {
    const origin = 'https://www.ville-test.fr:8443';
    const res = await call(ctx, 'GET', `${town.base}/config`, { origin });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('vary')).toMatch(/origin/i);
    const body = await res.json();
    expect(body).toMatchObject({ code: 'origine_refusee', message: 'Ce site n’est pas autorisé à utiliser ce portail.' });
    expect(JSON.stringify(body)).not.toMatch(/Ville de Test|enfance@/);

    const unknown = await call(ctx, 'GET', `/v1/t/pk_live_${'x'.repeat(32)}/config`, { origin });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('access-control-allow-origin')).toBe(origin);
    expect((await unknown.json()).code).toBe('cle_inconnue');

    // A personal-data route from that origin still gets no grant at all.
    const me = await call(ctx, 'GET', `${town.base}/me`, { origin });
    expect(me.status).toBe(403);
    expect(me.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a POST from a disallowed origin with 403 and writes nothing', async () => {
    const { email } = await seedFamily(ctx, town.tenant.id, { password: 'un mot de passe solide' });
    const before = await database.db.select().from(familySessions);
    const throttleBefore = await database.db.select().from(rateLimits);
    const res = await call(ctx, 'POST', `${town.base}/session`, { origin: 'https://evil.example', body: { login: email, password: 'un mot de passe solide' } });
    expect(res.status).toBe(403);
    expect((await res.json()).message).toMatch(/n’est pas autorisé/);
    expect(await database.db.select().from(familySessions)).toHaveLength(before.length);
    expect(await database.db.select().from(rateLimits)).toHaveLength(throttleBefore.length);
  });

  it('refuses a POST without any Origin header (not a browser on an allowed page)', async () => {
    const res = await call(ctx, 'POST', `${town.base}/password/forgot`, { origin: null, body: { login: 'x' } });
    expect(res.status).toBe(403);
  });

  it('refuses a personal-data GET from a disallowed origin with 403', async () => {
    const { email } = await seedFamily(ctx, town.tenant.id, { password: 'un mot de passe solide' });
    const login = await call(ctx, 'POST', `${town.base}/session`, { body: { login: email, password: 'un mot de passe solide' } });
    const { token } = await login.json();
    const res = await call(ctx, 'GET', `${town.base}/me`, { origin: 'https://evil.example', token });
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(body).not.toContain('Martin');
  });

  it('answers 404 for an unknown key and 401 for a revoked one', async () => {
    const unknown = await call(ctx, 'GET', `/v1/t/pk_live_${'x'.repeat(32)}/config`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).code).toBe('cle_inconnue');
    const malformed = await call(ctx, 'GET', `/v1/t/not-a-key/config`);
    expect(malformed.status).toBe(404);

    const other = await seedTenant(ctx);
    await database.db.update(publicKeys).set({ revokedAt: new Date() }).where(eq(publicKeys.key, other.publicKey));
    const revoked = await call(ctx, 'GET', `${other.base}/config`);
    expect(revoked.status).toBe(401);
    const body = await revoked.json();
    expect(body.code).toBe('cle_revoquee');
    expect(body.message).toMatch(/révoquée/);
    expect(revoked.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('keeps CORS headers on error answers so the widget can read them', async () => {
    const res = await call(ctx, 'POST', `${town.base}/session`, { body: { login: 'inconnu@exemple.fr', password: 'faux mot de passe' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
    const body = await res.json();
    expect(body).toMatchObject({ code: 'identifiants_invalides', message: 'Identifiant ou mot de passe incorrect.' });
    expect(body.requestId).toMatch(/[0-9a-f-]{36}/);
  });

  it('refuses a non-JSON POST (415) and writes nothing', async () => {
    const before = (await database.db.select().from(rateLimits)).length;
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await call(ctx, 'POST', `${town.base}/session`, { body: 'login=a&password=b', headers: { 'Content-Type': type } });
      expect(res.status).toBe(415);
      expect((await res.json()).message).toMatch(/JSON/);
    }
    expect((await database.db.select().from(rateLimits)).length).toBe(before);
  });

  it('answers malformed JSON and wrong shapes with French 4xx, never a 500', async () => {
    const bad = await call(ctx, 'POST', `${town.base}/session`, { body: '{"login":' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/JSON valide/);
    const shape = await call(ctx, 'POST', `${town.base}/activation`, { body: { familyNumber: 12, email: 'pas-un-email', password: 'court' } });
    expect(shape.status).toBe(422);
    const body = await shape.json();
    expect(body.fields.email).toMatch(/n’est pas valide/);
    expect(body.fields.password).toMatch(/au moins 12 caractères/);
    expect(body.fields.code).toMatch(/obligatoire/);
    expect(JSON.stringify(body)).not.toContain('pas-un-email');
    const huge = await call(ctx, 'POST', `${town.base}/session`, { body: { login: 'a', password: 'b', filler: 'x'.repeat(70_000) } });
    expect(huge.status).toBe(413);
  });

  it('serves the public configuration to any page, with nothing personal', async () => {
    const res = await call(ctx, 'GET', `${town.base}/config`, { origin: null });
    expect(res.status).toBe(200);
    const config = await res.json();
    expect(config).toMatchObject({ name: 'Ville de Test', contactEmail: 'enfance@ville-test.fr', colors: { primary: '#1d4f91' } });
    expect(Object.keys(config).sort()).toEqual(['colors', 'contactEmail', 'info', 'locale', 'logo', 'logoUrl', 'name']);
    expect(JSON.stringify(config)).not.toMatch(/Martin|parent|@exemple/);
  });

  it('never lets a session of one town read another town', async () => {
    const other = await seedTenant(ctx, { name: 'Autre Ville' });
    const { email } = await seedFamily(ctx, town.tenant.id, { password: 'un mot de passe solide' });
    const { token } = await (await call(ctx, 'POST', `${town.base}/session`, { body: { login: email, password: 'un mot de passe solide' } })).json();
    const res = await call(ctx, 'GET', `${other.base}/me`, { token });
    expect(res.status).toBe(401);
    const login = await call(ctx, 'POST', `${other.base}/session`, { body: { login: email, password: 'un mot de passe solide' } });
    expect(login.status).toBe(401);
  });

  it('rejects a child row pointing at another tenant’s family (composite foreign key)', async () => {
    const other = await seedTenant(ctx, { name: 'Autre Ville' });
    const { family } = await seedFamily(ctx, town.tenant.id);
    const { sql } = await import('drizzle-orm');
    await expect(
      database.db.execute(sql`insert into children (tenant_id, family_id, first_name, last_name) values (${other.tenant.id}, ${family.id}, 'Intrus', 'Test')`),
    ).rejects.toThrow();
    const [row] = await database.db.select({ id: families.id }).from(families).where(eq(families.id, family.id));
    expect(row.id).toBe(family.id);
  });

  it('logs one line per request with the route pattern, never the key, token or e-mail', async () => {
    ctx.logs.length = 0;
    await call(ctx, 'POST', `${town.base}/password/forgot`, { body: { login: 'secret.parent@exemple.fr' } });
    const line = ctx.logs.find((l) => l.route?.includes('/password/forgot'));
    expect(line).toMatchObject({ tenant: town.tenant.id, status: 202, method: 'POST' });
    expect(line!.route).toBe('/v1/t/:publicKey/password/forgot');
    expect(JSON.stringify(ctx.logs)).not.toMatch(/secret\.parent|pk_/);
  });
});
