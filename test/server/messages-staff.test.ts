import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../server/src/db/client.js';
import { auditLog, conversations, families, messages, outbox } from '../../server/src/db/schema/index.js';
import { createFamily } from '../../server/src/modules/tenants/service.js';
import { applyChanges } from '../../server/src/modules/planning/bookings.js';
import { housekeeping } from '../../server/src/jobs/housekeeping.js';
import { adminCall, staffCookie } from './admin-fixtures.js';
import { key, planningTown, staffTenant } from './admin-planning-fixtures.js';
import { PASSWORD, png, seedSignedFamily } from './family-fixtures.js';
import { call, makeContext, openTestDatabase, seedStaff, unique, type TestContext } from './helpers.js';

let database: Database;
let ctx: TestContext;
beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
});
afterAll(() => database.close());

type Town = Awaited<ReturnType<typeof staffTenant>>;

const staffApi = (cookie: string) => ({
  get: (path: string) => adminCall(ctx, 'GET', path, { cookie }),
  post: (path: string, body: unknown) => adminCall(ctx, 'POST', path, { cookie, body }),
  put: (path: string, body: unknown) => adminCall(ctx, 'PUT', path, { cookie, body }),
  delete: (path: string) => adminCall(ctx, 'DELETE', path, { cookie }),
});

const SETTINGS = {
  serviceName: 'Service enfance',
  address: '1 place de la Mairie\n69000 Ville',
  openingHours: 'Lundi au vendredi, 8 h 30 – 12 h',
  phone: '04 72 00 00 00',
  email: 'enfance@ville-test.fr',
  infoMessage: 'Fermeture le 11 novembre.',
  helpText: 'Pour réserver, ouvrez le planning.\n\nLe règlement : https://www.ville-test.fr/reglement.pdf. Et javascript:alert(1) ou http://www.ville-test.fr restent du texte.',
  topics: ['Inscription', 'Absence', 'Facture', 'Changement de situation', 'Autre'],
  mailContent: 'full',
  messagesPageUrl: 'https://www.ville-test.fr/messages',
  retentionMonths: 24,
};

/** A commune with families spread over three schools (and one without children). */
async function threeSchools() {
  const town = await staffTenant(ctx);
  const make = async (school: string | null, email?: string) =>
    (
      await createFamily(
        ctx.deps.database.db,
        town.tenant.id,
        {
          familyNumber: unique('F'),
          name: `Famille ${school ?? 'sans enfant'}`,
          email: email ?? `${unique('p')}@exemple.fr`,
          children: school ? [{ firstName: 'Enfant', lastName: 'Test', birthDate: '2018-01-01', school, className: 'CP' }] : [],
        },
        ctx.clock.now(),
      )
    ).family.id;
  const ferry = [await make('École Jules Ferry'), await make('École Jules Ferry'), await make('École Jules Ferry')];
  const curie = [await make('École Marie Curie'), await make('École Marie Curie')];
  const hugo = [await make('École Victor Hugo')];
  const none = [await make(null)];
  const schools = (await (await adminCall(ctx, 'GET', '/schools', { cookie: town.admin.cookie })).json()) as { id: string; name: string }[];
  const school = (name: string) => schools.find((s) => s.name === name)!.id;
  return { town, ferry, curie, hugo, none, school };
}

