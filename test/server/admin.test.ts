import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { auditLog, oneTimeCodes, settings, staffSessions } from '../../server/src/db/schema/index.js';
import { createStaffUser } from '../../server/src/modules/tenants/service.js';
import { staffActivationLink } from '../../server/src/modules/auth/codes.js';
import { makeContext, openTestDatabase, seedStaff, seedTenant, type TestContext } from './helpers.js';
import { ADMIN_ORIGIN, adminCall, staffCookie } from './admin-fixtures.js';

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

const loginAs = async (role: 'admin' | 'agent') => {
  const { tenant } = await seedTenant(ctx);
  const staff = await seedStaff(ctx, tenant.id, role);
  return { tenant, ...staff, cookie: await staffCookie(ctx, staff.email, staff.password) };
};

describe('the settings page', () => {
  it('is a French HTML shell with a strict CSP that loads the staff bundle', async () => {
    const res = await ctx.app.request('/admin');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("img-src 'self' https: data:");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toMatch(/<title>[^<]+<\/title>/);
    expect(html).toContain('<script type="module" src="/admin/app.js"></script>');
    expect(html).toContain('<portail-admin>');
    expect(html).not.toMatch(/<script>|style=/);
  });

  it('serves the activation page, the built bundle and its chunks from the widget folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portail-admin-'));
    mkdirSync(join(dir, 'chunks'));
    writeFileSync(join(dir, 'admin.js'), 'import "./chunks/lit-abc123.js";');
    writeFileSync(join(dir, 'chunks', 'lit-abc123.js'), 'export const lit = 1;');
    const built = makeContext(database, { widgetDir: dir });
    expect((await built.app.request('/admin/activation')).status).toBe(200);
    const app = await built.app.request('/admin/app.js');
    expect(app.status).toBe(200);
    expect(app.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await app.text()).toContain('./chunks/lit-abc123.js');
    expect(await (await built.app.request('/admin/chunks/lit-abc123.js')).text()).toBe('export const lit = 1;');
    expect((await built.app.request('/admin/chunks/..%2Fadmin.js')).status).toBe(404);
    expect((await built.app.request('/admin/chunks/nothing.js')).status).toBe(404);
    const missing = makeContext(database, { widgetDir: join(dir, 'absent') });
    const res = await missing.app.request('/admin/app.js');
    expect(res.status).toBe(503);
    expect((await res.json()).code).toBe('admin_absent');
  });
});

