import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { changeRequests, children, familyFileEvents, guardians, outbox } from '../../server/src/db/schema/index.js';
import type { Database } from '../../server/src/db/client.js';
import { decideChangeRequest, listChangeRequests } from '../../server/src/modules/families/change-requests.js';
import { call, makeContext, openTestDatabase, seedStaff, type TestContext } from './helpers.js';
import { fileApi, health, identity, rawColumn, seedSignedFamily, seedTown, type Town } from './family-fixtures.js';

let database: Database;
let ctx: TestContext;
let town: Town;

beforeAll(async () => {
  database = await openTestDatabase();
  ctx = makeContext(database);
  town = await seedTown(ctx);
});
afterAll(() => database.close());

const eventsOf = (familyId: string) => database.db.select().from(familyFileEvents).where(eq(familyFileEvents.familyId, familyId));
const requestsOf = (familyId: string) => database.db.select().from(changeRequests).where(eq(changeRequests.familyId, familyId));

describe('reading the family file', () => {
  it('gives the parent their file with the default policy, and nothing without a session', async () => {
    const family = await seedSignedFamily(ctx, town);
    const res = await fileApi(ctx, town, family.token).get();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const file = await res.json();
    expect(file.family).toMatchObject({ number: family.number, name: 'Famille Martin', email: family.email, notificationEmails: [], iban: null, fiscalShares: null });
    expect(file.guardians).toEqual({ responsable: null, conjoint: null });
    expect(file.children.map((c: { firstName: string }) => c.firstName)).toEqual(['Léa', 'Hugo']);
    expect(file.children[0]).toMatchObject({ school: 'École Jules Ferry', className: 'CE1', diet: 'standard', hasPhoto: false, pickupPersons: [], complementary: {} });
    expect(file.children[0].health).toEqual({ allergies: [], pai: { active: false, details: null }, doctorName: null, doctorPhone: null, vaccinations: [], needsSupport: false, notes: null });
    expect(file.pending).toEqual([]);
    expect(file.policy).toEqual({
      responsable: 'direct',
      conjoint: 'direct',
      contact: 'direct',
      fiscal: 'validation',
      bank: 'validation',
      notifications: 'direct',
      household: 'direct',
      child_identity: 'direct',
      child_health: 'validation',
      child_pickup: 'direct',
      child_complementary: 'direct',
    });

    expect((await call(ctx, 'GET', `${town.base}/famille`)).status).toBe(401);
  });

  it('refuses a session of another commune', async () => {
    const family = await seedSignedFamily(ctx, town);
    const other = await seedTown(ctx);
    const res = await fileApi(ctx, other, family.token).get();
    expect(res.status).toBe(401);
  });
});

