import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { auditLog, settings, tenants } from '../../server/src/db/schema/index.js';
import { call, makeContext, openTestDatabase, ORIGIN, seedStaff, seedTenant, type TestContext } from './helpers.js';
import { audit } from '../../server/src/db/audit.js';
import { adminCall, jpegHead, png, staffCookie } from './admin-fixtures.js';

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

async function admin(context = ctx) {
  const seeded = await seedTenant(context);
  const staff = await seedStaff(context, seeded.tenant.id, 'admin');
  return { ...seeded, staff, cookie: await staffCookie(context, staff.email, staff.password) };
}

const auditOf = (tenantId: string) => database.db.select().from(auditLog).where(eq(auditLog.tenantId, tenantId)).orderBy(auditLog.at);
const settingsOf = async (tenantId: string) => (await database.db.select().from(settings).where(eq(settings.tenantId, tenantId)))[0];

describe('general settings', () => {
  it('saves name, colours, info message, contact and portal address, and audits the change', async () => {
    const { tenant, cookie, staff, base } = await admin();
    const res = await adminCall(ctx, 'PATCH', '/settings', {
      cookie,
      body: {
        name: 'Ville de Saint-Test',
        primaryColor: '#0B5D1E',
        primaryTextColor: '#ffffff',
        infoMessage: 'Inscriptions aux vacances de la Toussaint ouvertes jusqu’au 10 octobre.',
        infoDate: '2026-09-20',
        contactEmail: 'Enfance@Saint-Test.fr',
        portalUrl: 'https://www.saint-test.fr/famille',
      },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ name: 'Ville de Saint-Test', primaryColor: '#0b5d1e', contactEmail: 'enfance@saint-test.fr', infoDate: '2026-09-20' });

    const config = await (await call(ctx, 'GET', `${base}/config`)).json();
    expect(config).toMatchObject({ name: 'Ville de Saint-Test', colors: { primary: '#0b5d1e', primaryText: '#ffffff' }, info: { date: '2026-09-20' } });

    const rows = await auditOf(tenant.id);
    const last = rows.at(-1)!;
    expect(last).toMatchObject({ action: 'reglages_modifies', staffUserId: staff.user.id });
    expect(last.details).toEqual({ champs: ['name', 'primaryColor', 'infoMessage', 'infoDate', 'contactEmail', 'portalUrl'] });

    const trail = await (await adminCall(ctx, 'GET', '/audit', { cookie })).json();
    expect(trail[0]).toMatchObject({ action: 'reglages_modifies', label: 'Réglages modifiés', by: 'Agent admin' });
    expect(trail[0].description).toContain('nom de la commune');
  });

  it('names changed fields in French in the history, never by their column name', async () => {
    const { tenant, cookie } = await admin();
    await audit(database.db, { tenantId: tenant.id }, 'tarif_modifie', null, { service: 'Cantine', champs: ['regieId', 'basePriceCents'] });
    const trail = await (await adminCall(ctx, 'GET', '/audit', { cookie })).json();
    expect(trail[0]).toMatchObject({ label: 'Tarif d’un service modifié', description: 'Cantine : régie, prix de base' });
    expect(JSON.stringify(trail)).not.toMatch(/regieId|basePriceCents/);
  });

  it('clears the info message with an empty value and writes no audit row when nothing changes', async () => {
    const { tenant, cookie } = await admin();
    await adminCall(ctx, 'PATCH', '/settings', { cookie, body: { infoMessage: 'Fermeture le 11 novembre', infoDate: '2026-11-11' } });
    const cleared = await (await adminCall(ctx, 'PATCH', '/settings', { cookie, body: { infoMessage: '', infoDate: '' } })).json();
    expect(cleared.infoMessage).toBeNull();
    expect(cleared.infoDate).toBeNull();
    const before = (await auditOf(tenant.id)).length;
    expect((await adminCall(ctx, 'PATCH', '/settings', { cookie, body: { infoMessage: null } })).status).toBe(200);
    expect(await auditOf(tenant.id)).toHaveLength(before);
  });

  it('refuses a text colour below 4.5:1 with the ratio in French, and a primary below 4.5:1 on white (the widget writes links in it)', async () => {
    const { tenant, cookie } = await admin();
    const res = await adminCall(ctx, 'PATCH', '/settings', { cookie, body: { primaryColor: '#1d4f91', primaryTextColor: '#5a7fb0' } });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.code).toBe('contraste_insuffisant');
    expect(body.message).toMatch(/contraste .* est de \d,\d\d:1/);
    expect(body.message).toContain('4,5:1');
    expect(body.fields.primaryTextColor).toMatch(/1,97:1/);

    const pale = await adminCall(ctx, 'PATCH', '/settings', { cookie, body: { primaryColor: '#ffd400', primaryTextColor: '#000000' } });
    expect(pale.status).toBe(422);
    const paleBody = await pale.json();
    expect(paleBody.fields.primaryColor).toMatch(/fond blanc/);
    expect(paleBody.fields.primaryColor).toContain('4,5:1');
    expect(paleBody.fields.primaryTextColor).toBeUndefined();

    // Orange passes the 3:1 of components but would make links unreadable on white.
    const orange = await adminCall(ctx, 'PATCH', '/settings', { cookie, body: { primaryColor: '#e07000', primaryTextColor: '#000000' } });
    expect(orange.status).toBe(422);
    expect((await orange.json()).fields.primaryColor).toMatch(/3,\d\d:1/);

    // Only one colour sent: checked against the stored other one.
    expect((await adminCall(ctx, 'PATCH', '/settings', { cookie, body: { primaryTextColor: '#2b4f80' } })).status).toBe(422);

    const row = await settingsOf(tenant.id);
    expect([row.primaryColor, row.primaryTextColor]).toEqual(['#1d4f91', '#ffffff']);
    expect((await auditOf(tenant.id)).map((r) => r.action)).toEqual(['commune_creee']);
  });

  it('answers every malformed field with a French 422 and writes nothing', async () => {
    const { tenant, cookie } = await admin();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ primaryColor: 'red' }, 'primaryColor', /hexadécimal/],
      [{ primaryColor: '#12345' }, 'primaryColor', /hexadécimal/],
      [{ infoMessage: 'x'.repeat(1001) }, 'infoMessage', /1000 caractères/],
      [{ infoDate: '2026-02-30' }, 'infoDate', /date valide/],
      [{ infoDate: '20/09/2026' }, 'infoDate', /date valide/],
      [{ contactEmail: 'pas-une-adresse' }, 'contactEmail', /n’est pas valide/],
      [{ portalUrl: 'http://www.ville.fr/famille' }, 'portalUrl', /https/],
      [{ portalUrl: 'https://user:pw@www.ville.fr/famille' }, 'portalUrl', /sans identifiant/],
      [{ portalUrl: 'javascript:alert(1)' }, 'portalUrl', /https/],
      [{ name: '   ' }, 'name', /obligatoire/],
      [{ name: 42 }, 'name', /obligatoire/],
      [{ logoImage: 'x' }, '_', /n’existe pas/],
    ];
    for (const [body, field, message] of cases) {
      const res = await adminCall(ctx, 'PATCH', '/settings', { cookie, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      const answer = await res.json();
      expect(answer.code).toBe('validation');
      const fieldMessage = answer.fields[field] ?? Object.values(answer.fields)[0];
      expect(fieldMessage, JSON.stringify(body)).toMatch(message);
    }
    expect((await adminCall(ctx, 'PATCH', '/settings', { cookie, body: '{"name":' })).status).toBe(400);
    expect((await adminCall(ctx, 'PATCH', '/settings', { cookie, body: '[1,2]' })).status).toBe(422);
    const [row] = await database.db.select().from(tenants).where(eq(tenants.id, tenant.id));
    expect(row.name).toBe('Ville de Test');
    expect((await auditOf(tenant.id)).map((r) => r.action)).toEqual(['commune_creee']);
  });
});