describe('messages to many families', () => {
  it('reaches exactly the families of the targeted school, with one conversation and one e-mail each, audited', async () => {
    const { town, ferry, curie, hugo, school } = await threeSchools();
    const api = staffApi(town.agent.cookie);
    await staffApi(town.admin.cookie).put('/message-settings', SETTINGS);
    const target = { kind: 'school', schoolId: school('École Marie Curie') };
    const preview = await (await api.post('/messages/bulk/preview', { target })).json();
    expect(preview).toEqual({ families: 2, targetLabel: 'Familles de « École Marie Curie »' });

    const res = await api.post('/messages/bulk', { target, topic: 'Autre', subject: 'Grève jeudi 10 septembre', body: 'Bonjour,\nLa cantine sera fermée jeudi.' });
    expect(res.status).toBe(201);
    const bulk = await res.json();
    expect(bulk).toMatchObject({ families: 2, mailsQueued: 2, targetLabel: 'Familles de « École Marie Curie »', subject: 'Grève jeudi 10 septembre', sentBy: 'Agent agent' });

    const reached = await database.db.select({ familyId: conversations.familyId }).from(conversations).where(eq(conversations.bulkId, bulk.id));
    expect(reached.map((r) => r.familyId).sort()).toEqual([...curie].sort());
    for (const id of [...ferry, ...hugo]) expect(await database.db.select().from(conversations).where(eq(conversations.familyId, id))).toHaveLength(0);

    const addresses = await database.db.select({ email: families.email, id: families.id }).from(families).where(inArray(families.id, curie));
    const mails = await database.db.select().from(outbox).where(inArray(outbox.recipient, addresses.map((a) => a.email!)));
    expect(mails).toHaveLength(2);
    for (const mail of mails) {
      const conversation = (await database.db.select().from(conversations).where(and(eq(conversations.bulkId, bulk.id), eq(conversations.familyId, addresses.find((a) => a.email === mail.recipient)!.id))))[0];
      expect(mail.subject).toBe('Ville de Test – Grève jeudi 10 septembre');
      expect(mail.text).toContain('Bonjour Famille École Marie Curie,');
      expect(mail.text).toContain('La cantine sera fermée jeudi.');
      expect(mail.text).toContain(`https://www.ville-test.fr/messages#portail-message=${conversation.id}`);
    }

    const [entry] = await database.db.select().from(auditLog).where(and(eq(auditLog.tenantId, town.tenant.id), eq(auditLog.action, 'message_groupe_envoye')));
    expect(entry).toMatchObject({ staffUserId: town.agent.user.id, target: bulk.id, details: { destinataires: 'Familles de « École Marie Curie »', objet: 'Grève jeudi 10 septembre', familles: 2, mails: 2 } });
    expect((await (await api.get('/messages/bulk')).json())[0]).toMatchObject({ id: bulk.id, families: 2 });
    const history = (await (await staffApi(town.admin.cookie).get('/audit')).json()) as { label: string; description: string; by: string }[];
    expect(history).toContainEqual(
      expect.objectContaining({ label: 'Message envoyé à plusieurs familles', description: '« Grève jeudi 10 septembre » – Familles de « École Marie Curie » (2 familles)', by: 'Agent agent' }),
    );

    // Each family can answer its own copy; the agent sees the families' names in the inbox.
    const inbox = await (await api.get('/messages?state=all')).json();
    expect(inbox.conversations.filter((c: { bulkId: string | null }) => c.bulkId === bulk.id)).toHaveLength(2);
  });

  it('sends to every family, and to the families with a booking on a given day only', async () => {
    const town = await planningTown(ctx);
    const api = staffApi(town.admin.cookie);
    await seedSignedFamily(ctx, town);
    await applyChanges(ctx.deps, { id: town.tenant.id, name: 'Ville de Test' }, { kind: 'family', familyId: town.family.family.id }, [{ childId: town.lea.id, serviceId: town.cantine.id, date: '2026-09-10', action: 'book' }], {
      tenantId: town.tenant.id,
      actor: `family:${town.family.family.id}`,
      key: key(),
      hash: key(),
    });
    const day = await (await api.post('/messages/bulk/preview', { target: { kind: 'bookings', day: '2026-09-10' } })).json();
    expect(day).toEqual({ families: 1, targetLabel: 'Familles ayant une réservation le jeudi 10 septembre 2026' });
    const sent = await (await api.post('/messages/bulk', { target: { kind: 'bookings', day: '2026-09-10', serviceId: town.cantine.id }, topic: 'Autre', subject: 'Grève', body: 'Pas de cantine.' })).json();
    expect(sent.families).toBe(1);
    expect((await database.db.select().from(conversations).where(eq(conversations.bulkId, sent.id)))[0].familyId).toBe(town.family.family.id);
    expect((await (await api.post('/messages/bulk/preview', { target: { kind: 'all' } })).json()).families).toBe(2);
    expect((await (await api.post('/messages/bulk/preview', { target: { kind: 'service', serviceId: town.cantine.id } })).json()).families).toBe(1);
  });

  it('refuses an empty target, a school of another commune and a bad body, storing nothing', async () => {
    const { town } = await threeSchools();
    const other = await threeSchools();
    const api = staffApi(town.admin.cookie);
    const count = async () => (await database.db.select({ n: sql<number>`count(*)::int` }).from(conversations).where(eq(conversations.tenantId, town.tenant.id)))[0].n;
    const before = await count();
    const foreign = await api.post('/messages/bulk', { target: { kind: 'school', schoolId: other.school('École Jules Ferry') }, topic: 'Autre', subject: 'Grève', body: 'Texte' });
    expect(foreign.status).toBe(422);
    expect((await foreign.json()).fields['target.schoolId']).toBe('Cette école est introuvable : choisissez-la dans la liste.');
    const nobody = await api.post('/messages/bulk', { target: { kind: 'bookings', day: '2030-01-01' }, topic: 'Autre', subject: 'Grève', body: 'Texte' });
    expect(nobody.status).toBe(422);
    expect((await nobody.json()).fields.target).toBe('Aucune famille ne correspond à ces destinataires : rien n’a été envoyé.');
    expect((await api.post('/messages/bulk', { target: { kind: 'all' }, topic: 'Autre', subject: 'Grève', body: 'x'.repeat(20_000) })).status).toBe(422);
    expect((await api.post('/messages/bulk', { target: { kind: 'partout' }, topic: 'Autre', subject: 'Grève', body: 'Texte' })).status).toBe(422);
    expect(await count()).toBe(before);
  });
});