describe('groups changed directly', () => {
  it('applies identity, contact (phones normalised), household and notifications at once, with field names in the history', async () => {
    const family = await seedSignedFamily(ctx, town);
    const api = fileApi(ctx, town, family.token);

    const res = await api.group('responsable', identity);
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer.status).toBe('applied');
    expect(answer.file.guardians.responsable).toMatchObject({ ...identity, addressLine2: null, phoneMobile: null });

    const contact = await (await api.group('contact', { responsable: { phoneMobile: '+33 6 12 34 56 78', phoneHome: '04.78.12.34.56', email: 'Claire.Martin@Exemple.fr' } })).json();
    expect(contact.file.guardians.responsable).toMatchObject({ phoneMobile: '06 12 34 56 78', phoneHome: '04 78 12 34 56', phoneWork: null, email: 'claire.martin@exemple.fr', city: 'Lyon' });

    const members = [{ firstName: 'Jeanne', lastName: 'Martin', relation: 'grand-mère', birthDate: '1950-01-20' }];
    expect((await (await api.group('household', { members })).json()).file.household).toMatchObject(members);

    const emails = ['papa@exemple.fr', 'mamie@exemple.fr'];
    expect((await (await api.group('notifications', { emails })).json()).file.family.notificationEmails).toEqual(emails);

    const events = await eventsOf(family.familyId);
    expect(events.map((e) => [e.fieldGroup, e.action, e.channel])).toEqual([
      ['responsable', 'modifie', 'internet'],
      ['contact', 'modifie', 'internet'],
      ['household', 'modifie', 'internet'],
      ['notifications', 'modifie', 'internet'],
    ]);
    expect([...events[1].fields].sort()).toEqual(['responsable.email', 'responsable.phoneHome', 'responsable.phoneMobile']);
    expect(events[0].fields).toEqual(expect.arrayContaining(['civility', 'firstName', 'postalCode']));
  });

  it('writes nothing when nothing changes', async () => {
    const family = await seedSignedFamily(ctx, town);
    const api = fileApi(ctx, town, family.token);
    await api.group('responsable', identity);
    const again = await (await api.group('responsable', identity)).json();
    expect(again.status).toBe('applied');
    expect(await eventsOf(family.familyId)).toHaveLength(1);
  });

  it('takes empty form values as "not given"', async () => {
    const family = await seedSignedFamily(ctx, town);
    const answer = await (await fileApi(ctx, town, family.token).group('conjoint', { ...identity, civility: '', birthDate: '', postalCode: '', city: '  ' })).json();
    expect(answer.file.guardians.conjoint).toMatchObject({ civility: null, birthDate: null, postalCode: null, city: null, firstName: 'Claire' });
  });

  it('cannot give contact details to a conjoint who does not exist yet', async () => {
    const family = await seedSignedFamily(ctx, town);
    const api = fileApi(ctx, town, family.token);
    await api.group('responsable', identity);
    const res = await api.group('contact', { responsable: { phoneMobile: '0612345678' }, conjoint: { phoneMobile: '0698765432' } });
    expect(res.status).toBe(422);
    expect((await res.json()).fields.conjoint).toBe('Renseignez d’abord l’identité du conjoint.');
    const [row] = await database.db.select().from(guardians).where(eq(guardians.familyId, family.familyId));
    expect(row.phoneMobile).toBeNull();
  });

  it('changes a child identity and diet directly; another family’s child is not found', async () => {
    const family = await seedSignedFamily(ctx, town);
    const other = await seedSignedFamily(ctx, town);
    const api = fileApi(ctx, town, family.token);
    const body = { childId: family.lea.id, firstName: 'Léa', lastName: 'Martin', birthDate: '2018-03-14', sex: 'F', diet: 'sans_viande' };
    const answer = await (await api.group('child_identity', body)).json();
    expect(answer.status).toBe('applied');
    expect(answer.file.children[0]).toMatchObject({ sex: 'F', diet: 'sans_viande' });
    const [event] = await eventsOf(family.familyId);
    expect(event).toMatchObject({ fieldGroup: 'child_identity', childId: family.lea.id, fields: ['sex', 'diet'] });

    const foreign = await api.group('child_identity', { ...body, childId: other.lea.id });
    expect(foreign.status).toBe(404);
    const [otherLea] = await database.db.select().from(children).where(eq(children.id, other.lea.id));
    expect(otherLea.diet).toBe('standard');
    expect((await api.group('child_identity', { ...body, diet: 'halal' })).status).toBe(422);
  });

  it('keeps complementary information as free keys', async () => {
    const family = await seedSignedFamily(ctx, town);
    const answer = await (await fileApi(ctx, town, family.token).group('child_complementary', { childId: family.hugo.id, complementary: { 'Droit à l’image': 'oui', Natation: 'sait nager' } })).json();
    expect(answer.file.children[1].complementary).toEqual({ 'Droit à l’image': 'oui', Natation: 'sait nager' });
  });
});

