import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Database } from '../../server/src/db/client.js';
import { auditLog, children, families } from '../../server/src/db/schema/index.js';
import { call, makeContext, openTestDatabase, seedFamily, testEncryption, unique, type TestContext } from './helpers.js';
import { adminCall } from './admin-fixtures.js';
import { staffTenant } from './admin-planning-fixtures.js';

/**
 * The staff "Familles" section: search, the family detail (never a password, hash or code), the
 * sensitive data read on explicit request and audited, activation letters and reset mail.
 */

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());
afterEach(() => ctx.clock.set('2026-09-07T08:00:00Z'));

const PASSWORD = 'un mot de passe bien long';

/** No answer of the detail or the search may carry a password hash or an activation code. */
function expectNoSecret(body: unknown, codes: (string | undefined)[] = []) {
  const textOf = JSON.stringify(body);
  expect(textOf).not.toMatch(/password|argon2|codeHash|code_hash/i);
  for (const code of codes) if (code) expect(textOf).not.toContain(code);
}

async function json(res: Response, status = 200) {
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body;
}

describe('search and detail', () => {
  it('finds a family by name, number, child or e-mail, 50 a page, without any secret', async () => {
    const town = await staffTenant(ctx);
    const seeded = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const pending = await seedFamily(ctx, town.tenant.id);
    const cookie = town.agent.cookie;

    for (const q of ['martin', seeded.number, 'Léa', seeded.email]) {
      const found = await json(await adminCall(ctx, 'GET', `/families?q=${encodeURIComponent(q)}`, { cookie }));
      expect(found.items.map((f: { id: string }) => f.id), q).toContain(seeded.family.id);
      expectNoSecret(found, [pending.code]);
    }
    const byNumber = await json(await adminCall(ctx, 'GET', `/families?q=${encodeURIComponent(pending.number)}`, { cookie }));
    expect(byNumber.items).toHaveLength(1);
    expect(byNumber.items[0]).toMatchObject({ familyNumber: pending.number, activatedAt: null, children: ['Léa Martin', 'Hugo Martin'] });

    await database.db.insert(families).values(Array.from({ length: 55 }, (_, i) => ({ tenantId: town.tenant.id, familyNumber: unique(`P${i}-`), name: `Famille Page ${String(i).padStart(2, '0')}` })));
    const first = await json(await adminCall(ctx, 'GET', '/families?q=page', { cookie }));
    expect(first).toMatchObject({ total: 55, pageSize: 50, pages: 2 });
    expect(first.items).toHaveLength(50);
    const second = await json(await adminCall(ctx, 'GET', '/families?q=page&page=2', { cookie }));
    expect(second.items.map((f: { name: string }) => f.name)).toEqual(['Famille Page 50', 'Famille Page 51', 'Famille Page 52', 'Famille Page 53', 'Famille Page 54']);
  });

  it('shows the detail with guardians, children, enrolments and account state, never a password or a code', async () => {
    const town = await staffTenant(ctx);
    const active = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const never = await seedFamily(ctx, town.tenant.id);
    const cookie = town.agent.cookie;

    await json(
      await adminCall(ctx, 'PATCH', `/families/${active.family.id}`, {
        cookie,
        body: { guardians: { responsable: { firstName: 'Claire', lastName: 'Martin', addressLine1: '12 rue des Écoles', postalCode: '31000', city: 'Toulouse', phoneMobile: '06 12 34 56 78' } } },
      }),
    );
    const detail = await json(await adminCall(ctx, 'GET', `/families/${active.family.id}`, { cookie }));
    expect(detail.account).toMatchObject({ activated: true, label: 'Compte activé le 7 septembre 2026' });
    expect(detail.guardians).toEqual([expect.objectContaining({ role: 'responsable', firstName: 'Claire', city: 'Toulouse', phoneMobile: '06 12 34 56 78' })]);
    expect(detail.children.map((c: { firstName: string; school: string; enrollments: number }) => [c.firstName, c.school, c.enrollments])).toEqual([
      ['Léa', 'École Jules Ferry', 0],
      ['Hugo', 'École Jules Ferry', 0],
    ]);
    expectNoSecret(detail);

    const other = await json(await adminCall(ctx, 'GET', `/families/${never.family.id}`, { cookie }));
    expect(other.account).toMatchObject({ activated: false, label: 'Jamais activé', activationLetterPending: true });
    expectNoSecret(other, [never.code]);
  });

  it('answers 404 for a family of another commune, for reads and writes alike', async () => {
    const town = await staffTenant(ctx);
    const elsewhere = await staffTenant(ctx, 'Autre Ville');
    const theirs = await seedFamily(ctx, elsewhere.tenant.id, { password: PASSWORD });
    const cookie = town.admin.cookie;
    expect((await adminCall(ctx, 'GET', `/families/${theirs.family.id}`, { cookie })).status).toBe(404);
    expect((await adminCall(ctx, 'GET', `/families/${theirs.family.id}/sensitive?what=iban`, { cookie })).status).toBe(404);
    expect((await adminCall(ctx, 'PATCH', `/families/${theirs.family.id}`, { cookie, body: { name: 'Volée' } })).status).toBe(404);
    expect((await adminCall(ctx, 'POST', `/families/${theirs.family.id}/activation-letter`, { cookie })).status).toBe(404);
    expect((await adminCall(ctx, 'POST', `/families/${theirs.family.id}/password-reset`, { cookie })).status).toBe(404);
    expect((await adminCall(ctx, 'POST', '/families/letters', { cookie, body: { familyIds: [theirs.family.id], format: 'csv' } })).status).toBe(404);
    const search = await json(await adminCall(ctx, 'GET', `/families?q=${encodeURIComponent(theirs.number)}`, { cookie }));
    expect(search.items).toEqual([]);
    const [row] = await database.db.select({ name: families.name }).from(families).where(eq(families.id, theirs.family.id));
    expect(row.name).toBe('Famille Martin');
  });
});