describe('e-mails of new messages', () => {
  async function conversationWith(town: Town) {
    const family = await seedSignedFamily(ctx, town);
    const second = `${unique('second')}@exemple.fr`;
    await database.db.update(families).set({ notificationEmails: [second] }).where(eq(families.id, family.familyId));
    const started = await call(ctx, 'POST', `${town.base}/messages`, { token: family.token, body: { topic: 'Autre', subject: 'Question sur la cantine', body: 'Bonjour' } });
    return { family, second, id: (await started.json()).id as string };
  }

  it('carries the message to every notification address, or only a notice when the commune chose "sans contenu"', async () => {
    const town = await staffTenant(ctx);
    const admin = staffApi(town.admin.cookie);
    const { family, second, id } = await conversationWith(town);
    ctx.mail.sent.length = 0;
    await staffApi(town.agent.cookie).post(`/messages/${id}/replies`, { body: 'Le menu est en ligne.' });
    await ctx.flushMail();
    for (const to of [family.email, second]) {
      const [mail] = ctx.mail.to(to);
      expect(mail.subject).toBe('Ville de Test – Question sur la cantine');
      expect(mail.text).toContain('Le menu est en ligne.');
      // No messages page set: the portal page, the conversation in the fragment.
      expect(mail.text).toContain(`https://www.ville-test.fr/portail-famille#portail-message=${id}`);
    }

    expect((await admin.put('/message-settings', { ...SETTINGS, mailContent: 'notice' })).status).toBe(200);
    ctx.mail.sent.length = 0;
    await staffApi(town.agent.cookie).post(`/messages/${id}/replies`, { body: 'Texte confidentiel de la réponse.' });
    await ctx.flushMail();
    const [notice] = ctx.mail.to(family.email);
    expect(notice.subject).toBe('Ville de Test – Nouveau message du service enfance');
    expect(notice.text).not.toContain('confidentiel');
    expect(notice.text).not.toContain('Question sur la cantine');
    expect(notice.text).toContain(`https://www.ville-test.fr/messages#portail-message=${id}`);
  });

  it('honours the family’s choice: no message e-mail once turned off, and the choice is kept', async () => {
    const town = await staffTenant(ctx);
    const { family, id } = await conversationWith(town);
    const prefs = (body?: unknown) => call(ctx, body ? 'PUT' : 'GET', `${town.base}/mail-preferences`, { token: family.token, body });
    expect(await (await prefs()).json()).toEqual({ messages: true, invoices: true, bookings: true, waitlist: true });
    expect((await prefs({ messages: false, invoices: true, bookings: false, waitlist: true })).status).toBe(200);
    expect(await (await prefs()).json()).toEqual({ messages: false, invoices: true, bookings: false, waitlist: true });
    expect((await prefs({ messages: 'non' })).status).toBe(422);
    ctx.mail.sent.length = 0;
    await staffApi(town.agent.cookie).post(`/messages/${id}/replies`, { body: 'Réponse' });
    await ctx.flushMail();
    expect(ctx.mail.to(family.email)).toHaveLength(0);
    // The message itself is there.
    expect((await (await call(ctx, 'GET', `${town.base}/messages/unread`, { token: family.token })).json()).unread).toBe(1);
  });

  it('honours "no booking e-mails" where the town hall answers a booking request', async () => {
    const town = await planningTown(ctx);
    const familyId = town.family.family.id;
    await database.db.update(families).set({ mailBookings: false }).where(eq(families.id, familyId));
    await applyChanges(ctx.deps, { id: town.tenant.id, name: 'Ville de Test' }, { kind: 'family', familyId }, [{ childId: town.lea.id, serviceId: town.mercredi.id, date: '2026-09-16', action: 'book' }], {
      tenantId: town.tenant.id,
      actor: `family:${familyId}`,
      key: key(),
      hash: key(),
    });
    const [request] = await (await adminCall(ctx, 'GET', '/requests', { cookie: town.admin.cookie })).json();
    ctx.mail.sent.length = 0;
    const decidedRes = await adminCall(ctx, 'POST', '/requests/decide', { cookie: town.admin.cookie, body: { bookingIds: [request.bookingId], decision: 'approve' } });
    const decided = await decidedRes.json();
    expect(decided.outcomes).toEqual([{ bookingId: request.bookingId, status: 'booked' }]);
    await ctx.flushMail();
    expect(ctx.mail.to(town.family.email)).toHaveLength(0);
  });
});