describe('banner logo', () => {
  const upload = (cookie: string, bytes: Buffer | string) =>
    adminCall(ctx, 'PUT', '/settings/logo', { cookie, body: { kind: 'image', data: typeof bytes === 'string' ? bytes : bytes.toString('base64') } });

  it('stores a PNG with its size, serves it to staff and to the widget, and audits it', async () => {
    const { tenant, cookie, base } = await admin();
    const image = png(320, 80);
    const res = await upload(cookie, image);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.logo).toMatchObject({ kind: 'image', mime: 'image/png', width: 320, height: 80 });

    const staffView = await ctx.app.request(body.logo.url, { headers: { Cookie: cookie } });
    expect(staffView.status).toBe(200);
    expect(staffView.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await staffView.arrayBuffer()).equals(image)).toBe(true);

    const config = await (await call(ctx, 'GET', `${base}/config`)).json();
    expect(config.logo).toMatchObject({ width: 320, height: 80 });
    expect((await call(ctx, 'GET', `${base}/logo`)).status).toBe(200);

    const last = (await auditOf(tenant.id)).at(-1)!;
    expect(last).toMatchObject({ action: 'logo_televerse', details: { type: 'image/png', largeur: 320, hauteur: 80, octets: image.length } });
  });

  it('accepts a JPEG (data URL too) and reads its size from the frame header', async () => {
    const { cookie } = await admin();
    const res = await upload(cookie, 'data:image/jpeg;base64,' + jpegHead(800, 130).toString('base64'));
    expect(res.status).toBe(200);
    expect((await res.json()).logo).toMatchObject({ mime: 'image/jpeg', width: 800, height: 130 });
  });

  it('refuses SVG, a renamed text file, GIF and broken base64, whatever they claim to be', async () => {
    const { tenant, cookie } = await admin();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" width="10" height="10"/>');
    for (const bytes of [svg, Buffer.from('ceci est un texte renommé en logo.png'), Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), png(10, 10).subarray(0, 20)]) {
      const res = await upload(cookie, 'data:image/png;base64,' + bytes.toString('base64'));
      expect(res.status).toBe(422);
      const body = await res.json();
      expect(body.code).toBe('format_image');
      expect(body.message).toMatch(/PNG ou JPEG/);
    }
    const broken = await upload(cookie, '***pas du base64***');
    expect(broken.status).toBe(422);
    expect((await broken.json()).code).toBe('image_invalide');
    expect((await settingsOf(tenant.id)).logoImage).toBeNull();
  });

  it('refuses a logo over 2 MB or larger than 1600 × 260 pixels', async () => {
    const { tenant, cookie } = await admin();
    const heavy = Buffer.concat([png(100, 50), Buffer.alloc(2 * 1024 * 1024)]);
    const res = await upload(cookie, heavy);
    expect(res.status).toBe(413);
    expect((await res.json()).message).toContain('2 Mo');

    const tall = await upload(cookie, png(400, 261));
    expect(tall.status).toBe(422);
    const tallBody = await tall.json();
    expect(tallBody.code).toBe('image_trop_grande');
    expect(tallBody.message).toContain('400 × 261');
    expect((await upload(cookie, jpegHead(1601, 100))).status).toBe(422);
    expect((await upload(cookie, png(1600, 260))).status).toBe(200);
    expect((await settingsOf(tenant.id)).logoWidth).toBe(1600);
  });

  it('accepts an https address instead, replacing the uploaded image; refuses http and credentials', async () => {
    const { tenant, cookie, base } = await admin();
    await upload(cookie, png(200, 60));
    const res = await adminCall(ctx, 'PUT', '/settings/logo', { cookie, body: { kind: 'url', url: 'https://www.ville-test.fr/images/logo.png' } });
    expect(res.status).toBe(200);
    expect((await res.json()).logo).toMatchObject({ kind: 'url', url: 'https://www.ville-test.fr/images/logo.png' });
    const row = await settingsOf(tenant.id);
    expect(row.logoImage).toBeNull();
    expect((await (await call(ctx, 'GET', `${base}/config`)).json()).logoUrl).toBe('https://www.ville-test.fr/images/logo.png');

    for (const url of ['http://www.ville-test.fr/logo.png', 'https://admin:secret@www.ville-test.fr/logo.png', 'data:image/png;base64,AAAA', 'logo.png', 'http://localhost/logo.png']) {
      const bad = await adminCall(ctx, 'PUT', '/settings/logo', { cookie, body: { kind: 'url', url } });
      expect(bad.status, url).toBe(422);
      expect((await bad.json()).fields.url).toMatch(/https/);
    }
    expect((await adminCall(ctx, 'PUT', '/settings/logo', { cookie, body: { kind: 'gif' } })).status).toBe(422);

    const removed = await adminCall(ctx, 'DELETE', '/settings/logo', { cookie });
    expect((await removed.json()).logo).toBeNull();
    expect((await auditOf(tenant.id)).map((r) => r.action)).toEqual(['commune_creee', 'logo_televerse', 'logo_adresse', 'logo_supprime']);
  });
});