describe('staff login', () => {
  it('opens a session in a __Host- cookie (HttpOnly, Secure, SameSite=Strict, Path=/) stored hashed', async () => {
    const { tenant } = await seedTenant(ctx, { name: 'Ville de Login' });
    const staff = await seedStaff(ctx, tenant.id, 'admin');
    const res = await adminCall(ctx, 'POST', '/session', { body: { email: staff.email.toUpperCase(), password: staff.password } });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.staff).toMatchObject({ email: staff.email, role: 'admin' });
    expect(body.tenant.name).toBe('Ville de Login');
    expect(res.headers.get('cache-control')).toBe('no-store');

    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-portail_staff=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookie).toMatch(/Max-Age=43200/);

    const token = cookie.split(';')[0].split('=')[1];
    const rows = await database.db.select().from(staffSessions).where(eq(staffSessions.staffUserId, staff.user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).not.toContain(token);
    expect(rows[0].tenantId).toBe(tenant.id);

    const me = await adminCall(ctx, 'GET', '/session', { cookie: cookie.split(';')[0] });
    expect(me.status).toBe(200);
    expect((await me.json()).staff.email).toBe(staff.email);
  });

  it('uses portail_staff without Secure when the platform runs on plain http (demo)', async () => {
    const plain = makeContext(database, { secureCookies: false });
    const { tenant } = await seedTenant(plain);
    const staff = await seedStaff(plain, tenant.id, 'agent');
    const res = await adminCall(plain, 'POST', '/session', { body: { email: staff.email, password: staff.password } });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^portail_staff=/);
    expect(cookie).not.toMatch(/Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await adminCall(plain, 'GET', '/settings', { cookie: cookie.split(';')[0] })).status).toBe(200);
    // The other cookie name is not accepted in place of this one.
    expect((await adminCall(plain, 'GET', '/settings', { cookie: '__Host-' + cookie.split(';')[0] })).status).toBe(401);
  });

  it('answers a wrong password and an unknown e-mail identically, without a cookie', async () => {
    const { tenant } = await seedTenant(ctx);
    const staff = await seedStaff(ctx, tenant.id, 'admin');
    const wrong = await adminCall(ctx, 'POST', '/session', { body: { email: staff.email, password: 'pas le bon mot de passe' } });
    const unknown = await adminCall(ctx, 'POST', '/session', { body: { email: 'personne@mairie-test.fr', password: 'pas le bon mot de passe' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await wrong.json(), await unknown.json()];
    expect({ code: a.code, message: a.message }).toEqual({ code: b.code, message: b.message });
    expect(a.code).toBe('identifiants_invalides');
    expect(a.message).toMatch(/incorrect/);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(unknown.headers.get('set-cookie')).toBeNull();
  });

  it('refuses an account not yet activated with the same answer', async () => {
    const { tenant } = await seedTenant(ctx);
    const { user } = await createStaffUser(database.db, tenant.id, { email: 'nouvelle@mairie-test.fr', displayName: 'Nouvelle', role: 'agent' }, ctx.clock.now());
    const res = await adminCall(ctx, 'POST', '/session', { body: { email: user.email, password: '' } });
    expect(res.status).toBe(422);
    const res2 = await adminCall(ctx, 'POST', '/session', { body: { email: user.email, password: 'nimporte quoi du tout' } });
    expect(res2.status).toBe(401);
    expect((await res2.json()).code).toBe('identifiants_invalides');
  });

  it('throttles repeated failures with 429 and Retry-After, even with the right password', async () => {
    const { tenant } = await seedTenant(ctx);
    const staff = await seedStaff(ctx, tenant.id, 'admin');
    for (let i = 0; i < 5; i++) {
      expect((await adminCall(ctx, 'POST', '/session', { body: { email: staff.email, password: 'mauvais mot de passe' } })).status).toBe(401);
    }
    const res = await adminCall(ctx, 'POST', '/session', { body: { email: staff.email, password: staff.password } });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await res.json();
    expect(body.code).toBe('trop_de_tentatives');
    expect(body.message).toMatch(/réessayer/);
    ctx.clock.advance(16 * 60 * 1000);
    expect((await adminCall(ctx, 'POST', '/session', { body: { email: staff.email, password: staff.password } })).status).toBe(201);
  });

  it('logs out: the session is revoked and the cookie cleared', async () => {
    const { cookie } = await loginAs('admin');
    const res = await adminCall(ctx, 'DELETE', '/session', { cookie });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/^__Host-portail_staff=;.*Max-Age=0/);
    const after = await adminCall(ctx, 'GET', '/settings', { cookie });
    expect(after.status).toBe(401);
    expect((await after.json()).code).toBe('session_expiree');
  });

  it('expires after 30 minutes idle and after 12 hours in any case', async () => {
    const idle = await loginAs('agent');
    ctx.clock.advance(29 * 60 * 1000);
    expect((await adminCall(ctx, 'GET', '/settings', { cookie: idle.cookie })).status).toBe(200);
    ctx.clock.advance(31 * 60 * 1000);
    expect((await adminCall(ctx, 'GET', '/settings', { cookie: idle.cookie })).status).toBe(401);

    const busy = await loginAs('agent');
    for (let i = 0; i < 25; i++) {
      ctx.clock.advance(29 * 60 * 1000);
      const status = (await adminCall(ctx, 'GET', '/session', { cookie: busy.cookie })).status;
      if (i < 24) expect(status).toBe(200);
      else expect(status).toBe(401);
    }
  });

  it('refuses the API without a session', async () => {
    const res = await adminCall(ctx, 'GET', '/settings');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'session_expiree', message: expect.stringMatching(/reconnecter/) });
  });
});