describe('templates, contact and help', () => {
  it('keeps the commune’s answer templates for every agent, within the commune', async () => {
    const town = await staffTenant(ctx);
    const other = await staffTenant(ctx, 'Ville Voisine');
    const agent = staffApi(town.agent.cookie);
    const created = await agent.post('/message-templates', { title: 'Accusé de réception', body: 'Bonjour,\nNous avons bien reçu votre message.' });
    expect(created.status).toBe(201);
    const [template] = await created.json();
    expect((await (await staffApi(town.admin.cookie).get('/message-templates')).json()).map((t: { title: string }) => t.title)).toEqual(['Accusé de réception']);
    expect(await (await staffApi(other.admin.cookie).get('/message-templates')).json()).toEqual([]);
    expect((await staffApi(other.admin.cookie).delete(`/message-templates/${template.id}`)).status).toBe(404);
    const renamed = await (await agent.put(`/message-templates/${template.id}`, { title: 'Réception', body: 'Reçu.' })).json();
    expect(renamed[0]).toMatchObject({ title: 'Réception', body: 'Reçu.' });
    expect(await (await agent.delete(`/message-templates/${template.id}`)).json()).toEqual([]);
  });

  it('shows the contact and the help with https links only, written by an admin, to any visitor of the town page', async () => {
    const town = await staffTenant(ctx);
    expect((await staffApi(town.agent.cookie).put('/message-settings', SETTINGS)).status).toBe(403);
    const saved = await staffApi(town.admin.cookie).put('/message-settings', SETTINGS);
    expect(saved.status).toBe(200);
    const help = await (await call(ctx, 'GET', `${town.base}/aide`)).json();
    expect(help.contact).toEqual({ name: 'Service enfance', address: '1 place de la Mairie\n69000 Ville', openingHours: 'Lundi au vendredi, 8 h 30 – 12 h', phone: '04 72 00 00 00', email: 'enfance@ville-test.fr' });
    expect(help.infoMessage).toBe('Fermeture le 11 novembre.');
    expect(help.topics).toEqual(SETTINGS.topics);
    expect(help.help).toEqual([
      [{ text: 'Pour réserver, ouvrez le planning.' }],
      [
        { text: 'Le règlement : ' },
        { text: 'https://www.ville-test.fr/reglement.pdf', href: 'https://www.ville-test.fr/reglement.pdf' },
        { text: '. Et javascript:alert(1) ou http://www.ville-test.fr restent du texte.' },
      ],
    ]);
    const bad = await staffApi(town.admin.cookie).put('/message-settings', { ...SETTINGS, topics: [], retentionMonths: 2, messagesPageUrl: 'javascript:alert(1)' });
    expect(bad.status).toBe(422);
    expect(Object.keys((await bad.json()).fields).sort()).toEqual(['messagesPageUrl', 'retentionMonths', 'topics']);
    const audit = await database.db.select().from(auditLog).where(and(eq(auditLog.tenantId, town.tenant.id), eq(auditLog.action, 'messages_reglages_modifies')));
    expect(audit).toHaveLength(1);
  });
});

