import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Database } from '../../server/src/db/client.js';
import { conversations, messageAttachments, messages } from '../../server/src/db/schema/index.js';
import { adminCall } from './admin-fixtures.js';
import { staffTenant } from './admin-planning-fixtures.js';
import { seedSignedFamily } from './family-fixtures.js';
import { call, makeContext, openTestDatabase, type TestContext } from './helpers.js';

let database: Database;
let ctx: TestContext;
beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

async function realPdf(text = 'Certificat de scolarité') {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText(text, { x: 50, y: 700, font, size: 12 });
  return Buffer.from(await doc.save());
}

async function world() {
  const town = await staffTenant(ctx);
  const other = await staffTenant(ctx, 'Ville Voisine');
  const a = await seedSignedFamily(ctx, town);
  const b = await seedSignedFamily(ctx, town);
  const c = await seedSignedFamily(ctx, other);
  const family = (who: { token: string }, base = town.base) => ({
    get: (path: string) => call(ctx, 'GET', `${base}${path}`, { token: who.token }),
    post: (path: string, body: unknown) => call(ctx, 'POST', `${base}${path}`, { token: who.token, body }),
  });
  const staff = (cookie = town.agent.cookie) => ({
    get: (path: string) => adminCall(ctx, 'GET', path, { cookie }),
    post: (path: string, body: unknown) => adminCall(ctx, 'POST', path, { cookie, body }),
    patch: (path: string, body: unknown) => adminCall(ctx, 'PATCH', path, { cookie, body }),
  });
  return { town, other, a, b, c, family, staff };
}

async function tableCounts() {
  const { db } = ctx.deps.database;
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(conversations);
  const [m] = await db.select({ n: sql<number>`count(*)::int` }).from(messages);
  const [f] = await db.select({ n: sql<number>`count(*)::int` }).from(messageAttachments);
  return { conversations: c.n, messages: m.n, attachments: f.n };
}