describe('CSRF wall', () => {
  it('refuses an unsafe request from another origin (403) and writes nothing', async () => {
    const { tenant, cookie } = await loginAs('admin');
    const auditBefore = await database.db.select().from(auditLog).where(eq(auditLog.tenantId, tenant.id));
    for (const origin of ['https://evil.example', 'null', null, ADMIN_ORIGIN + ':8443']) {
      const res = await adminCall(ctx, 'PATCH', '/settings', { cookie, origin, body: { infoMessage: 'Piraté' } });
      expect(res.status).toBe(403);
      const body = await res.json();
      expect(body).toMatchObject({ code: 'origine_refusee', requestId: expect.any(String) });
      expect(body.message).toMatch(/Requête refusée/);
    }
    const [row] = await database.db.select().from(settings).where(eq(settings.tenantId, tenant.id));
    expect(row.infoMessage).toBeNull();
    expect(await database.db.select().from(auditLog).where(eq(auditLog.tenantId, tenant.id))).toHaveLength(auditBefore.length);
  });

  it('refuses a login from another origin, so no session can be planted', async () => {
    const { tenant } = await seedTenant(ctx);
    const staff = await seedStaff(ctx, tenant.id, 'admin');
    const res = await adminCall(ctx, 'POST', '/session', { origin: 'https://evil.example', body: { email: staff.email, password: staff.password } });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a body that is not JSON (415), as a cross-site form would send', async () => {
    const { tenant, cookie } = await loginAs('admin');
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await adminCall(ctx, 'PATCH', '/settings', { cookie, contentType, body: JSON.stringify({ infoMessage: 'Piraté' }) });
      expect(res.status).toBe(415);
      expect((await res.json()).code).toBe('type_contenu');
    }
    const [row] = await database.db.select().from(settings).where(eq(settings.tenantId, tenant.id));
    expect(row.infoMessage).toBeNull();
  });
});

describe('roles and tenant isolation', () => {
  it('lets an agent read every section but change nothing', async () => {
    const { cookie, tenant } = await loginAs('agent');
    for (const path of ['/settings', '/origins', '/keys', '/snippet', '/audit']) {
      expect((await adminCall(ctx, 'GET', path, { cookie })).status, path).toBe(200);
    }
    const attempts: [string, string, unknown][] = [
      ['PATCH', '/settings', { primaryColor: '#000000' }],
      ['PUT', '/settings/logo', { kind: 'url', url: 'https://www.ville.fr/logo.png' }],
      ['POST', '/origins', { origin: 'https://autre.ville.fr' }],
      ['POST', '/keys', {}],
    ];
    for (const [method, path, body] of attempts) {
      const res = await adminCall(ctx, method, path, { cookie, body });
      expect(res.status, path).toBe(403);
      expect((await res.json()).code).toBe('droits_insuffisants');
    }
    const [row] = await database.db.select().from(settings).where(eq(settings.tenantId, tenant.id));
    expect(row.primaryColor).toBe('#1d4f91');
  });

  it('never lets the staff of one commune read or change another', async () => {
    const a = await loginAs('admin');
    const { tenant: other } = await seedTenant(ctx, { name: 'Autre Ville', origins: ['https://autre-ville.fr'] });
    const settingsA = await (await adminCall(ctx, 'GET', '/settings', { cookie: a.cookie })).json();
    expect(settingsA.name).toBe('Ville de Test');

    const originsB = await database.db.query.allowedOrigins.findMany({ where: (o) => eq(o.tenantId, other.id) });
    const keysB = await database.db.query.publicKeys.findMany({ where: (k) => eq(k.tenantId, other.id) });
    expect((await adminCall(ctx, 'DELETE', `/origins/${originsB[0].id}`, { cookie: a.cookie })).status).toBe(404);
    expect((await adminCall(ctx, 'POST', `/keys/${keysB[0].id}/revoke`, { cookie: a.cookie, body: { confirmLast: true } })).status).toBe(404);

    const listed = await (await adminCall(ctx, 'GET', '/origins', { cookie: a.cookie })).json();
    expect(listed.map((o: { origin: string }) => o.origin)).not.toContain('https://autre-ville.fr');
    const keys = await (await adminCall(ctx, 'GET', '/keys', { cookie: a.cookie })).json();
    expect(keys.map((k: { key: string }) => k.key)).not.toContain(keysB[0].key);

    const stillThere = await database.db.query.publicKeys.findFirst({ where: (k) => eq(k.id, keysB[0].id) });
    expect(stillThere?.revokedAt).toBeNull();
    expect(await database.db.query.allowedOrigins.findMany({ where: (o) => eq(o.tenantId, other.id) })).toHaveLength(1);
    const auditB = await database.db.select().from(auditLog).where(and(eq(auditLog.tenantId, other.id)));
    expect(auditB.map((r) => r.action)).toEqual(['commune_creee']);
  });
});