describe('family and child edits', () => {
  it('creates a family with a unique number per commune, then a child whose school is found by name', async () => {
    const town = await staffTenant(ctx);
    const cookie = town.agent.cookie;
    const number = unique('N');
    const created = await json(
      await adminCall(ctx, 'POST', '/families', {
        cookie,
        body: { familyNumber: number, name: 'Famille Durand', email: 'Ines.Durand@Exemple.fr', guardians: { responsable: { firstName: 'Inès', lastName: 'Durand', city: 'Albi' } } },
      }),
      201,
    );
    expect(created).toMatchObject({ familyNumber: number, email: 'ines.durand@exemple.fr', account: { label: 'Jamais activé' } });
    const twice = await adminCall(ctx, 'POST', '/families', { cookie, body: { familyNumber: number, name: 'Doublon' } });
    expect(twice.status).toBe(409);
    expect((await twice.json()).fields.familyNumber).toBe('Ce numéro de famille existe déjà dans la commune.');
    const elsewhere = await staffTenant(ctx, 'Autre Ville');
    expect((await adminCall(ctx, 'POST', '/families', { cookie: elsewhere.agent.cookie, body: { familyNumber: number, name: 'Même numéro ailleurs' } })).status).toBe(201);

    const withChild = await json(
      await adminCall(ctx, 'POST', `/families/${created.id}/children`, {
        cookie,
        body: { firstName: 'Zoé', lastName: 'Durand', birthDate: '2019-05-02', school: 'École Pasteur', className: 'CE1', diet: 'sans_viande' },
      }),
      201,
    );
    expect(withChild.children).toEqual([expect.objectContaining({ firstName: 'Zoé', school: 'École Pasteur', className: 'CE1', diet: 'sans_viande', dietLabel: 'Sans viande' })]);
    const edited = await json(await adminCall(ctx, 'PATCH', `/families/${created.id}/children/${withChild.children[0].id}`, { cookie, body: { className: 'CE2', school: 'École Pasteur' } }));
    expect(edited.children[0]).toMatchObject({ className: 'CE2', schoolId: withChild.children[0].schoolId });
    const bad = await adminCall(ctx, 'POST', `/families/${created.id}/children`, { cookie, body: { firstName: '', lastName: 'Durand', birthDate: '2019-02-30' } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields).toMatchObject({ firstName: 'Le prénom est obligatoire.', birthDate: 'La date de naissance doit être une date valide (AAAA-MM-JJ).' });
  });
});

describe('sensitive data', () => {
  it('decrypts health data and the IBAN only on request, for agents and admins, with one audit row each in the same transaction', async () => {
    const town = await staffTenant(ctx);
    const seeded = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    await database.db
      .update(families)
      .set({ ibanSealed: testEncryption.encrypt('FR7630006000011234567890189'), ibanMasked: 'FR76 •••• 0189', bic: 'AGRIFRPP' })
      .where(eq(families.id, seeded.family.id));
    await database.db
      .update(children)
      .set({ healthSealed: testEncryption.encrypt(JSON.stringify({ allergies: 'arachide', pai: true })) })
      .where(and(eq(children.familyId, seeded.family.id), eq(children.firstName, 'Léa')));

    const detail = await json(await adminCall(ctx, 'GET', `/families/${seeded.family.id}`, { cookie: town.agent.cookie }));
    expect(JSON.stringify(detail)).not.toContain('arachide');
    expect(JSON.stringify(detail)).not.toContain('FR7630006000011234567890189');
    expect(detail).toMatchObject({ hasIban: true, ibanMasked: 'FR76 •••• 0189' });
    expect(detail.children.find((c: { firstName: string }) => c.firstName === 'Léa').hasHealthData).toBe(true);

    const health = await json(await adminCall(ctx, 'GET', `/families/${seeded.family.id}/sensitive?what=donnees_sante`, { cookie: town.agent.cookie }));
    expect(health.children.find((c: { firstName: string }) => c.firstName === 'Léa').health).toEqual({ allergies: 'arachide', pai: true });
    expect(health.children.find((c: { firstName: string }) => c.firstName === 'Hugo').health).toBeNull();
    const iban = await json(await adminCall(ctx, 'GET', `/families/${seeded.family.id}/sensitive?what=iban`, { cookie: town.admin.cookie }));
    expect(iban).toMatchObject({ iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' });
    expect((await adminCall(ctx, 'GET', `/families/${seeded.family.id}/sensitive`, { cookie: town.admin.cookie })).status).toBe(422);

    const rows = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, town.tenant.id), eq(auditLog.action, 'donnees_sensibles_lues')))
      .orderBy(auditLog.at);
    expect(rows.map((r) => [r.staffUserId, r.target, r.details.quoi])).toEqual([
      [town.agent.user.id, seeded.family.id, 'donnees_sante'],
      [town.admin.user.id, seeded.family.id, 'iban'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('arachide');
  });

  it('writes no audit row and reveals nothing when the read fails', async () => {
    const town = await staffTenant(ctx);
    const seeded = await seedFamily(ctx, town.tenant.id);
    await database.db.update(families).set({ ibanSealed: 'v1.corrompu.x.y' }).where(eq(families.id, seeded.family.id));
    const res = await adminCall(ctx, 'GET', `/families/${seeded.family.id}/sensitive?what=iban`, { cookie: town.agent.cookie });
    expect(res.status).toBe(500);
    const rows = await database.db.select().from(auditLog).where(and(eq(auditLog.tenantId, town.tenant.id), eq(auditLog.action, 'donnees_sensibles_lues')));
    expect(rows).toEqual([]);
  });
});

describe('activation letters', () => {
  it('exports a CSV of fresh codes for every family never activated; a code activates the account, older codes are dead', async () => {
    const town = await staffTenant(ctx);
    const pending = await seedFamily(ctx, town.tenant.id);
    const active = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    await adminCall(ctx, 'PATCH', `/families/${pending.family.id}`, {
      cookie: town.agent.cookie,
      body: { guardians: { responsable: { firstName: 'Claire', lastName: 'Martin', addressLine1: '=HYPERLINK("http://x")', postalCode: '31000', city: 'Toulouse' } } },
    });

    const res = await adminCall(ctx, 'POST', '/families/letters', { cookie: town.agent.cookie, body: { format: 'csv' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="lettres-activation-2026-09-07.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes.slice(3));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe("Numéro de famille;Nom;Adresse;Code postal;Ville;Code d'activation;Valable jusqu'au");
    expect(csv).not.toContain(active.number);
    const line = lines.find((l) => l.startsWith(pending.number))!;
    expect(line).toContain(`;"'=HYPERLINK(""http://x"")";31000;Toulouse;`);
    const cells = line.split(';');
    const [code, until] = cells.slice(-2);
    expect(until).toBe('06/11/2026');
    expect(code).toMatch(/^[0-9A-Z-]{20,}$/);

    const old = await call(ctx, 'POST', `${town.base}/activation`, { body: { familyNumber: pending.number, code: pending.code, email: `${unique('a')}@exemple.fr`, password: PASSWORD } });
    expect(old.status).toBe(400);
    const ok = await call(ctx, 'POST', `${town.base}/activation`, { body: { familyNumber: pending.number, code, email: `${unique('b')}@exemple.fr`, password: PASSWORD } });
    expect(ok.status).toBe(201);

    const [row] = await database.db.select().from(auditLog).where(and(eq(auditLog.tenantId, town.tenant.id), eq(auditLog.action, 'lettres_activation')));
    expect(row).toMatchObject({ staffUserId: town.agent.user.id, details: { nombre: 1, format: 'csv' } });
    expect(JSON.stringify(row)).not.toContain(code);
  });

  it('exports the same columns as an XLSX workbook with a bold header', async () => {
    const town = await staffTenant(ctx);
    const pending = await seedFamily(ctx, town.tenant.id);
    const res = await adminCall(ctx, 'POST', '/families/letters', { cookie: town.agent.cookie, body: { familyIds: [pending.family.id], format: 'xlsx' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, 'Numéro de famille', 'Nom', 'Adresse', 'Code postal', 'Ville', "Code d'activation", "Valable jusqu'au"]);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getColumn(6).width).toBeGreaterThan(20);
    expect(sheet.rowCount).toBe(2);
    const code = String(sheet.getRow(2).getCell(6).value);
    expect(sheet.getRow(2).getCell(1).value).toBe(pending.number);
    const ok = await call(ctx, 'POST', `${town.base}/activation`, { body: { familyNumber: pending.number, code, email: `${unique('x')}@exemple.fr`, password: PASSWORD } });
    expect(ok.status).toBe(201);
  });

  it('reissues one family’s letter: the code is in that answer only, older ones die; an activated account is refused', async () => {
    const town = await staffTenant(ctx);
    const pending = await seedFamily(ctx, town.tenant.id);
    const active = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const first = await json(await adminCall(ctx, 'POST', `/families/${pending.family.id}/activation-letter`, { cookie: town.agent.cookie }), 201);
    const second = await json(await adminCall(ctx, 'POST', `/families/${pending.family.id}/activation-letter`, { cookie: town.agent.cookie }), 201);
    expect(second.code).not.toBe(first.code);
    const detail = await json(await adminCall(ctx, 'GET', `/families/${pending.family.id}`, { cookie: town.agent.cookie }));
    expectNoSecret(detail, [first.code, second.code]);
    for (const code of [pending.code, first.code]) {
      const dead = await call(ctx, 'POST', `${town.base}/activation`, { body: { familyNumber: pending.number, code, email: `${unique('d')}@exemple.fr`, password: PASSWORD } });
      expect(dead.status).toBe(400);
    }
    const ok = await call(ctx, 'POST', `${town.base}/activation`, { body: { familyNumber: pending.number, code: second.code, email: `${unique('e')}@exemple.fr`, password: PASSWORD } });
    expect(ok.status).toBe(201);

    const refused = await adminCall(ctx, 'POST', `/families/${active.family.id}/activation-letter`, { cookie: town.agent.cookie });
    expect(refused.status).toBe(409);
  });

  it('prints one PDF letter per family, and says so when no family waits for a letter', async () => {
    const town = await staffTenant(ctx);
    const pending = await seedFamily(ctx, town.tenant.id);
    await seedFamily(ctx, town.tenant.id);
    const res = await adminCall(ctx, 'POST', '/families/letters', { cookie: town.agent.cookie, body: { format: 'pdf' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-letters-count')).toBe('2');
    expect(new TextDecoder().decode((await res.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    const single = await adminCall(ctx, 'POST', `/families/${pending.family.id}/activation-letter`, { cookie: town.agent.cookie, body: { format: 'pdf' } });
    expect(single.status).toBe(200);
    expect(single.headers.get('content-disposition')).toBe(`attachment; filename="lettre-activation-${pending.number}.pdf"`);

    const done = await staffTenant(ctx, 'Ville Activée');
    await seedFamily(ctx, done.tenant.id, { password: PASSWORD });
    const none = await adminCall(ctx, 'POST', '/families/letters', { cookie: done.agent.cookie, body: { format: 'csv' } });
    expect(none.status).toBe(422);
  });
});

describe('reset mail and rights', () => {
  it('sends the parents’ reset mail with a link built from the portal address', async () => {
    const town = await staffTenant(ctx);
    const active = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
    const pending = await seedFamily(ctx, town.tenant.id);
    const res = await json(await adminCall(ctx, 'POST', `/families/${active.family.id}/password-reset`, { cookie: town.agent.cookie }));
    expect(res.message).toContain(active.email);
    await ctx.flushMail();
    const [mail] = ctx.mail.to(active.email);
    expect(mail.subject).toBe('Ville de Test – Réinitialisation de votre mot de passe');
    const token = /#portail-reset=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(mail.text).toContain('https://www.ville-test.fr/portail-famille#portail-reset=');
    const reset = await call(ctx, 'POST', `${town.base}/password/reset`, { body: { token, password: 'un tout nouveau mot de passe' } });
    expect(reset.status).toBeLessThan(300);
    expect((await adminCall(ctx, 'POST', `/families/${pending.family.id}/password-reset`, { cookie: town.agent.cookie })).status).toBe(409);
  });

  it('lets agents read and send letters, keeps imports for admins, and refuses without a session or from another origin', async () => {
    const town = await staffTenant(ctx);
    const payload = { filename: 'familles.csv', data: Buffer.from('numero_famille;nom_famille\r\nF1;DUPONT\r\n').toString('base64') };
    const agentImport = await adminCall(ctx, 'POST', '/families/import/preview', { cookie: town.agent.cookie, body: payload });
    expect(agentImport.status).toBe(403);
    expect((await adminCall(ctx, 'POST', '/families/import/apply', { cookie: town.agent.cookie, body: payload })).status).toBe(403);
    expect((await adminCall(ctx, 'POST', '/families/import/preview', { cookie: town.admin.cookie, body: payload })).status).toBe(200);
    expect((await adminCall(ctx, 'GET', '/families')).status).toBe(401);
    expect((await adminCall(ctx, 'POST', '/families/letters', { cookie: town.agent.cookie, origin: 'https://evil.example', body: { format: 'csv' } })).status).toBe(403);
    expect((await adminCall(ctx, 'GET', '/change-requests', { cookie: town.agent.cookie })).status).toBe(200);
  });
});