describe('a parent and the town hall write to each other', () => {
  it('sends a message with a PDF, the agent answers, the parent sees the answer and the badge', async () => {
    const { a, family, staff } = await world();
    const pdf = await realPdf();
    const sent = await family(a).post('/messages', {
      topic: 'Absence',
      subject: 'Absence de Léa jeudi',
      body: 'Bonjour,\nLéa sera absente jeudi.\n\nMerci',
      attachments: [{ name: 'certificat.pdf', data: pdf.toString('base64') }],
    });
    expect(sent.status).toBe(201);
    const conversation = await sent.json();
    expect(conversation).toMatchObject({ topic: 'Absence', subject: 'Absence de Léa jeudi', startedBy: 'family', status: 'open', awaitingAnswer: true, unread: 0 });
    expect(conversation.messages).toHaveLength(1);
    expect(conversation.messages[0]).toMatchObject({ author: 'family', authorName: 'Vous', body: 'Bonjour,\nLéa sera absente jeudi.\n\nMerci' });
    expect(conversation.messages[0].attachments).toEqual([{ id: expect.any(String), name: 'certificat.pdf', mime: 'application/pdf', size: pdf.length }]);

    // The agent's inbox shows it unread, then waiting once opened.
    const inbox = await (await staff().get('/messages?state=unread')).json();
    const line = inbox.conversations.find((x: { id: string }) => x.id === conversation.id);
    expect(line).toMatchObject({ familyName: 'Famille Martin', state: 'unread', subject: 'Absence de Léa jeudi' });
    expect(inbox.counts.unread).toBeGreaterThanOrEqual(1);
    const own = await (await staff().get(`/messages?state=all&familyId=${a.familyId}`)).json();
    expect(own.conversations.map((x: { id: string }) => x.id)).toEqual([conversation.id]);
    const opened = await (await staff().get(`/messages/${conversation.id}`)).json();
    expect(opened.state).toBe('waiting');
    const file = await staff().get(`/messages/${conversation.id}/attachments/${conversation.messages[0].attachments[0].id}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);

    const before = await (await family(a).get('/messages/unread')).json();
    ctx.clock.advance(60_000);
    const answered = await staff().post(`/messages/${conversation.id}/replies`, { body: 'Bien noté, merci.\nLe service enfance' });
    expect(answered.status).toBe(201);
    expect((await answered.json()).state).toBe('answered');

    const badge = await (await family(a).get('/messages/unread')).json();
    expect(badge.unread).toBe(before.unread + 1);
    const list = await (await family(a).get('/messages')).json();
    expect(list.unread).toBe(badge.unread);
    expect(list.conversations[0]).toMatchObject({ id: conversation.id, unread: 1, lastAuthor: 'town', awaitingAnswer: false, correspondent: 'Service enfance', preview: 'Bien noté, merci. Le service enfance' });
    const read = await (await family(a).get(`/messages/${conversation.id}`)).json();
    expect(read.messages.map((m: { author: string; authorName: string }) => [m.author, m.authorName])).toEqual([
      ['family', 'Vous'],
      ['town', 'Service enfance'],
    ]);
    // Reading does not mark read; marking does.
    expect((await (await family(a).get('/messages/unread')).json()).unread).toBe(badge.unread);
    const marked = await family(a).post(`/messages/${conversation.id}/read`, {});
    expect(await marked.json()).toEqual({ unread: badge.unread - 1 });
    // The agent sees when the family read it.
    const seen = await (await staff().get(`/messages/${conversation.id}`)).json();
    expect(seen.messages[1].readByFamilyAt).not.toBeNull();
  });

  it('keeps internal notes for the town hall: the family never reads them, in any answer', async () => {
    const { a, family, staff } = await world();
    const { id } = await (await family(a).post('/messages', { topic: 'Facture', subject: 'Facture de septembre', body: 'Je crois qu’il y a une erreur.' })).json();
    const noted = await staff().post(`/messages/${id}/notes`, { body: 'NOTE INTERNE : famille déjà relancée en juin' });
    expect(noted.status).toBe(201);
    const staffView = await noted.json();
    expect(staffView.messages.filter((m: { internal: boolean }) => m.internal).map((m: { body: string }) => m.body)).toEqual(['NOTE INTERNE : famille déjà relancée en juin']);
    // A note moves neither the state nor the family's unread count.
    expect(staffView.state).toBe('waiting');
    await staff().post(`/messages/${id}/replies`, { body: 'Nous vérifions.' });

    const answers = [
      await family(a).get('/messages'),
      await family(a).get(`/messages/${id}`),
      await family(a).get('/messages/unread'),
      await family(a).get('/demandes'),
      await family(a).post(`/messages/${id}/replies`, { body: 'Merci' }),
      await family(a).get('/famille/export.json'),
    ];
    for (const res of answers) {
      expect(res.status).toBeLessThan(300);
      expect(await res.text()).not.toContain('NOTE INTERNE');
    }
    const list = await (await family(a).get('/messages')).json();
    expect(list.conversations.find((x: { id: string }) => x.id === id).unread).toBe(1);
  });

  it('answers 404 to another family and another commune on every route, and changes nothing', async () => {
    const { town, other, a, b, c, family, staff } = await world();
    const pdf = await realPdf();
    const created = await (await family(a).post('/messages', { topic: 'Autre', subject: 'Question', body: 'Bonjour', attachments: [{ name: 'a.pdf', data: pdf.toString('base64') }] })).json();
    const id = created.id;
    const fileId = created.messages[0].attachments[0].id;
    const before = await tableCounts();
    const intruders = [
      { who: b, base: town.base },
      { who: c, base: other.base },
    ];
    for (const { who, base } of intruders) {
      const api = family(who, base);
      const answers = [
        await api.get(`/messages/${id}`),
        await api.post(`/messages/${id}/replies`, { body: 'Je lis votre conversation' }),
        await api.post(`/messages/${id}/read`, {}),
        await api.get(`/messages/${id}/attachments/${fileId}`),
      ];
      for (const res of answers) {
        expect(res.status).toBe(404);
        expect((await res.json()).message).toMatch(/^(Cette conversation est introuvable\.|Cette pièce jointe est introuvable\.)$/);
      }
      const list = await (await api.get('/messages')).json();
      expect(list.conversations.map((x: { id: string }) => x.id)).not.toContain(id);
      expect(JSON.stringify(await (await api.get('/demandes')).json())).not.toContain(id);
    }
    // The other commune's staff do not find it either.
    const foreign = staff(other.admin.cookie);
    for (const res of [
      await foreign.get(`/messages/${id}`),
      await foreign.post(`/messages/${id}/replies`, { body: 'Bonjour' }),
      await foreign.post(`/messages/${id}/notes`, { body: 'Note' }),
      await foreign.patch(`/messages/${id}`, { status: 'closed' }),
      await foreign.get(`/messages/${id}/attachments/${fileId}`),
    ]) {
      expect(res.status).toBe(404);
    }
    const search = await (await foreign.get(`/messages?state=all&q=Question`)).json();
    expect(search.conversations.map((x: { id: string }) => x.id)).not.toContain(id);
    // A forged id is as unknown as another family's.
    expect((await family(a).get('/messages/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await family(a).get('/messages/pas-un-identifiant')).status).toBe(404);
    expect(await tableCounts()).toEqual(before);
  });
});

describe('bad input', () => {
  it('refuses empty, too long and unknown-subject messages in French, storing nothing', async () => {
    const { a, family } = await world();
    const before = await tableCounts();
    const cases: [unknown, string, string][] = [
      [{ topic: 'Absence', subject: 'Objet', body: '' }, 'body', 'Le message est vide : écrivez quelques mots.'],
      [{ topic: 'Absence', subject: 'Objet', body: '   \n\n  ' }, 'body', 'Le message est vide : écrivez quelques mots.'],
      [{ topic: 'Absence', subject: 'Objet', body: 'x'.repeat(20_000) }, 'body', 'Le message ne doit pas dépasser 10\u00a0000 caractères.'],
      [{ topic: 'Absence', subject: 'y'.repeat(151), body: 'Bonjour' }, 'subject', 'L’objet ne doit pas dépasser 150 caractères.'],
      [{ topic: 'Absence', subject: '', body: 'Bonjour' }, 'subject', 'L’objet est obligatoire.'],
      [{ topic: 'Piscine', subject: 'Objet', body: 'Bonjour' }, 'topic', 'Choisissez le sujet dans la liste.'],
      [{ topic: 'Absence', subject: 'Objet', body: 'Bonjour', extra: 1 }, '_', 'Ce champ n’existe pas.'],
    ];
    for (const [body, field, message] of cases) {
      const res = await family(a).post('/messages', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      const error = await res.json();
      expect(error.fields[field]).toBe(message);
    }
    expect(await tableCounts()).toEqual(before);
  });

  it('keeps HTML and script as plain text, never changed or interpreted', async () => {
    const { a, family, staff } = await world();
    const subject = '<img src=x onerror=alert(1)>';
    const body = '<script>alert("x")</script>\n<b>gras</b> & <a href="javascript:alert(1)">lien</a>';
    const res = await family(a).post('/messages', { topic: 'Autre', subject, body });
    expect(res.status).toBe(201);
    const conversation = await res.json();
    expect(conversation.subject).toBe(subject);
    expect(conversation.messages[0].body).toBe(body);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const seen = await (await staff().get(`/messages/${conversation.id}`)).json();
    expect(seen.messages[0].body).toBe(body);
  });

  it('refuses an unsupported or active attachment, and then stores neither the message nor the other files', async () => {
    const { a, family } = await world();
    const pdf = await realPdf();
    const before = await tableCounts();
    const exe = Buffer.from('MZ\x90\x00 programme', 'latin1');
    const active = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
    const bad = [
      { file: exe, status: 415, code: 'format_non_accepte' },
      { file: active, status: 422, code: 'pdf_contenu_actif' },
    ];
    for (const { file, status, code } of bad) {
      const res = await family(a).post('/messages', {
        topic: 'Inscription',
        subject: 'Dossier',
        body: 'Voici les pièces',
        attachments: [
          { name: 'bon.pdf', data: pdf.toString('base64') },
          { name: 'facture.pdf', data: file.toString('base64') },
        ],
      });
      expect(res.status).toBe(status);
      const error = await res.json();
      expect(error.code).toBe(code);
      expect(error.message).toMatch(/^Pièce jointe 2 : /);
      expect(Object.keys(error.fields)).toEqual(['attachments.1.data']);
    }
    const four = Array.from({ length: 4 }, (_, i) => ({ name: `p${i}.pdf`, data: pdf.toString('base64') }));
    const tooMany = await family(a).post('/messages', { topic: 'Inscription', subject: 'Dossier', body: 'Voici', attachments: four });
    expect(tooMany.status).toBe(422);
    expect((await tooMany.json()).fields.attachments).toBe('Vous pouvez joindre au plus 3 fichiers.');
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses a reply to a closed conversation, and an agent who is not of the commune', async () => {
    const { a, other, family, staff } = await world();
    const { id } = await (await family(a).post('/messages', { topic: 'Autre', subject: 'Question', body: 'Bonjour' })).json();
    const otherAgent = (await (await staff(other.admin.cookie).get('/messages')).json()).agents[0].id;
    const wrong = await staff().patch(`/messages/${id}`, { assigneeId: otherAgent });
    expect(wrong.status).toBe(422);
    const agents = (await (await staff().get('/messages')).json()).agents as { id: string; name: string }[];
    const assigned = await (await staff().patch(`/messages/${id}`, { assigneeId: agents[0].id, status: 'closed' })).json();
    expect(assigned).toMatchObject({ state: 'closed', assignee: agents[0] });
    const reply = await family(a).post(`/messages/${id}/replies`, { body: 'Encore une question' });
    expect(reply.status).toBe(409);
    expect((await reply.json()).message).toContain('écrivez un nouveau message');
    expect((await ctx.deps.database.db.select().from(messages).where(eq(messages.conversationId, id))).length).toBe(1);
  });
});
