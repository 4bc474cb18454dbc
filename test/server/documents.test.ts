import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Database } from '../../server/src/db/client.js';
import { auditLog, children, outbox } from '../../server/src/db/schema/index.js';
import { call, makeContext, openTestDatabase, seedFamily, seedStaff, seedTenant, unique, type TestContext } from './helpers.js';
import { adminCall, jpegHead, png, staffCookie } from './admin-fixtures.js';

let database: Database;
let ctx: TestContext;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

const PASSWORD = 'un mot de passe solide';

async function signedInFamily(town: { tenant: { id: string }; base: string }) {
  const family = await seedFamily(ctx, town.tenant.id, { password: PASSWORD });
  const login = await call(ctx, 'POST', `${town.base}/session`, { body: { login: family.email, password: PASSWORD }, headers: { 'X-Forwarded-For': unique('ip-') } });
  expect(login.status).toBe(201);
  const kids = await database.db.select({ id: children.id, firstName: children.firstName }).from(children).where(eq(children.familyId, family.family.id));
  return { ...family, token: (await login.json()).token as string, children: kids };
}

async function seedTown() {
  const town = await seedTenant(ctx);
  const agent = await seedStaff(ctx, town.tenant.id, 'agent');
  const admin = await seedStaff(ctx, town.tenant.id, 'admin');
  return { ...town, agentCookie: await staffCookie(ctx, agent.email, agent.password), agent, adminCookie: await staffCookie(ctx, admin.email, admin.password) };
}

async function realPdf(text = 'Attestation de paiement CAF') {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText(text, { x: 50, y: 700, font, size: 12 });
  return Buffer.from(await doc.save());
}