describe('allowed origins', () => {
  it('adds an exact origin (normalised), lets the widget in from it, and removes it', async () => {
    const { tenant, cookie, base } = await admin();
    expect((await call(ctx, 'GET', `${base}/me`, { origin: 'https://mairie-test.fr' })).status).toBe(403);
    const res = await adminCall(ctx, 'POST', '/origins', { cookie, body: { origin: ' https://Mairie-Test.fr/ ' } });
    expect(res.status).toBe(201);
    const list = await res.json();
    const added = list.find((o: { origin: string }) => o.origin === 'https://mairie-test.fr');
    expect(added).toBeDefined();
    const preflight = await call(ctx, 'OPTIONS', `${base}/session`, { origin: 'https://mairie-test.fr' });
    expect(preflight.status).toBe(204);

    const dup = await adminCall(ctx, 'POST', '/origins', { cookie, body: { origin: 'https://mairie-test.fr' } });
    expect(dup.status).toBe(409);

    const removed = await adminCall(ctx, 'DELETE', `/origins/${added.id}`, { cookie });
    expect(removed.status).toBe(200);
    expect((await call(ctx, 'OPTIONS', `${base}/session`, { origin: 'https://mairie-test.fr' })).status).toBe(403);
    expect((await adminCall(ctx, 'DELETE', `/origins/${added.id}`, { cookie })).status).toBe(404);
    expect((await adminCall(ctx, 'DELETE', '/origins/pas-un-id', { cookie })).status).toBe(404);

    const actions = (await auditOf(tenant.id)).map((r) => [r.action, r.details]);
    expect(actions.slice(1)).toEqual([
      ['origine_ajoutee', { origine: 'https://mairie-test.fr' }],
      ['origine_supprimee', { origine: 'https://mairie-test.fr' }],
    ]);
  });

  it('refuses anything that is not an exact https origin (http only for localhost)', async () => {
    const { tenant, cookie } = await admin();
    for (const origin of ['http://www.ville.fr', 'https://www.ville.fr/page', 'https://www.ville.fr?x=1', 'https://u:p@www.ville.fr', 'www.ville.fr', '*', 'ftp://ville.fr']) {
      const res = await adminCall(ctx, 'POST', '/origins', { cookie, body: { origin } });
      expect(res.status, origin).toBe(422);
      const body = await res.json();
      expect(body.code).toBe('origine_invalide');
      expect(body.fields.origin).toMatch(/https:\/\/www\.ville\.fr/);
    }
    expect((await adminCall(ctx, 'POST', '/origins', { cookie, body: { origin: 'http://localhost:5173' } })).status).toBe(201);
    expect((await adminCall(ctx, 'POST', '/origins', { cookie, body: {} })).status).toBe(422);
    expect((await auditOf(tenant.id)).map((r) => r.action)).toEqual(['commune_creee', 'origine_ajoutee']);
  });
});