describe('validation of what parents send', () => {
  const cases: [string, string, unknown, string][] = [
    ['an unknown field', 'responsable', { ...identity, role: 'admin' }, '_'],
    ['a first name of 81 characters', 'responsable', { ...identity, firstName: 'A'.repeat(81) }, 'firstName'],
    ['an address of 121 characters', 'responsable', { ...identity, addressLine1: 'x'.repeat(121) }, 'addressLine1'],
    ['a postal code of 4 digits', 'responsable', { ...identity, postalCode: '6900' }, 'postalCode'],
    ['a date that does not exist', 'responsable', { ...identity, birthDate: '1985-02-30' }, 'birthDate'],
    ['a phone number that is not one', 'contact', { responsable: { phoneMobile: '12345' } }, 'responsable.phoneMobile'],
    ['an unknown field in a nested object', 'contact', { responsable: { fax: '0478000000' } }, 'responsable'],
    ['a bad e-mail', 'contact', { responsable: { email: 'pas-une-adresse' } }, 'responsable.email'],
    ['four notification addresses', 'notifications', { emails: ['a@exemple.fr', 'b@exemple.fr', 'c@exemple.fr', 'd@exemple.fr'] }, 'emails'],
    ['the same notification address twice', 'notifications', { emails: ['a@exemple.fr', 'A@exemple.fr'] }, 'emails'],
    ['a quotient familial of 100 000', 'fiscal', { quotientFamilial: 100000 }, 'quotientFamilial'],
    ['a decimal quotient familial', 'fiscal', { quotientFamilial: 512.5 }, 'quotientFamilial'],
    ['a CAF number of 6 digits', 'fiscal', { cafNumber: '123456' }, 'cafNumber'],
    ['a negative income', 'fiscal', { fiscalIncome: -1 }, 'fiscalIncome'],
    ['a quarter share', 'fiscal', { fiscalShares: 2.25 }, 'fiscalShares'],
    ['eleven shares', 'fiscal', { fiscalShares: 11 }, 'fiscalShares'],
    ['21 allergies', 'child_health', { ...health, allergies: Array.from({ length: 21 }, (_, i) => `allergie ${i}`) }, 'allergies'],
    ['notes of 1001 characters', 'child_health', { ...health, notes: 'n'.repeat(1001) }, 'notes'],
    ['a PAI that is not a yes or no', 'child_health', { ...health, pai: { active: 'oui', details: null } }, 'pai.active'],
  ];
  it.each(cases)('refuses %s with a French message, and writes nothing', async (_label, group, body, field) => {
    const family = await seedSignedFamily(ctx, town);
    const payload = group.startsWith('child_') ? { ...(body as object), childId: family.lea.id } : body;
    const res = await fileApi(ctx, town, family.token).group(group, payload);
    expect(res.status).toBe(422);
    const error = await res.json();
    expect(error.code).toBe('validation');
    expect(error.fields[field]).toEqual(expect.any(String));
    expect(error.fields[field]).not.toMatch(/Invalid|Expected|Unrecognized|Too (big|small)|received/);
    expect(await eventsOf(family.familyId)).toEqual([]);
    expect(await requestsOf(family.familyId)).toEqual([]);
  });

  it('answers 404 for a group that does not exist and for a child group without a child of the family', async () => {
    const family = await seedSignedFamily(ctx, town);
    const api = fileApi(ctx, town, family.token);
    expect((await api.group('password', {})).status).toBe(404);
    expect((await api.group('child_health', { ...health, childId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
  });
});

describe('groups the commune validates', () => {
  it('keeps a health change pending, sealed at rest, shown with old and new values, until the commune accepts it', async () => {
    const family = await seedSignedFamily(ctx, town);
    const api = fileApi(ctx, town, family.token);
    const res = await api.group('child_health', { ...health, childId: family.lea.id });
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer.status).toBe('pending');
    expect(answer.file.children[0].health.allergies).toEqual([]);
    expect(answer.file.pending).toHaveLength(1);
    const pending = answer.file.pending[0];
    expect(pending).toMatchObject({ group: 'child_health', childId: family.lea.id });
    expect(pending.fields.allergies).toEqual({ old: [], new: ['arachide', 'kiwi'] });
    expect(pending.fields.pai).toEqual({ old: { active: false, details: null }, new: health.pai });
    expect(Object.keys(pending.fields)).not.toContain('needsSupport');

    const [sealed] = await rawColumn(ctx, 'change_requests', 'values_sealed', 'family_id', family.familyId);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toMatch(/arachide|kiwi|adrénaline|Bernard/);
    const [event] = await eventsOf(family.familyId);
    expect(event).toMatchObject({ action: 'demande', fieldGroup: 'child_health', channel: 'internet' });
    expect(JSON.stringify(event)).not.toMatch(/arachide/);

    const staff = await seedStaff(ctx, town.tenant.id, 'agent');
    const queue = await listChangeRequests(ctx.deps, town.tenant.id, { familyId: family.familyId });
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ group: 'child_health', childName: 'Léa', groupLabel: 'Santé de l’enfant' });
    const decided = await decideChangeRequest(ctx.deps, town.tenant.id, staff.user.id, pending.id, 'accept');
    expect(decided.status).toBe('accepted');

    const file = await (await api.get()).json();
    expect(file.pending).toEqual([]);
    expect(file.children[0].health).toEqual(health);
    const [healthAtRest] = await rawColumn(ctx, 'children', 'health_sealed', 'id', family.lea.id);
    expect(healthAtRest).toMatch(/^v1\./);
    expect(healthAtRest).not.toMatch(/arachide|kiwi|Bernard/);

    const events = await eventsOf(family.familyId);
    expect(events.map((e) => [e.action, e.channel])).toEqual([
      ['demande', 'internet'],
      ['valide', 'mairie'],
    ]);
    expect(events[1].staffUserId).toBe(staff.user.id);

    await ctx.flushMail();
    const [mail] = ctx.mail.to(family.email);
    expect(mail.subject).toBe('Ville de Test – Demande de modification acceptée');
    expect(mail.text).toContain('« Santé de l’enfant » a été acceptée');
    expect(mail.text).not.toMatch(/arachide|kiwi/);

    await expect(decideChangeRequest(ctx.deps, town.tenant.id, staff.user.id, pending.id, 'refuse')).rejects.toMatchObject({ status: 409 });
  });

  it('refuses a fiscal change: the file stays as it was and the family is told why', async () => {
    const family = await seedSignedFamily(ctx, town);
    const api = fileApi(ctx, town, family.token);
    const answer = await (await api.group('fiscal', { quotientFamilial: 640, cafNumber: '1234567', fiscalIncome: 32000, fiscalShares: 2.5 })).json();
    expect(answer.status).toBe('pending');
    expect(answer.file.pending[0].fields.fiscalShares).toEqual({ old: null, new: 2.5 });
    const staff = await seedStaff(ctx, town.tenant.id, 'agent');
    await decideChangeRequest(ctx.deps, town.tenant.id, staff.user.id, answer.file.pending[0].id, 'refuse', 'Merci de joindre l’attestation CAF.');
    const file = await (await api.get()).json();
    expect(file.family).toMatchObject({ quotientFamilial: null, cafNumber: null, fiscalShares: null });
    expect(file.pending).toEqual([]);
    const [request] = await requestsOf(family.familyId);
    expect(request).toMatchObject({ status: 'refused', decidedBy: staff.user.id, decisionNote: 'Merci de joindre l’attestation CAF.' });
    await ctx.flushMail();
    const [mail] = ctx.mail.to(family.email);
    expect(mail.subject).toContain('refusée');
    expect(mail.text).toContain('Message de la mairie : Merci de joindre l’attestation CAF.');
    expect(mail.text).not.toContain('640');
  });

  it('replaces an earlier pending request of the same group instead of piling them up', async () => {
    const family = await seedSignedFamily(ctx, town);
    const api = fileApi(ctx, town, family.token);
    await api.group('fiscal', { quotientFamilial: 640 });
    const answer = await (await api.group('fiscal', { quotientFamilial: 700 })).json();
    expect(answer.file.pending).toHaveLength(1);
    expect(answer.file.pending[0].fields.quotientFamilial).toEqual({ old: null, new: 700 });
    expect(await requestsOf(family.familyId)).toHaveLength(1);
  });

  it('does not decide a request of another commune', async () => {
    const family = await seedSignedFamily(ctx, town);
    const answer = await (await fileApi(ctx, town, family.token).group('fiscal', { quotientFamilial: 640 })).json();
    const other = await seedTown(ctx);
    const staff = await seedStaff(ctx, other.tenant.id, 'admin');
    await expect(decideChangeRequest(ctx.deps, other.tenant.id, staff.user.id, answer.file.pending[0].id, 'accept')).rejects.toMatchObject({ status: 404 });
    const [request] = await requestsOf(family.familyId);
    expect(request.status).toBe('pending');
  });
});

describe('the commune’s policy', () => {
  it('overrides the defaults: health direct, identity validated', async () => {
    const strictTown = await seedTown(ctx, { child_health: 'direct', responsable: 'validation' });
    const family = await seedSignedFamily(ctx, strictTown);
    const api = fileApi(ctx, strictTown, family.token);
    const file = await (await api.get()).json();
    expect(file.policy).toMatchObject({ child_health: 'direct', responsable: 'validation', fiscal: 'validation', contact: 'direct' });

    const healthAnswer = await (await api.group('child_health', { ...health, childId: family.hugo.id })).json();
    expect(healthAnswer.status).toBe('applied');
    expect(healthAnswer.file.children[1].health.allergies).toEqual(['arachide', 'kiwi']);
    const [sealed] = await rawColumn(ctx, 'children', 'health_sealed', 'id', family.hugo.id);
    expect(sealed).not.toMatch(/arachide/);

    const identityAnswer = await (await api.group('responsable', identity)).json();
    expect(identityAnswer.status).toBe('pending');
    expect(identityAnswer.file.guardians.responsable).toBeNull();
    expect(identityAnswer.file.pending[0].fields.lastName).toEqual({ old: null, new: 'Martin' });
  });
});

describe('pickup persons', () => {
  const person = { firstName: 'Paul', lastName: 'Durand', relation: 'voisin', phone: '06 11 22 33 44', allowed: true };

  it('adds, changes and removes a person of one child, each in the history', async () => {
    const family = await seedSignedFamily(ctx, town);
    const api = fileApi(ctx, town, family.token);
    const added = await api.post(`/children/${family.lea.id}/pickup-persons`, { ...person, phone: '+33611223344' });
    expect(added.status).toBe(200);
    const addedFile = (await added.json()).file;
    const [paul] = addedFile.children[0].pickupPersons;
    expect(paul).toMatchObject({ ...person, phone: '06 11 22 33 44' });
    expect(addedFile.children[1].pickupPersons).toEqual([]);

    await api.post(`/children/${family.lea.id}/pickup-persons`, { ...person, firstName: 'Anne', lastName: 'Aubert', relation: 'tante' });
    const changed = await (await api.put(`/children/${family.lea.id}/pickup-persons/${paul.id}`, { ...person, allowed: false })).json();
    expect(changed.file.children[0].pickupPersons.map((p: { firstName: string; allowed: boolean }) => [p.firstName, p.allowed])).toEqual([
      ['Anne', true],
      ['Paul', false],
    ]);
    expect(changed.file.children[0].pickupPersons.find((p: { id: string }) => p.id === paul.id)).toBeTruthy();

    const removed = await (await api.delete(`/children/${family.lea.id}/pickup-persons/${paul.id}`)).json();
    expect(removed.file.children[0].pickupPersons.map((p: { firstName: string }) => p.firstName)).toEqual(['Anne']);
    const events = await eventsOf(family.familyId);
    expect(events.map((e) => e.action)).toEqual(['ajoute', 'ajoute', 'modifie', 'supprime']);
    expect(events.every((e) => e.fieldGroup === 'child_pickup' && e.childId === family.lea.id)).toBe(true);
  });

  it('refuses a bad phone, an unknown person and another family’s child', async () => {
    const family = await seedSignedFamily(ctx, town);
    const other = await seedSignedFamily(ctx, town);
    const api = fileApi(ctx, town, family.token);
    expect((await api.post(`/children/${family.lea.id}/pickup-persons`, { ...person, phone: '555' })).status).toBe(422);
    expect((await api.post(`/children/${family.lea.id}/pickup-persons`, { ...person, nickname: 'Paulo' })).status).toBe(422);
    expect((await api.post(`/children/${other.lea.id}/pickup-persons`, person)).status).toBe(404);
    expect((await api.delete(`/children/${family.lea.id}/pickup-persons/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    const otherPaul = (await (await fileApi(ctx, town, other.token).post(`/children/${other.lea.id}/pickup-persons`, person)).json()).file.children[0].pickupPersons[0];
    expect((await api.delete(`/children/${family.lea.id}/pickup-persons/${otherPaul.id}`)).status).toBe(404);
    expect((await api.delete(`/children/${other.lea.id}/pickup-persons/${otherPaul.id}`)).status).toBe(404);
    expect(await eventsOf(family.familyId)).toEqual([]);
  });

  it('follows the policy: successive additions gather in one pending request', async () => {
    const strictTown = await seedTown(ctx, { child_pickup: 'validation' });
    const family = await seedSignedFamily(ctx, strictTown);
    const api = fileApi(ctx, strictTown, family.token);
    expect((await (await api.post(`/children/${family.lea.id}/pickup-persons`, person)).json()).status).toBe('pending');
    const answer = await (await api.post(`/children/${family.lea.id}/pickup-persons`, { ...person, firstName: 'Anne' })).json();
    expect(answer.file.children[0].pickupPersons).toEqual([]);
    expect(answer.file.pending).toHaveLength(1);
    expect(answer.file.pending[0].fields.persons.new.map((p: { firstName: string }) => p.firstName)).toEqual(['Paul', 'Anne']);

    const staff = await seedStaff(ctx, strictTown.tenant.id, 'agent');
    await decideChangeRequest(ctx.deps, strictTown.tenant.id, staff.user.id, answer.file.pending[0].id, 'accept');
    const file = await (await api.get()).json();
    expect(file.children[0].pickupPersons.map((p: { firstName: string }) => p.firstName)).toEqual(['Anne', 'Paul']);
  });
});

describe('history', () => {
  it('lists the changes newest first with the child’s first name and field names, never values', async () => {
    ctx.clock.set('2026-09-07T08:00:00Z');
    const family = await seedSignedFamily(ctx, town);
    const api = fileApi(ctx, town, family.token);
    await api.group('responsable', identity);
    ctx.clock.set('2026-09-07T08:05:00Z');
    await api.group('child_health', { ...health, childId: family.hugo.id });
    ctx.clock.set('2026-09-07T08:10:00Z');
    await api.post(`/children/${family.lea.id}/pickup-persons`, { firstName: 'Paul', lastName: 'Durand', relation: 'voisin', phone: '0611223344' });

    const res = await api.get('/history');
    expect(res.status).toBe(200);
    const history = await res.json();
    expect(history.map((h: { group: string; action: string; childName?: string }) => [h.group, h.action, h.childName ?? null])).toEqual([
      ['child_pickup', 'ajoute', 'Léa'],
      ['child_health', 'demande', 'Hugo'],
      ['responsable', 'modifie', null],
    ]);
    expect(history[0]).toMatchObject({ at: '2026-09-07T08:10:00.000Z', channel: 'internet', fields: ['persons'], groupLabel: 'Personnes autorisées' });
    expect(history[1].fields).toEqual(expect.arrayContaining(['allergies', 'pai.active', 'doctorName']));
    const text = JSON.stringify(history);
    expect(text).not.toMatch(/arachide|Bernard|Durand|Lilas|69003/);

    const other = await seedSignedFamily(ctx, town);
    expect(await (await fileApi(ctx, town, other.token).get('/history')).json()).toEqual([]);
  });
});

describe('decisions are written with their mail', () => {
  it('queues the mail in the decision’s transaction', async () => {
    const family = await seedSignedFamily(ctx, town);
    const answer = await (await fileApi(ctx, town, family.token).group('fiscal', { quotientFamilial: 640 })).json();
    const staff = await seedStaff(ctx, town.tenant.id, 'agent');
    await decideChangeRequest(ctx.deps, town.tenant.id, staff.user.id, answer.file.pending[0].id, 'accept');
    const queued = await database.db.select().from(outbox).where(and(eq(outbox.tenantId, town.tenant.id), eq(outbox.recipient, family.email)));
    expect(queued).toHaveLength(1);
    expect((await (await fileApi(ctx, town, family.token).get()).json()).family.quotientFamilial).toBe(640);
  });
});