const rawPdf = (body: string) => Buffer.from(`%PDF-1.7\n%\xe2\xe3\xcf\xd3\n${body}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'latin1');

/** A PDF whose action dictionary hides in a compressed object stream (PDF 1.5+). */
function pdfWithObjectStream(objects: string) {
  const data = deflateSync(Buffer.from(`6 0 ${objects}`, 'latin1'));
  return Buffer.concat([
    Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /OpenAction 6 0 R >>\nendobj\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ' + data.length + ' >>\nstream\n', 'latin1'),
    data,
    Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  ]);
}

const upload = (town: { base: string }, token: string, body: Record<string, unknown>) => call(ctx, 'POST', `${town.base}/documents`, { token, body });
const b64 = (bytes: Buffer) => bytes.toString('base64');

describe('parents upload their documents', () => {
  it('accepts a PDF, a PNG and a JPEG, typed by their bytes, and lists them with French labels', async () => {
    const town = await seedTown();
    const family = await signedInFamily(town);
    const lea = family.children.find((c) => c.firstName === 'Léa')!;
    const pdf = await realPdf();
    const sent = [
      { body: { type: 'attestation_caf', title: 'Attestation CAF septembre', data: b64(pdf) }, mime: 'application/pdf', size: pdf.length },
      { body: { type: 'certificat_medical', title: 'Certificat – Léa', childId: lea.id, data: `data:image/png;base64,${b64(png(40, 30))}` }, mime: 'image/png', size: png(40, 30).length },
      { body: { type: 'justificatif_domicile', title: 'Facture EDF', data: b64(jpegHead(800, 600)) }, mime: 'image/jpeg', size: jpegHead(800, 600).length },
    ];
    for (const { body, mime, size } of sent) {
      const res = await upload(town, family.token, body);
      expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
      expect(await res.json()).toMatchObject({ type: body.type, title: body.title, mime, size, status: 'pending', statusLabel: 'En attente de vérification', childId: body.childId ?? null, rejectionReason: null });
    }

    const list = await call(ctx, 'GET', `${town.base}/documents`, { token: family.token });
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('no-store');
    const { mine, published } = await list.json();
    expect(published).toEqual([]);
    expect(mine.map((d: { typeLabel: string }) => d.typeLabel).sort()).toEqual(['Attestation CAF', 'Certificat médical', 'Justificatif de domicile']);
    expect(mine[0]).not.toHaveProperty('content');
    expect(Object.keys(mine[0]).sort()).toEqual(['childId', 'id', 'mime', 'rejectionReason', 'size', 'status', 'statusLabel', 'title', 'type', 'typeLabel', 'uploadedAt']);

    const pdfDoc = mine.find((d: { mime: string }) => d.mime === 'application/pdf');
    const file = await call(ctx, 'GET', `${town.base}/documents/${pdfDoc.id}/file`, { token: family.token });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="Attestation-CAF-septembre.pdf"');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('cache-control')).toBe('no-store');
    expect(file.headers.get('content-security-policy')).toBe('sandbox');
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);

    const image = mine.find((d: { mime: string }) => d.mime === 'image/png');
    const imageFile = await call(ctx, 'GET', `${town.base}/documents/${image.id}/file`, { token: family.token });
    expect(imageFile.headers.get('content-disposition')).toBe('attachment; filename="Certificat-Lea.png"');
  });

  it('refuses what is not really a PDF, a PNG or a JPEG, whatever its name', async () => {
    const town = await seedTown();
    const family = await signedInFamily(town);
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'), Buffer.alloc(200, 0), Buffer.from('This program cannot be run in DOS mode.')]);
    const refused = [
      { title: 'attestation.pdf', data: b64(exe) },
      { title: 'page.html', data: b64(Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>')) },
      { title: 'logo.svg', data: b64(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>')) },
      { title: 'archive.zip', data: b64(Buffer.from('PK\x03\x04\x14\x00\x00\x00', 'latin1')) },
      { title: 'image.gif', data: b64(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')) },
    ];
    for (const body of refused) {
      const res = await upload(town, family.token, { type: 'autre', ...body });
      expect(res.status, body.title).toBe(415);
      const error = await res.json();
      expect(error.code).toBe('format_non_accepte');
      expect(error.message).toContain('seuls les PDF, JPEG et PNG');
    }
    const { mine } = await (await call(ctx, 'GET', `${town.base}/documents`, { token: family.token })).json();
    expect(mine).toEqual([]);
  });

  it('refuses a PDF with active content (JavaScript, launch, embedded file), even disguised or in an object stream', async () => {
    const town = await seedTown();
    const family = await signedInFamily(town);
    const active = {
      javascript: rawPdf('1 0 obj\n<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>\nendobj'),
      escaped: rawPdf('1 0 obj\n<< /Type /Catalog /OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> >>\nendobj'),
      launch: rawPdf('1 0 obj\n<< /Type /Catalog /OpenAction << /S /Launch /F (cmd.exe) >> >>\nendobj'),
      embedded: rawPdf('1 0 obj\n<< /Type /Catalog /Names << /EmbeddedFiles 2 0 R >> >>\nendobj\n2 0 obj\n<< /Type /EmbeddedFile /Length 3 >>\nstream\nabc\nendstream\nendobj'),
      objectStream: pdfWithObjectStream('<< /S /JavaScript /JS (app.alert\\(1\\)) >>'),
    };
    for (const [name, bytes] of Object.entries(active)) {
      const res = await upload(town, family.token, { type: 'autre', title: name, data: b64(bytes) });
      expect(res.status, name).toBe(422);
      const error = await res.json();
      expect(error.code, name).toBe('pdf_contenu_actif');
      expect(error.message).toContain('Ce PDF contient du contenu actif');
    }
  });

  it('reads the structure of the file, so comments, strings and odd names cannot hide an action', async () => {
    const town = await seedTown();
    const family = await signedInFamily(town);
    const hidden = {
      // A comment that looks like the start and end of a stream: everything between is still syntax.
      comment: rawPdf('1 0 obj\n<< /Type /Catalog %stream\n/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>\n%endstream\n>>\nendobj'),
      // The words stream and endstream inside a string are text, not keywords.
      string: rawPdf('1 0 obj\n<< /Type /Catalog /Lang (stream\n) /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> /Title (endstream) >>\nendobj'),
      // An object stream whose dictionary holds a name containing "obj" before /ObjStm.
      objName: (() => {
        const data = deflateSync(Buffer.from('6 0 << /S /Launch /F (cmd.exe) >>', 'latin1'));
        return Buffer.concat([
          Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /OpenAction 6 0 R >>\nendobj\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ' + data.length + ' /Producer /objet >>\nstream\n', 'latin1'),
          data,
          Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'),
        ]);
      })(),
      // Web links and remote documents are refused too.
      uri: rawPdf('1 0 obj\n<< /Type /Catalog /OpenAction << /S /URI /URI (https://exemple.invalid/) >> >>\nendobj'),
      remote: rawPdf('1 0 obj\n<< /Type /Catalog /OpenAction << /S /GoToR /F (autre.pdf) /D [0 /Fit] >> >>\nendobj'),
      // An object defined twice: the first definition counts for some readers.
      twice: rawPdf('1 0 obj\n<< /Type /Catalog /OpenAction << /S /JavaScript /JS (x) >> >>\nendobj\n1 0 obj\n<< /Type /Catalog >>\nendobj'),
    };
    for (const [name, bytes] of Object.entries(hidden)) {
      const res = await upload(town, family.token, { type: 'autre', title: name, data: b64(bytes) });
      expect(res.status, name).toBe(422);
      expect((await res.json()).code, name).toBe('pdf_contenu_actif');
    }
  });

  it('refuses a PDF whose structure cannot be read, in French', async () => {
    const town = await seedTown();
    const family = await signedInFamily(town);
    const broken = {
      unterminated: rawPdf('1 0 obj\n<< /Type /Catalog /OpenAction 2 0 R\nendobj\n2 0 obj\n<< /Length 4 >>\nstream\nabcd'),
      bomb: (() => {
        // A harmless object padded to 64 MB once inflated: too much to read, so not checkable.
        const data = deflateSync(Buffer.concat([Buffer.from('6 0 << /Type /Pages /Kids [] /Count 0 >>', 'latin1'), Buffer.alloc(64 * 1024 * 1024, 0x20)]));
        return Buffer.concat([
          Buffer.from('%PDF-1.7\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ' + data.length + ' >>\nstream\n', 'latin1'),
          data,
          Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1'),
        ]);
      })(),
    };
    for (const [name, bytes] of Object.entries(broken)) {
      const res = await upload(town, family.token, { type: 'autre', title: name, data: b64(bytes) });
      expect(res.status, name).toBe(422);
      const error = await res.json();
      expect(error.code, name).toBe('pdf_non_verifiable');
      expect(error.message).toContain('Ce PDF n’a pas pu être vérifié');
    }
  });

  it('does not mistake compressed bytes for active content, and reads harmless object streams', async () => {
    const town = await seedTown();
    const family = await signedInFamily(town);
    // Bytes that spell "/JS " inside a content stream are data, not a name of the file's structure.
    const noisy = rawPdf('1 0 obj\n<< /Type /Catalog >>\nendobj\n3 0 obj\n<< /Length 12 /Filter /FlateDecode >>\nstream\n\x00\x01/JS \x02/Launch\x03\nendstream\nendobj');
    const harmless = pdfWithObjectStream('<< /Type /Pages /Kids [] /Count 0 >>');
    const modern = await (await PDFDocument.load(await realPdf())).save({ useObjectStreams: true });
    for (const [name, bytes] of Object.entries({ noisy, harmless, modern: Buffer.from(modern) })) {
      const res = await upload(town, family.token, { type: 'autre', title: name, data: b64(bytes) });
      expect(res.status, name).toBe(201);
    }
  });

  it('refuses a PDF whose object stream cannot be read, and images too large or broken', async () => {
    const town = await seedTown();
    const family = await signedInFamily(town);
    const unreadable = Buffer.from('%PDF-1.7\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length 8 >>\nstream\nnot zlib\nendstream\nendobj\n%%EOF', 'latin1');
    const cases = [
      { data: unreadable, status: 422, code: 'pdf_non_verifiable' },
      { data: png(12_000, 2), status: 422, code: 'image_trop_grande', message: 'L’image mesure 12000 × 2 pixels' },
      { data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]), status: 422, code: 'image_illisible' },
      { data: Buffer.alloc(0), status: 422, code: 'validation' },
    ];
    for (const { data, status, code, message } of cases) {
      const res = await upload(town, family.token, { type: 'autre', title: code, data: b64(data) });
      expect(res.status, code).toBe(status);
      const error = await res.json();
      expect(error.code).toBe(code);
      if (message) expect(error.message).toContain(message);
    }
  });

  it('answers 413 in French for a file over 5 MB, and checks type, title and child', async () => {
    const town = await seedTown();
    const family = await signedInFamily(town);
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(6 * 1024 * 1024, 0x20)]);
    const tooBig = await upload(town, family.token, { type: 'autre', title: 'Gros fichier', data: b64(big) });
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).message).toBe('Le fichier ne doit pas dépasser 5 Mo.');
    const justOver = await upload(town, family.token, { type: 'autre', title: 'Juste trop', data: b64(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5 * 1024 * 1024, 0x20)])) });
    expect(justOver.status).toBe(413);

    const pdf = b64(await realPdf());
    const badType = await upload(town, family.token, { type: 'passeport', title: 'Passeport', data: pdf });
    expect(badType.status).toBe(422);
    expect((await badType.json()).fields.type).toBe('Choisissez le type de document dans la liste.');
    const longTitle = await upload(town, family.token, { type: 'autre', title: 'x'.repeat(121), data: pdf });
    expect((await longTitle.json()).fields.title).toBe('Le titre ne doit pas dépasser 120 caractères.');
    const newline = await upload(town, family.token, { type: 'autre', title: 'Titre\r\nBcc: x@y.fr', data: pdf });
    expect(newline.status).toBe(422);

    const other = await signedInFamily(town);
    const otherChild = await upload(town, family.token, { type: 'pai', title: 'PAI', childId: other.children[0].id, data: pdf });
    expect(otherChild.status).toBe(404);
    expect((await otherChild.json()).message).toBe('Cet enfant est introuvable.');
  });

  it('never serves another family’s document, nor one of another commune, and needs a session', async () => {
    const town = await seedTown();
    const owner = await signedInFamily(town);
    const neighbour = await signedInFamily(town);
    const created = await (await upload(town, owner.token, { type: 'jugement_garde', title: 'Jugement', data: b64(await realPdf()) })).json();

    expect((await call(ctx, 'GET', `${town.base}/documents/${created.id}/file`, { token: neighbour.token })).status).toBe(404);
    expect((await (await call(ctx, 'GET', `${town.base}/documents`, { token: neighbour.token })).json()).mine).toEqual([]);
    expect((await call(ctx, 'GET', `${town.base}/documents/not-a-uuid/file`, { token: owner.token })).status).toBe(404);
    expect((await call(ctx, 'GET', `${town.base}/documents/${created.id}/file`)).status).toBe(401);

    const elsewhere = await seedTenant(ctx);
    const stranger = await signedInFamily(elsewhere);
    expect((await call(ctx, 'GET', `${elsewhere.base}/documents/${created.id}/file`, { token: stranger.token })).status).toBe(404);
    // The owner's token means nothing on another commune's key.
    expect((await call(ctx, 'GET', `${elsewhere.base}/documents/${created.id}/file`, { token: owner.token })).status).toBe(401);
    expect((await call(ctx, 'GET', `${elsewhere.base}/documents`, { token: owner.token })).status).toBe(401);
  });
});

describe('staff check, publish and read documents', () => {
  it('lists the pending queue with the family, accepts one and rejects another with a reason, each mailed to the family and audited', async () => {
    const town = await seedTown();
    const family = await signedInFamily(town);
    const pdf = b64(await realPdf());
    const first = await (await upload(town, family.token, { type: 'attestation_caf', title: 'Attestation CAF', data: pdf })).json();
    ctx.clock.advance(60_000);
    const second = await (await upload(town, family.token, { type: 'attestation_assurance', title: 'Assurance scolaire', data: pdf })).json();

    const queue = await adminCall(ctx, 'GET', '/documents', { cookie: town.agentCookie });
    expect(queue.status).toBe(200);
    const pending = await queue.json();
    expect(pending.map((d: { id: string }) => d.id)).toEqual([first.id, second.id]);
    expect(pending[0]).toMatchObject({ familyName: 'Famille Martin', familyNumber: family.number, typeLabel: 'Attestation CAF', status: 'pending' });

    const accepted = await adminCall(ctx, 'POST', `/documents/${first.id}/accept`, { cookie: town.agentCookie });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ document: { status: 'accepted', statusLabel: 'Accepté' }, mailQueued: true });
    expect((await adminCall(ctx, 'POST', `/documents/${second.id}/reject`, { cookie: town.agentCookie, body: {} })).status).toBe(422);
    const rejected = await adminCall(ctx, 'POST', `/documents/${second.id}/reject`, { cookie: town.agentCookie, body: { reason: 'L’attestation a expiré en juin.' } });
    expect(await rejected.json()).toMatchObject({ document: { status: 'rejected', rejectionReason: 'L’attestation a expiré en juin.' } });
    const again = await adminCall(ctx, 'POST', `/documents/${first.id}/reject`, { cookie: town.agentCookie, body: { reason: 'Finalement non.' } });
    expect(again.status).toBe(409);

    const queued = await database.db.select().from(outbox).where(and(eq(outbox.tenantId, town.tenant.id), eq(outbox.recipient, family.email)));
    expect(queued).toHaveLength(2);
    await ctx.flushMail();
    const mails = ctx.mail.to(family.email);
    expect(mails.map((m) => m.subject).sort()).toEqual(['Document accepté : Attestation CAF', 'Document refusé : Assurance scolaire']);
    const refusal = mails.find((m) => m.subject.startsWith('Document refusé'))!;
    expect(refusal.text).toContain('Motif : L’attestation a expiré en juin.');
    expect(refusal.text).toContain(`${'https://www.ville-test.fr'}/portail-famille`);

    const { mine } = await (await call(ctx, 'GET', `${town.base}/documents`, { token: family.token })).json();
    expect(mine.find((d: { id: string }) => d.id === second.id)).toMatchObject({ status: 'rejected', statusLabel: 'Refusé', rejectionReason: 'L’attestation a expiré en juin.' });

    const rows = await database.db.select().from(auditLog).where(eq(auditLog.tenantId, town.tenant.id));
    expect(rows.filter((r) => r.action === 'document_accepte').map((r) => r.target)).toEqual([first.id]);
    expect(rows.find((r) => r.action === 'document_refuse')).toMatchObject({ target: second.id, staffUserId: town.agent.user.id });
    expect((await (await adminCall(ctx, 'GET', '/documents', { cookie: town.agentCookie })).json())).toEqual([]);
    expect((await (await adminCall(ctx, 'GET', '/documents?status=all', { cookie: town.agentCookie })).json())).toHaveLength(2);
  });

  it('audits every staff download, and keeps other communes’ staff out', async () => {
    const town = await seedTown();
    const family = await signedInFamily(town);
    const png40 = png(40, 30);
    const created = await (await upload(town, family.token, { type: 'pai', title: 'PAI de Léa', data: b64(png40) })).json();

    const file = await adminCall(ctx, 'GET', `/documents/${created.id}/file`, { cookie: town.agentCookie });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="PAI-de-Lea.png"');
    expect(file.headers.get('content-security-policy')).toBe('sandbox');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await file.arrayBuffer()).equals(png40)).toBe(true);
    await adminCall(ctx, 'GET', `/documents/${created.id}/file`, { cookie: town.agentCookie });
    const reads = await database.db.select().from(auditLog).where(and(eq(auditLog.tenantId, town.tenant.id), eq(auditLog.action, 'document_telecharge')));
    expect(reads).toHaveLength(2);
    expect(reads[0]).toMatchObject({ target: created.id, staffUserId: town.agent.user.id, details: { type: 'pai', famille: family.number } });

    const other = await seedTown();
    expect((await adminCall(ctx, 'GET', `/documents/${created.id}/file`, { cookie: other.agentCookie })).status).toBe(404);
    expect((await adminCall(ctx, 'POST', `/documents/${created.id}/accept`, { cookie: other.agentCookie })).status).toBe(404);
    expect(await (await adminCall(ctx, 'GET', '/documents?status=all', { cookie: other.agentCookie })).json()).toEqual([]);
    expect((await adminCall(ctx, 'GET', `/documents/${created.id}/file`)).status).toBe(401);
  });

  it('lets an admin publish a commune document every family sees, then withdraw it', async () => {
    const town = await seedTown();
    const family = await signedInFamily(town);
    const reglement = await realPdf('Règlement intérieur de la cantine');
    const body = { title: 'Règlement intérieur 2026-2027', data: b64(reglement) };

    expect((await adminCall(ctx, 'POST', '/documents', { cookie: town.agentCookie, body })).status).toBe(403);
    const html = await adminCall(ctx, 'POST', '/documents', { cookie: town.adminCookie, body: { ...body, data: b64(Buffer.from('<html><script>1</script></html>')) } });
    expect(html.status).toBe(415);
    const published = await adminCall(ctx, 'POST', '/documents', { cookie: town.adminCookie, body });
    expect(published.status).toBe(201);
    const doc = await published.json();
    expect(doc).toMatchObject({ status: 'published', statusLabel: 'Publié par la commune', type: 'autre', mime: 'application/pdf', childId: null });

    const { mine, published: visible } = await (await call(ctx, 'GET', `${town.base}/documents`, { token: family.token })).json();
    expect(mine).toEqual([]);
    expect(visible.map((d: { title: string }) => d.title)).toEqual(['Règlement intérieur 2026-2027']);
    const file = await call(ctx, 'GET', `${town.base}/documents/${doc.id}/file`, { token: family.token });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="Reglement-interieur-2026-2027.pdf"');
    expect(Buffer.from(await file.arrayBuffer()).equals(reglement)).toBe(true);

    // A published document is not a parent's: nothing to accept.
    expect((await adminCall(ctx, 'POST', `/documents/${doc.id}/accept`, { cookie: town.agentCookie })).status).toBe(404);
    expect((await adminCall(ctx, 'DELETE', `/documents/${doc.id}`, { cookie: town.agentCookie })).status).toBe(403);
    expect((await adminCall(ctx, 'DELETE', `/documents/${doc.id}`, { cookie: town.adminCookie })).status).toBe(204);
    expect((await (await call(ctx, 'GET', `${town.base}/documents`, { token: family.token })).json()).published).toEqual([]);
    expect((await call(ctx, 'GET', `${town.base}/documents/${doc.id}/file`, { token: family.token })).status).toBe(404);

    const own = await (await upload(town, family.token, { type: 'autre', title: 'À moi', data: b64(reglement) })).json();
    expect((await adminCall(ctx, 'DELETE', `/documents/${own.id}`, { cookie: town.adminCookie })).status).toBe(404);

    const actions = (await database.db.select().from(auditLog).where(eq(auditLog.tenantId, town.tenant.id))).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['document_publie', 'document_retire']));
  });
});