describe('public keys', () => {
  it('allows two active keys for rotation, refuses a third, and a revoked key stops the public API', async () => {
    const { tenant, cookie, publicKey, base } = await admin();
    const created = await adminCall(ctx, 'POST', '/keys', { cookie, body: { label: 'Nouveau site' } });
    expect(created.status).toBe(201);
    const keys = await created.json();
    expect(keys.filter((k: { active: boolean }) => k.active)).toHaveLength(2);
    const fresh = keys.find((k: { label: string }) => k.label === 'Nouveau site');
    expect(fresh.key).toMatch(/^pk_live_[A-Za-z0-9]{32}$/);
    expect((await call(ctx, 'GET', `/v1/t/${fresh.key}/config`)).status).toBe(200);

    const third = await adminCall(ctx, 'POST', '/keys', { cookie, body: {} });
    expect(third.status).toBe(409);
    const thirdBody = await third.json();
    expect(thirdBody.code).toBe('trop_de_cles');
    expect(thirdBody.message).toMatch(/Deux clés sont déjà actives/);

    const old = keys.find((k: { key: string }) => k.key === publicKey);
    const revoked = await adminCall(ctx, 'POST', `/keys/${old.id}/revoke`, { cookie, body: {} });
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).find((k: { id: string }) => k.id === old.id).revokedAt).not.toBeNull();

    const refused = await call(ctx, 'GET', `${base}/config`);
    expect(refused.status).toBe(401);
    expect((await refused.json()).code).toBe('cle_revoquee');
    expect((await adminCall(ctx, 'POST', `/keys/${old.id}/revoke`, { cookie, body: {} })).status).toBe(409);
    // Room again for a rotation.
    expect((await adminCall(ctx, 'POST', '/keys', { cookie, body: {} })).status).toBe(201);

    const actions = (await auditOf(tenant.id)).map((r) => r.action);
    expect(actions).toEqual(['commune_creee', 'cle_creee', 'cle_revoquee', 'cle_creee']);
  });

  it('revokes the last active key only with explicit confirmation', async () => {
    const { tenant, cookie } = await admin();
    const [only] = await (await adminCall(ctx, 'GET', '/keys', { cookie })).json();
    const res = await adminCall(ctx, 'POST', `/keys/${only.id}/revoke`, { cookie, body: {} });
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.code).toBe('derniere_cle');
    expect(body.message).toMatch(/dernière clé active/);
    expect((await adminCall(ctx, 'POST', `/keys/${only.id}/revoke`, { cookie, body: { confirmLast: 'oui' } })).status).toBe(422);
    expect((await (await adminCall(ctx, 'GET', '/keys', { cookie })).json())[0].active).toBe(true);
    expect((await adminCall(ctx, 'POST', `/keys/${only.id}/revoke`, { cookie, body: { confirmLast: true } })).status).toBe(200);
    const last = (await auditOf(tenant.id)).at(-1)!;
    expect(last).toMatchObject({ action: 'cle_revoquee', target: only.id });
  });
});

