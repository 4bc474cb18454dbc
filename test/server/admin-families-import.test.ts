import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Database } from '../../server/src/db/client.js';
import { auditLog, children, families, guardians } from '../../server/src/db/schema/index.js';
import { makeContext, openTestDatabase, type TestContext } from './helpers.js';
import { adminCall } from './admin-fixtures.js';
import { staffTenant } from './admin-planning-fixtures.js';

/** Import of the families of a commune migrating from another portal: preview, all-or-nothing apply, idempotent re-import. */

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

const HEADER = 'numero_famille;nom_famille;email;responsable_prenom;responsable_nom;telephone;adresse;code_postal;ville;enfant_prenom;enfant_nom;enfant_naissance;ecole;classe';
const GOOD = [
  HEADER,
  'F001;DUPONT;paul.dupont@exemple.fr;Paul;DUPONT;06 11 22 33 44;3 place de la Mairie;31000;Toulouse;Emma;DUPONT;14/03/2018;École Jules Ferry;CE1',
  'F001;DUPONT;paul.dupont@exemple.fr;Paul;DUPONT;06 11 22 33 44;3 place de la Mairie;31000;Toulouse;Tom;DUPONT;2020-11-02;École Jules Ferry;GS',
  'F002;"LEFÈVRE; MOREAU";;Anne;LEFÈVRE;05 61 00 00 00;"1 rue du Lac";31500;Toulouse;Jade;MOREAU;01/09/2019;École Pasteur;CP',
].join('\r\n');

const payload = (content: string | Uint8Array, filename = 'familles.csv') => ({ filename, data: Buffer.from(content).toString('base64') });

async function post(cookie: string, path: string, body: unknown) {
  const res = await adminCall(ctx, 'POST', `/families/import/${path}`, { cookie, body });
  return { status: res.status, body: await res.json() };
}

const familiesOf = (tenantId: string) =>
  database.db.select({ number: families.familyNumber, name: families.name, email: families.email }).from(families).where(eq(families.tenantId, tenantId)).orderBy(asc(families.familyNumber));
const childrenOf = (tenantId: string) =>
  database.db.select({ firstName: children.firstName, lastName: children.lastName, birthDate: children.birthDate, className: children.className }).from(children).where(eq(children.tenantId, tenantId)).orderBy(asc(children.firstName));