describe('Mes demandes', () => {
  it('lists a booking request, a waiting list place, a document under review and a conversation awaiting an answer', async () => {
    const town = await planningTown(ctx);
    const familyId = town.family.family.id;
    const token = (await (await call(ctx, 'POST', `${town.base}/session`, { body: { login: town.family.email, password: 'mot de passe de la famille' }, headers: { 'X-Forwarded-For': unique('ip-') } })).json()).token;
    const book = (childId: string) =>
      applyChanges(ctx.deps, { id: town.tenant.id, name: 'Ville de Test' }, { kind: 'family', familyId }, [{ childId, serviceId: town.mercredi.id, date: '2026-09-16', action: 'book' }], {
        tenantId: town.tenant.id,
        actor: `family:${familyId}`,
        key: key(),
        hash: key(),
      });
    await book(town.lea.id);
    await book(town.hugo.id);
    const requests = (await (await adminCall(ctx, 'GET', '/requests', { cookie: town.admin.cookie })).json()) as { bookingId: string; childName?: string }[];
    // The Wednesday holds one child: accepting both puts the second on the waiting list.
    await adminCall(ctx, 'POST', '/requests/decide', { cookie: town.admin.cookie, body: { bookingIds: [requests[0].bookingId], decision: 'approve' } });
    await adminCall(ctx, 'POST', '/requests/decide', { cookie: town.admin.cookie, body: { bookingIds: [requests[1].bookingId], decision: 'approve' } });
    const uploaded = await call(ctx, 'POST', `${town.base}/documents`, { token, body: { type: 'attestation_caf', title: 'Attestation 2026', data: png(40, 30).toString('base64') } });
    expect(uploaded.status).toBe(201);
    await call(ctx, 'POST', `${town.base}/messages`, { token, body: { topic: 'Inscription', subject: 'Inscription au centre de loisirs', body: 'Bonjour' } });

    const list = (await (await call(ctx, 'GET', `${town.base}/demandes`, { token })).json()) as { kind: string; state: string; label: string; position: number | null; target: string }[];
    const waitlist = list.find((r) => r.kind === 'waitlist');
    expect(waitlist).toMatchObject({ state: 'waitlisted', position: 1, target: 'planning', label: expect.stringMatching(/^Mercredi – (Léa|Hugo) – mercredi 16 septembre 2026$/) });
    expect(list.filter((r) => r.kind === 'booking_request').map((r) => r.state).sort()).toEqual(['accepted', 'waitlisted']);
    expect(list.find((r) => r.kind === 'document')).toMatchObject({ state: 'pending', label: 'Attestation CAF – Attestation 2026', target: 'documents' });
    expect(list.find((r) => r.kind === 'message')).toMatchObject({ state: 'pending', stateLabel: 'En attente de réponse', label: 'Inscription au centre de loisirs', target: 'messages' });
  });
});

describe('retention and right of access', () => {
  it('deletes conversations older than the commune’s period, keeps the others; the family’s export holds its messages', async () => {
    const town = await staffTenant(ctx);
    const family = await seedSignedFamily(ctx, town);
    await staffApi(town.admin.cookie).put('/message-settings', { ...SETTINGS, retentionMonths: 12 });
    const old = await (await call(ctx, 'POST', `${town.base}/messages`, { token: family.token, body: { topic: 'Autre', subject: 'Ancienne question', body: 'Texte ancien' } })).json();
    ctx.clock.advance(400 * 86_400_000);
    const token = (await (await call(ctx, 'POST', `${town.base}/session`, { body: { login: family.email, password: PASSWORD }, headers: { 'X-Forwarded-For': unique('ip-') } })).json()).token;
    const recent = await (await call(ctx, 'POST', `${town.base}/messages`, { token, body: { topic: 'Autre', subject: 'Question récente', body: 'Texte récent' } })).json();
    const agent = await seedStaff(ctx, town.tenant.id, 'agent');
    await staffApi(await staffCookie(ctx, agent.email, agent.password)).post(`/messages/${recent.id}/notes`, { body: 'Note de l’agent' });

    const exported = await (await call(ctx, 'GET', `${town.base}/famille/export.json`, { token })).json();
    expect(exported.conversations.map((c: { subject: string }) => c.subject)).toEqual(['Ancienne question', 'Question récente']);
    expect(exported.conversations[1].messages).toEqual([expect.objectContaining({ author: 'family', body: 'Texte récent', attachments: [] })]);
    expect(JSON.stringify(exported)).not.toContain('Note de l’agent');

    // The commune keeps 12 months: the conversation of 400 days ago goes, with its messages.
    const removed = await housekeeping(database.db, ctx.clock.now());
    expect(removed.conversations).toBeGreaterThanOrEqual(1);
    expect(await database.db.select().from(conversations).where(eq(conversations.id, old.id))).toHaveLength(0);
    expect(await database.db.select().from(messages).where(eq(messages.conversationId, old.id))).toHaveLength(0);
    expect(await database.db.select().from(conversations).where(eq(conversations.id, recent.id))).toHaveLength(1);
  });
});