describe('integration snippet', () => {
  it('pins the built widget with its SRI and this tenant’s newest active key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portail-widget-'));
    writeFileSync(join(dir, 'portail.js'), 'export const portail = "v1";');
    const built = makeContext(database, { widgetDir: dir, publicUrl: 'https://portail.example' });
    const { cookie, publicKey } = await admin(built);
    const res = await adminCall(built, 'GET', '/snippet', { cookie });
    expect(res.status).toBe(200);
    const snippet = await res.json();
    expect(snippet.version).toMatch(/^[0-9a-f]{12}$/);
    expect(snippet.integrity).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
    expect(snippet.script).toBe(
      `<script type="module" src="https://portail.example/widget/v1/${snippet.version}/portail.js" integrity="${snippet.integrity}" crossorigin="anonymous" data-portail-key="${publicKey}" data-portail-api="https://portail.example"></script>`,
    );
    expect(snippet.html).toContain('<portail-login></portail-login>');
    // Every element with its links: the home's shortcuts, and the sign-in page (the portal page of the settings).
    expect(snippet.html).toContain('<portail-accueil planning-href="/enfance/reservations" factures-href="/enfance/factures" famille-href="/enfance/dossier-famille"></portail-accueil>');
    for (const tag of ['portail-planning', 'portail-factures', 'portail-famille']) {
      expect(snippet.html).toContain(`<${tag} login-href="${ORIGIN}/portail-famille"></${tag}>`);
    }
    // The pinned address really serves that file.
    const served = await built.app.request(`/widget/v1/${snippet.version}/portail.js`);
    expect(await served.text()).toBe('export const portail = "v1";');
  });

  it('falls back to the unversioned script without SRI when the widget is not built', async () => {
    const empty = makeContext(database, { widgetDir: mkdtempSync(join(tmpdir(), 'portail-empty-')) });
    const { cookie, publicKey } = await admin(empty);
    const snippet = await (await adminCall(empty, 'GET', '/snippet', { cookie })).json();
    expect(snippet).toMatchObject({ version: null, integrity: null, publicKey });
    expect(snippet.script).toBe(
      `<script type="module" src="http://api.test/widget/v1/portail.js" crossorigin="anonymous" data-portail-key="${publicKey}" data-portail-api="http://api.test"></script>`,
    );
  });
});