describe('family import', () => {
  it('previews a CSV with its summary, applies it, and a second import of the same file changes nothing', async () => {
    const town = await staffTenant(ctx);
    const cookie = town.admin.cookie;
    const preview = await post(cookie, 'preview', payload('\uFEFF' + GOOD));
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      format: 'csv',
      encoding: 'utf-8',
      separator: ';',
      errorCount: 0,
      summary: { rows: 3, familiesToCreate: 2, familiesToUpdate: 0, childrenToCreate: 3, schoolsToCreate: 2 },
    });
    expect(await familiesOf(town.tenant.id)).toEqual([]);

    const applied = await post(cookie, 'apply', payload('\uFEFF' + GOOD));
    expect(applied.status).toBe(200);
    expect(applied.body.applied).toBe(true);
    expect(await familiesOf(town.tenant.id)).toEqual([
      { number: 'F001', name: 'DUPONT', email: 'paul.dupont@exemple.fr' },
      { number: 'F002', name: 'LEFÈVRE; MOREAU', email: null },
    ]);
    expect(await childrenOf(town.tenant.id)).toEqual([
      { firstName: 'Emma', lastName: 'DUPONT', birthDate: '2018-03-14', className: 'CE1' },
      { firstName: 'Jade', lastName: 'MOREAU', birthDate: '2019-09-01', className: 'CP' },
      { firstName: 'Tom', lastName: 'DUPONT', birthDate: '2020-11-02', className: 'GS' },
    ]);
    const [anne] = await database.db.select().from(guardians).where(and(eq(guardians.tenantId, town.tenant.id), eq(guardians.firstName, 'Anne')));
    expect(anne).toMatchObject({ role: 'responsable', phoneHome: '05 61 00 00 00', phoneMobile: null, postalCode: '31500' });

    const again = await post(cookie, 'apply', payload(GOOD));
    expect(again.body.summary).toMatchObject({ familiesToCreate: 0, familiesToUpdate: 0, familiesUnchanged: 2, childrenToCreate: 0, childrenToUpdate: 0 });
    expect(await childrenOf(town.tenant.id)).toHaveLength(3);

    const moved = await post(cookie, 'apply', payload(GOOD.replace('Emma;DUPONT;14/03/2018;École Jules Ferry;CE1', 'Emma;DUPONT;14/03/2018;École Jules Ferry;CE2')));
    expect(moved.body.summary).toMatchObject({ familiesToCreate: 0, familiesToUpdate: 1, childrenToCreate: 0, childrenToUpdate: 1 });
    expect((await childrenOf(town.tenant.id))[0]).toMatchObject({ firstName: 'Emma', className: 'CE2' });

    const audits = await database.db.select().from(auditLog).where(and(eq(auditLog.tenantId, town.tenant.id), eq(auditLog.action, 'familles_importees')));
    expect(audits).toHaveLength(3);
    expect(audits[0].details).toMatchObject({ fichier: 'familles.csv', familles_creees: 2, enfants_crees: 3 });
  });

  it('lists errors in French by line and column, and an apply with any error writes nothing (422)', async () => {
    const town = await staffTenant(ctx);
    const cookie = town.admin.cookie;
    const bad = [
      HEADER,
      'F010;BERNARD;bernard@exemple.fr;Luc;BERNARD;;;;;Nina;BERNARD;31/02/2018;École Pasteur;CE1',
      'F011;;pas-un-email;;;;;;;Léo;PETIT;2019-04-01;;',
      'F012;ROUX;roux@exemple.fr;;;;;;;;;;;',
    ].join('\n');
    const preview = await post(cookie, 'preview', payload(bad));
    expect(preview.status).toBe(200);
    expect(preview.body.errors).toEqual([
      { row: 2, column: 'enfant_naissance', message: 'La date de naissance « 31/02/2018 » n’est pas une date valide (JJ/MM/AAAA ou AAAA-MM-JJ).' },
      { row: 3, column: 'nom_famille', message: 'Le nom de la famille est obligatoire.' },
      { row: 3, column: 'email', message: 'L’e-mail « pas-un-email » n’est pas valide.' },
    ]);
    const applied = await post(cookie, 'apply', payload(bad));
    expect(applied.status).toBe(422);
    expect(applied.body).toMatchObject({ code: 'import_invalide', applied: false, errorCount: 3 });
    expect(await familiesOf(town.tenant.id)).toEqual([]);
    const audits = await database.db.select().from(auditLog).where(and(eq(auditLog.tenantId, town.tenant.id), eq(auditLog.action, 'familles_importees')));
    expect(audits).toEqual([]);
  });

  it('refuses an e-mail another family of the portal already uses, and a file without the key columns', async () => {
    const town = await staffTenant(ctx);
    const cookie = town.admin.cookie;
    await post(cookie, 'apply', payload(GOOD));
    const clash = await post(cookie, 'preview', payload([HEADER, 'F099;NOUVEAU;paul.dupont@exemple.fr;;;;;;;;;;;'].join('\n')));
    expect(clash.body.errors).toEqual([{ row: 2, column: 'email', message: 'L’e-mail « paul.dupont@exemple.fr » est déjà celui de la famille n° F001 dans le portail.' }]);
    const headless = await post(cookie, 'preview', payload('nom;prenom\nDUPONT;Paul\n'));
    expect(headless.body.errors.map((e: { column: string }) => e.column)).toEqual(['numero_famille', 'nom_famille']);
  });

  it('reads a comma-separated Windows-1252 CSV and an XLSX workbook with real date cells', async () => {
    const town = await staffTenant(ctx);
    const cookie = town.admin.cookie;
    const latin1 = Buffer.from(
      ['numero_famille,nom_famille,enfant_prenom,enfant_nom,enfant_naissance,ecole', 'W01,GARÇON,Chloé,GARÇON,05/06/2017,École Fénelon'].join('\r\n'),
      'latin1',
    );
    const csv = await post(cookie, 'apply', payload(latin1));
    expect(csv.body).toMatchObject({ applied: true, encoding: 'windows-1252', separator: ',' });
    expect(await familiesOf(town.tenant.id)).toEqual([{ number: 'W01', name: 'GARÇON', email: null }]);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Familles');
    sheet.addRow(HEADER.split(';'));
    sheet.addRow(['X01', 'BLANC', 'blanc@exemple.fr', 'Marc', 'BLANC', '0611223344', '2 rue Haute', 9000, 'Foix', 'Lina', 'BLANC', new Date(Date.UTC(2016, 0, 31)), 'École du Centre', 'CM1']);
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
    const applied = await post(cookie, 'apply', payload(xlsx, 'export.xlsx'));
    expect(applied.body).toMatchObject({ applied: true, format: 'xlsx', errorCount: 0 });
    const lina = (await childrenOf(town.tenant.id)).find((c) => c.firstName === 'Lina');
    expect(lina).toMatchObject({ birthDate: '2016-01-31', className: 'CM1' });
    const [marc] = await database.db.select().from(guardians).where(and(eq(guardians.tenantId, town.tenant.id), eq(guardians.firstName, 'Marc')));
    expect(marc).toMatchObject({ postalCode: '09000', phoneMobile: '0611223344' });
  });

  it('offers the template, refuses an unreadable workbook and a file over 10 Mo', async () => {
    const town = await staffTenant(ctx);
    const template = await adminCall(ctx, 'GET', '/families/import/template.csv', { cookie: town.agent.cookie });
    expect(template.status).toBe(200);
    expect((await template.text()).replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(HEADER);
    const broken = await post(town.admin.cookie, 'preview', payload('pas un classeur', 'familles.xlsx'));
    expect(broken.status).toBe(422);
    expect(broken.body.code).toBe('fichier_illisible');
    const huge = await post(town.admin.cookie, 'preview', payload(new Uint8Array(10 * 1024 * 1024 + 10)));
    expect(huge.status).toBe(413);
  });
});