describe('staff activation', () => {
  const newStaff = async () => {
    const { tenant } = await seedTenant(ctx);
    const { user, activation } = await createStaffUser(database.db, tenant.id, { email: `${crypto.randomUUID()}@mairie-test.fr`, displayName: 'Claire Agent', role: 'agent' }, ctx.clock.now());
    return { tenant, user, token: activation!.token };
  };

  it('builds the link with the token in the fragment', () => {
    expect(staffActivationLink('https://portail.example/', 'abc_DEF-123')).toBe('https://portail.example/admin/activation#abc_DEF-123');
    expect(staffActivationLink('http://localhost:8787', 'tok')).toBe('http://localhost:8787/admin/activation#tok');
  });

  it('sets the password once; the link cannot be used again', async () => {
    const { tenant, user, token } = await newStaff();
    const res = await adminCall(ctx, 'POST', '/activation', { body: { token, password: 'un mot de passe solide' } });
    expect(res.status).toBe(200);
    expect((await res.json()).message).toMatch(/connecter/);
    expect((await adminCall(ctx, 'POST', '/session', { body: { email: user.email, password: 'un mot de passe solide' } })).status).toBe(201);

    const again = await adminCall(ctx, 'POST', '/activation', { body: { token, password: 'un autre mot de passe' } });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ code: 'lien_invalide', message: expect.stringMatching(/n’est plus valable/) });
    expect((await adminCall(ctx, 'POST', '/session', { body: { email: user.email, password: 'un autre mot de passe' } })).status).toBe(401);

    const rows = await database.db.select().from(auditLog).where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, 'personnel_active')));
    expect(rows).toHaveLength(1);
    expect(rows[0].staffUserId).toBe(user.id);
    expect(JSON.stringify(rows[0].details)).not.toContain('mot de passe');
  });

  it('refuses an expired link and a password that is too short, writing nothing', async () => {
    const { user, token } = await newStaff();
    const short = await adminCall(ctx, 'POST', '/activation', { body: { token, password: 'court' } });
    expect(short.status).toBe(422);
    expect((await short.json()).fields.password).toMatch(/12 caractères/);
    const long = await adminCall(ctx, 'POST', '/activation', { body: { token, password: 'x'.repeat(129) } });
    expect(long.status).toBe(422);
    const [code] = await database.db.select().from(oneTimeCodes).where(eq(oneTimeCodes.staffUserId, user.id));
    expect(code.usedAt).toBeNull();

    ctx.clock.advance(73 * 60 * 60 * 1000);
    const late = await adminCall(ctx, 'POST', '/activation', { body: { token, password: 'un mot de passe solide' } });
    expect(late.status).toBe(400);
    expect((await late.json()).code).toBe('lien_invalide');
  });

  it('refuses a made-up token and one from a cross-site form', async () => {
    const { token } = await newStaff();
    expect((await adminCall(ctx, 'POST', '/activation', { body: { token: 'A'.repeat(43), password: 'un mot de passe solide' } })).status).toBe(400);
    expect((await adminCall(ctx, 'POST', '/activation', { body: { token: 'court', password: 'un mot de passe solide' } })).status).toBe(422);
    expect((await adminCall(ctx, 'POST', '/activation', { origin: 'https://evil.example', body: { token, password: 'un mot de passe solide' } })).status).toBe(403);
  });
});
